"""`cancuoc audit verify`: check the hash chain of the audit trail."""

import json

from django.core.management.base import BaseCommand, CommandError

from cancuoc.accounts.audit import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký (audit verify)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        report = verify_chain()
        if options["json"]:
            out = {"ok": report.ok, "checked": report.checked, "broken_seq": report.broken_seq,
                   "problem": report.problem}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        elif report.ok:
            self.stdout.write(f"Nhật ký toàn vẹn: đã kiểm tra {report.checked} bản ghi.")
        if not report.ok:
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ tại bản ghi số {report.broken_seq}: {report.problem}"
            )
