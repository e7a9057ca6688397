"""Load Vietnam's administrative units (both structures) and the crosswalk; safe to re-run."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.areas.errors import AreasError
from cancuoc.areas.loader import load_units


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính (34 tỉnh từ 01/7/2025 và 63 tỉnh trước đó) từ gói vietnamadminunits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, **options):
        try:
            report = load_units(actor=Actor.system("load_units", channel=Channel.CLI))
        except AreasError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(report.summary())
