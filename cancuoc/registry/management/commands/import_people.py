"""`cancuoc import people FILE [--unit CODE] [--json] [--report ERRORS.xlsx]`."""

from django.core.management.base import BaseCommand, CommandError

from cancuoc.registry.imports.cli import import_people, print_result
from cancuoc.registry.imports.models import ImportJob


class Command(BaseCommand):
    help = "Nhập danh sách công dân từ tệp CSV hoặc Excel .xlsx (chạy lại để tiếp tục)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .csv (UTF-8) hoặc .xlsx")
        parser.add_argument(
            "--unit", help="mã tỉnh hoặc xã/phường: mọi dòng phải thuộc địa bàn này"
        )
        parser.add_argument("--json", action="store_true", help="kết quả dạng JSON")
        parser.add_argument("--report", help="ghi báo cáo lỗi Excel vào tệp này")
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="số tiến trình kiểm tra dữ liệu song song (tệp từ 20.000 dòng)",
        )

    def handle(self, *args, **options):
        job = import_people(
            options["file"],
            unit_code=options["unit"],
            stderr=self.stderr,
            show_progress=not options["json"],
            workers=options["workers"],
        )
        print_result(job, stdout=self.stdout, as_json=options["json"], report=options["report"])
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.message)
