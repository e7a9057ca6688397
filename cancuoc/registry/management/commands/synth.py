"""`cancuoc synth`: a realistic synthetic population with labelled defects.

cancuoc synth --people 100000 --seed 3 --out people.csv --truth truth.csv
cancuoc synth --people 1000000 --seed 3 --db --truth truth.csv --json
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.areas.models import Unit
from cancuoc.lib.domain import DomainError
from cancuoc.registry.bulk import DEFAULT_BATCH_SIZE, BulkWriteError
from cancuoc.registry.models import Person
from cancuoc.registry.synth.generator import DEFAULT_AS_OF, Population, SynthConfig
from cancuoc.registry.synth.geography import DEFAULT_PROVINCE, load_geography
from cancuoc.registry.synth.run import synthesize
from cancuoc.rules.dates import format_date_vi
from cancuoc.rules.numbers import format_number_vi as _n


class Command(BaseCommand):
    help = "Tạo dân cư giả lập (CSV theo mẫu nhập và/hoặc ghi thẳng vào cơ sở dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="số người cần tạo")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
        parser.add_argument("--out", type=Path, help="tệp CSV theo mẫu nhập danh sách")
        parser.add_argument("--truth", type=Path, help="tệp CSV ghi các lỗi đã cài sẵn")
        parser.add_argument("--db", action="store_true", help="ghi thẳng vào cơ sở dữ liệu")
        parser.add_argument("--province", default=DEFAULT_PROVINCE, help="mã tỉnh (mặc định 75)")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--communes", help="các mã xã/phường, cách nhau bằng dấu phẩy")
        group.add_argument("--commune-count", type=int, help="số xã/phường")
        parser.add_argument("--as-of", help="ngày tham chiếu YYYY-MM-DD (mặc định 2026-11-22)")
        parser.add_argument("--prefix", default="SYN", help="tiền tố mã hồ sơ (mặc định SYN)")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="số tiến trình tạo song song (mặc định 2)",
        )
        parser.add_argument(
            "--no-fast-load",
            action="store_true",
            help="không dựng lại chỉ mục một lần khi các bảng đang trống",
        )
        parser.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON")

    def handle(self, *args, **o):
        if not o["out"] and not o["db"]:
            raise CommandError("Cần --out TỆP.csv hoặc --db (hoặc cả hai).")
        if o["people"] < 1:
            raise CommandError("--people phải là số nguyên dương.")
        if not 1 <= len(o["prefix"]) <= 10 or not o["prefix"].isalnum():
            raise CommandError("--prefix gồm 1–10 chữ cái hoặc chữ số.")
        as_of = _as_of(o["as_of"])
        actor = Actor.system("cancuoc synth", channel=Channel.CLI)
        self._ensure_units(actor, quiet=o["json"])
        if o["db"] and Person.objects.filter(record_id__startswith=f"{o['prefix']}-").exists():
            raise CommandError(
                f"Cơ sở dữ liệu đã có hồ sơ giả lập mã {o['prefix']}-…: dùng --prefix khác."
            )
        try:
            geography = load_geography(
                people=o["people"], seed=o["seed"], province_code=o["province"],
                commune_codes=[c.strip() for c in o["communes"].split(",") if c.strip()]
                if o["communes"] else None,
                commune_count=o["commune_count"],
            )  # fmt: skip
            config = SynthConfig(people=o["people"], seed=o["seed"], as_of=as_of,
                                 prefix=o["prefix"])  # fmt: skip
            with _progress(o["people"], enabled=sys.stdout.isatty() and not o["json"]) as bar:
                result = synthesize(Population(config, geography), actor=actor, out=o["out"],
                                    truth=o["truth"], db=o["db"], batch_size=o["batch_size"],
                                    workers=o["workers"], fast=not o["no_fast_load"],
                                    progress=bar)  # fmt: skip
        except BulkWriteError as exc:
            raise CommandError(exc.reason) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp: {exc}") from exc
        summary = {
            **result.as_dict(),
            "seed": o["seed"],
            "as_of": as_of.isoformat(),
            "province": o["province"],
            "communes": [p.code for p in geography.communes],
        }
        if o["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(_describe(summary, as_of))

    def _ensure_units(self, actor: Actor, *, quiet: bool) -> None:
        if Unit.objects.exists():
            return
        from cancuoc.areas.loader import load_units

        report = load_units(actor=actor)
        if not quiet:
            self.stdout.write(report.summary())


def _as_of(text: str | None) -> date:
    if not text:
        return DEFAULT_AS_OF
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of “{text}” không hợp lệ: ghi theo dạng YYYY-MM-DD.") from None



def _describe(s: dict, as_of: date) -> str:
    lines = [
        f"Đã tạo {_n(s['people'])} người ({_n(s['defects_total'])} lỗi cài sẵn) tại "
        f"{len(s['communes'])} xã/phường của tỉnh mã {s['province']}, tính đến ngày "
        f"{format_date_vi(as_of)}: {_n(float(s['seconds']))} giây, "
        f"{_n(s['people_per_second'])} người/giây ({_n(s['rows_per_second'])} dòng/giây)."
    ]
    if s["database"]:
        db = s["database"]
        lines.append(
            f"Cơ sở dữ liệu: {_n(db['people'])} người, {_n(db['households'])} hộ, "
            f"{_n(db['residences'])} nơi cư trú, {_n(db['documents'])} giấy tờ, "
            f"{_n(db['relatives'])} thân nhân, {db['batches']} lô."
        )
    lines += [f"Tệp: {f}" for f in s["files"]]
    return "\n".join(lines)


class _progress:
    """A rich progress bar on a terminal; a no-op callable otherwise."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.enabled, self.bar, self.task = total, enabled, None, None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress("[progress.description]{task.description}", BarColumn(),
                            MofNCompleteColumn(), TimeRemainingColumn())  # fmt: skip
        self.bar.start()
        self.task = self.bar.add_task("Tạo dân cư", total=self.total)
        return lambda n: self.bar.advance(self.task, n)

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()
