"""`cancuoc demo`: prepare a living district on first run (units, population, users), then serve."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from cancuoc.areas.loader import load_units
from cancuoc.areas.models import Unit
from cancuoc.registry.models import Person
from cancuoc.reports.demo import DEMO_PROVINCE_CODE, demo_actor, demo_units, ensure_demo_users
from cancuoc.reports.demo_activity import seed_activity
from cancuoc.rules.numbers import format_number_vi as _vi


class Command(BaseCommand):
    help = "Chuẩn bị địa bàn mẫu (đơn vị hành chính, dân cư, người dùng) rồi chạy giao diện web."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=50_000, help="số dân mẫu (lần đầu)")
        parser.add_argument("--communes", type=int, default=4, help="số xã/phường mẫu")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--no-serve", action="store_true", help="chỉ chuẩn bị, không chạy web")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, **opts):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        if not Unit.objects.exists():
            self.stdout.write("Nạp đơn vị hành chính (34 tỉnh, 3.321 xã và cấu trúc cũ)…")
            load_units(actor=demo_actor())
        first_run = not Person.objects.exists()
        if first_run:
            self.stdout.write(f"Tạo {_vi(opts['people'])} dân cư mẫu tại tỉnh Đồng Nai…")
            call_command(
                "synth",
                people=opts["people"],
                seed=opts["seed"],
                db=True,
                province=DEMO_PROVINCE_CODE,
                commune_count=opts["communes"],
            )
        users = ensure_demo_users()
        if first_run:
            self.stdout.write("Cán bộ mẫu làm việc: phiếu DC01, DC02, khai sinh, chuyển đến…")
            done = seed_activity(demo_units(), today=timezone.localdate(), seed=opts["seed"])
            self.stdout.write(
                f"  {_vi(done['dc01_collected'])} phiếu DC01 ({_vi(done['dc01_verified'])} đã "
                f"phúc tra), {done['dc02_submitted']} phiếu DC02, {done['births']} khai sinh, "
                f"{done['moves']} chuyển đi, 1 danh sách nhập có {done['import_refused']} dòng lỗi"
            )
        self.stdout.write(f"\nSẵn sàng sau {time.monotonic() - started:.1f} giây. Tài khoản mẫu:")
        for spec, unit in users:
            self.stdout.write(f"  {spec.username:<16} {spec.password:<18} {spec.role:<20} {unit}")
        if not opts["no_serve"]:
            call_command("serve", opts["addrport"])
