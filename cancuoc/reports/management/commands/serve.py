"""`cancuoc serve [ADDR:PORT]`: apply migrations, then serve the web UI."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cancuoc.registry.fastload import restore_schema


class Command(BaseCommand):
    help = "Chạy giao diện web (mặc định http://127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if restored := restore_schema():  # a bulk load killed half-way left indexes dropped
            self.stdout.write(f"Đã dựng lại {restored} chỉ mục của lần nạp dữ liệu bị ngắt.")
        self.stdout.write(f"Giao diện web: http://{addrport}/  (Ctrl+C để dừng)")
        call_command("runserver", addrport, use_reloader=False, use_threading=True)
