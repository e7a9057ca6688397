"""`cancuoc run_export JOB_ID`: build a queued export (started by the people list page), then
any export queued meanwhile."""

from django.core.management.base import BaseCommand, CommandError

from cancuoc.registry.exports.jobs import run_export_queue
from cancuoc.registry.exports.models import ExportJob


class Command(BaseCommand):
    help = "Tạo tệp Excel của một lần xuất danh sách đang chờ."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, **options):
        job = ExportJob.objects.filter(pk=options["job_id"]).first()
        if job is None:
            raise CommandError(f"Không có lần xuất #{options['job_id']}.")
        job = run_export_queue(job)  # then the jobs queued meanwhile
        self.stdout.write(
            f"Lần xuất #{job.pk}: {job.get_status_display()}, {job.rows_written} dòng"
        )
