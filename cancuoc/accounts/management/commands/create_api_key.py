"""`cancuoc create_api_key --agency-id N --name "..."`: issue a partner key, print it once."""

import json

from django.core.management.base import BaseCommand, CommandError

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.keys import ApiKeyError, issue_api_key
from cancuoc.accounts.models import Agency


class Command(BaseCommand):
    help = "Cấp khóa API cho một cơ quan đối tác; bí mật chỉ được in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("--agency-id", type=int, required=True, help="mã (id) cơ quan")
        parser.add_argument("--name", required=True, help="tên khóa, ví dụ hệ thống sử dụng")
        parser.add_argument("--daily-quota", type=int, default=10_000, help="lượt gọi mỗi ngày")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(pk=options["agency_id"]).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan mã {options['agency_id']}.")
        actor = Actor.system("create_api_key", channel=Channel.CLI)
        try:
            issued = issue_api_key(
                agency, name=options["name"], daily_quota=options["daily_quota"], actor=actor
            )
        except ApiKeyError as exc:
            raise CommandError(exc.message) from None
        if options["json"]:
            out = {
                "id": issued.key.pk,
                "prefix": issued.key.prefix,
                "agency_id": agency.pk,
                "daily_quota": issued.key.daily_quota,
                "token": issued.token,
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"Đã cấp khóa API {issued.key.prefix} cho “{agency}”.")
        self.stdout.write("Khóa (chỉ hiển thị một lần, gửi trong tiêu đề X-API-Key):")
        self.stdout.write(issued.token)
