"""`cancuoc export people [--unit CODE] [--q TEXT] [--format xlsx|csv] --out FILE [--json]`."""

import json

from django.core.management.base import BaseCommand

from cancuoc.registry.exports.cli import export_people


class Command(BaseCommand):
    help = "Xuất danh sách: cancuoc export people [--unit MÃ] [--q TỪ KHÓA] --out TỆP."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="people")
        people = kinds.add_parser("people", help="danh sách công dân (Excel .xlsx hoặc CSV)")
        people.add_argument("--unit", help="mã tỉnh hoặc xã/phường (mặc định: toàn quốc)")
        people.add_argument("--q", default="", help="họ tên, số định danh, số CMND, số hộ...")
        people.add_argument("--format", choices=["xlsx", "csv"], help="mặc định theo đuôi tệp")
        people.add_argument("--out", required=True, help="tệp sẽ ghi (.xlsx hoặc .csv)")
        people.add_argument("--json", action="store_true", help="kết quả dạng JSON")

    def handle(self, *args, **options):
        result = export_people(
            out=options["out"], unit_code=options["unit"], text=options["q"],
            fmt=options["format"],
        )  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                f"Đã xuất {result['rows']} công dân vào {result['file']} "
                f"({result['format']}, {result['seconds']} giây)."
            )
