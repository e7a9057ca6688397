"""Benchmark the administrative-units loader and lookups; prints one JSON object.

    .venv/bin/python bench/bench_units.py                       # fresh SQLite in a temp dir
    .venv/bin/python bench/bench_units.py --database-url postgres://postgres@127.0.0.1:5432/x

With --database-url the database must be a scratch one: it is migrated and units are loaded.
Figures are wall-clock on a shared machine: expect noise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["CANCUOC_DATA_DIR"] = tempfile.mkdtemp(prefix="bench_units_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancuoc.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def _count_resolved(resolver, texts) -> int:
    from cancuoc.areas.errors import AreasError

    resolved = 0
    for text in texts:
        try:
            resolver(text)
            resolved += 1
        except AreasError:
            pass
    return resolved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    args = parser.parse_args()
    _setup(args.database_url)

    from django.db import connection

    from cancuoc.accounts.actor import Actor
    from cancuoc.areas.errors import AreasError
    from cancuoc.areas.loader import load_units
    from cancuoc.areas.models import Unit
    from cancuoc.areas.queries import UnitResolver, find_units, resolve_unit
    from cancuoc.rules.names import fold

    actor = Actor.system("bench")
    first, first_s = _timed(load_units, actor=actor)
    _, second_s = _timed(load_units, actor=actor)

    on = dt.date(2025, 9, 1)
    communes = list(Unit.objects.filter(scheme="v2025", level="commune").select_related("province"))
    texts = [f"{u.name}, {u.province.name}" for u in communes]
    resolver, build_s = _timed(UnitResolver, on=on)
    resolved = errors = 0
    started = time.perf_counter()
    for text in texts:
        try:
            resolver(text)
            resolved += 1
        except AreasError:
            errors += 1
    memory_s = time.perf_counter() - started
    folded_ok = _count_resolved(resolver, [fold(t) for t in texts])
    legacy = Unit.objects.filter(scheme="legacy63", level="commune").select_related(
        "parent", "province"
    )
    legacy_texts = [f"{u.full_name}, {u.parent.name}, {u.province.name}" for u in legacy]
    legacy_ok = _count_resolved(UnitResolver(on=dt.date(2024, 1, 1)), legacy_texts)
    sample = texts[:300]
    started = time.perf_counter()
    for text in sample:
        try:
            resolve_unit(text, on=on)
        except AreasError:
            pass
    db_s = time.perf_counter() - started
    started = time.perf_counter()
    for query in ["trang dai", "bien hoa", "tan phu", "phuong 1", "25993"] * 20:
        find_units(query)
    find_s = time.perf_counter() - started

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "units": first.total_units,
                "links": first.total_links,
                "first_load_s": round(first_s, 2),
                "second_load_s": round(second_s, 2),
                "current_communes_resolved_by_name_and_province": resolved,
                "resolve_errors": errors,
                "current_communes_resolved_without_diacritics": folded_ok,
                "legacy_communes": len(legacy_texts),
                "legacy_communes_resolved_by_kind_name_district_province": legacy_ok,
                "resolver_build_s": round(build_s, 2),
                "resolver_us_per_row": round(memory_s / len(texts) * 1e6, 1),
                "resolve_unit_ms_per_call": round(db_s / len(sample) * 1e3, 2),
                "find_units_ms_per_call": round(find_s / 100 * 1e3, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
