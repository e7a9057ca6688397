"""`cancuoc run_import JOB_ID` (started by the upload page) or `cancuoc run_import --pending`."""

from django.core.management.base import BaseCommand, CommandError

from cancuoc.registry.imports.cli import print_result, run_job
from cancuoc.registry.imports.models import ImportJob
from cancuoc.registry.imports.services import can_resume


class Command(BaseCommand):
    help = "Chạy hoặc chạy tiếp một lần nhập danh sách (--pending: mọi lần nhập bị gián đoạn)."

    def add_arguments(self, parser):
        parser.add_argument("job_id", nargs="?", type=int)
        parser.add_argument("--pending", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["pending"]:
            jobs = [
                j for j in ImportJob.objects.exclude(status=ImportJob.Status.DONE) if can_resume(j)
            ]
        elif options["job_id"]:
            jobs = list(ImportJob.objects.filter(pk=options["job_id"]))
            if not jobs:
                raise CommandError(f"Không có lần nhập #{options['job_id']}.")
        else:
            raise CommandError("Ghi số lần nhập (JOB_ID) hoặc --pending.")
        for job in jobs:
            job = run_job(job, stderr=self.stderr, show_progress=False)
            print_result(job, stdout=self.stdout, as_json=options["json"], report=None)
