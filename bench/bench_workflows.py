"""Benchmark the register workflows on a synthetic province; prints one JSON object.

    .venv/bin/python bench/bench_workflows.py                       # 200,000 people, both engines
    .venv/bin/python bench/bench_workflows.py --people 50000 --engines postgresql

The register is built once per engine with the synthetic generator (registry.synth, which plants
ID-number defects with ground truth) and the bulk writer, then reused: PostgreSQL in the scratch
database cancuoc_bench_workflows_<people>, SQLite in bench/out/workflows_sqlite_<people>/.
Measured, in the most populous province:
- detection of wrong-structure ID numbers (SQL filter + rules explanation), with precision and
  recall against the generator's truth;
- DC01 coverage per commune, after bulk-adding DC01 forms for 60% of living people (half
  verified);
- the Excel report upward (all cases of the province);
- service latency: re-establishing numbers, recording a DC01 for a new person, a DC02 form
  filed, approved and applied.
Timings are wall clock on a shared 2-core machine: expect noise.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_parser, ensure_register, run_per_engine  # noqa: E402

ID_DEFECTS = ("id_wrong_year", "id_wrong_sex", "id_unknown_province")


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, round((time.perf_counter() - started) * 1000, 1)


def _p50(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"n": len(ms), "p50_ms": round(statistics.median(ordered), 1),
            "max_ms": round(ordered[-1], 1)}  # fmt: skip


def _province():
    from django.db.models import Count

    from cancuoc.registry.models import Person

    row = Person.objects.values("province").annotate(n=Count("pk")).order_by("-n").first()
    return row["province"], row["n"]


def _truth(people: int, seed: int) -> set[str]:
    """record_ids the generator gave a wrong-structure number (regenerated, not written)."""
    from cancuoc.registry.synth.generator import Population, SynthConfig
    from cancuoc.registry.synth.geography import load_geography

    population = Population(SynthConfig(people=people, seed=seed),
                            load_geography(people=people, seed=seed))  # fmt: skip
    for _record in population:
        pass
    return {t.record_id for t in population.truth if t.defect in ID_DEFECTS}


def _detection(scope, truth: set[str]) -> dict:
    from cancuoc.registry.models import Person
    from cancuoc.registry.workflows.queries import pending_id_number_cases

    cases, ms = _timed(pending_id_number_cases, scope)
    found = {c.person.record_id for c in cases}
    # People re-established by an earlier run of this bench no longer carry the defect.
    planted = Person.objects.filter(scope.q(), record_id__in=truth, id_number_changes=None)
    in_scope = set(planted.values_list("record_id", flat=True))
    hits = len(found & in_scope)
    return {"ms": ms, "cases": len(cases), "planted_in_province": len(in_scope),
            "precision": round(hits / len(found), 3) if found else None,
            "recall": round(hits / len(in_scope), 3) if in_scope else None}  # fmt: skip


def _bench_user():
    from cancuoc.accounts.models import Agency, User
    from cancuoc.areas.models import Unit

    def officer(name, role):
        unit = Unit.objects.filter(level="province", scheme="v2025").first()
        agency, _ = Agency.objects.get_or_create(name="Bench PC06", kind="province_police",
                                                 unit=unit)  # fmt: skip
        user, _ = User.objects.get_or_create(
            username=name, defaults={"role": role, "agency": agency}
        )
        return user

    return officer("bench_officer", "provincial_officer"), officer(
        "bench_head", "provincial_officer"
    )


def _seed_collections(province_id: int, collector) -> int:
    """DC01 forms for 60% of living people of the province, half of them verified (bulk)."""
    from django.utils import timezone

    from cancuoc.registry.models import Person
    from cancuoc.registry.workflows.models import Collection

    if Collection.objects.filter(province_id=province_id).exists():
        return Collection.objects.filter(province_id=province_id).count()
    alive = Person.objects.filter(province_id=province_id, status="alive")
    rows = alive.values_list("pk", "unit_id").order_by("pk").iterator(chunk_size=20000)
    batch, made, now = [], 0, timezone.now()
    for n, (pk, unit_id) in enumerate(rows):
        if n % 5 >= 3:
            continue
        verified = n % 5 == 0
        batch.append(Collection(
            person_id=pk, unit_id=unit_id, province_id=province_id, source="direct",
            collected_on=dt.date(2025, 8, 1), collector=collector,
            status="verified" if verified else "pending",
            verifier=collector if verified else None, verified_at=now if verified else None,
        ))  # fmt: skip
        if len(batch) >= 5000:
            made += len(Collection.objects.bulk_create(batch))
            batch = []
    return made + len(Collection.objects.bulk_create(batch))


def _services(scope, officer, head, rounds: int) -> dict:
    from cancuoc.accounts.actor import Actor
    from cancuoc.registry.models import Person
    from cancuoc.registry.workflows import collection, corrections, idnumbers
    from cancuoc.registry.workflows.queries import pending_id_number_cases

    actor, boss = Actor.for_user(officer), Actor.for_user(head)
    report = {}
    cases = pending_id_number_cases(scope, limit=rounds)
    report["reestablish_id_number"] = _p50([
        _timed(idnumbers.reestablish_id_number, c.person, reason="bench", actor=actor)[1]
        for c in cases])  # fmt: skip
    commune = Person.objects.filter(scope.q()).values_list("unit", flat=True).first()
    from cancuoc.areas.models import Unit

    unit = Unit.objects.get(pk=commune)
    report["record_collection_new_person"] = _p50([_timed(
        collection.record_collection, None, unit=unit, source="direct",
        collected_on=dt.date(2025, 9, 1), actor=actor,
        declared={"full_name": f"Bench Thu Thập {chr(65 + n % 26)}", "birth_date": "1990",
                  "sex": "Nam", "permanent_address": "Tổ 1"})[1]
        for n in range(rounds)])  # fmt: skip
    people = list(Person.objects.filter(scope.q(), status="alive")[:rounds])
    times = []
    for n, person in enumerate(people):
        started = time.perf_counter()
        request = corrections.submit_correction(
            person, changes=[("phone", f"09{n:08d}")], document_ref="bench", reason="bench",
            actor=actor)  # fmt: skip
        corrections.approve_correction(request, actor=boss)
        corrections.apply_correction(request, actor=actor)
        times.append((time.perf_counter() - started) * 1000)
    report["dc02_submit_approve_apply"] = _p50(times)
    return report


def worker(args) -> dict:
    from django.db import connection

    from cancuoc.accounts.scope import Scope
    from cancuoc.areas.models import Unit
    from cancuoc.registry.workflows.exports import id_number_workbook
    from cancuoc.registry.workflows.queries import collection_coverage

    build = ensure_register(args.people, args.seed, label="bench_workflows")
    province_id, province_people = _province()
    scope = Scope(province_id=province_id)
    officer, head = _bench_user()
    report = {"engine": connection.vendor, **build, "province_people": province_people}
    report["detect_wrong_id_numbers"] = _detection(scope, _truth(args.people, args.seed))
    report["dc01_forms_seeded"] = _seed_collections(province_id, officer)
    rows, ms = _timed(collection_coverage, scope)
    report["dc01_coverage"] = {"ms": ms, "communes": len(rows),
                               "verified": sum(r.verified for r in rows),
                               "alive": sum(r.alive for r in rows)}  # fmt: skip
    area = Unit.objects.get(pk=province_id)
    book, ms = _timed(id_number_workbook, scope, area=area, agency=None, on=dt.date.today())
    report["excel_report"] = {"ms": ms, "rows": book.rows}
    report["services"] = _services(scope, officer, head, args.rounds)
    return report


def main() -> None:
    parser = bench_parser(__doc__, name="workflows", people=200_000)
    parser.add_argument("--rounds", type=int, default=20, help="calls per service timed")
    run_per_engine(parser, name="workflows", script=__file__, worker=worker,
                   summary=lambda args: {"bench": "workflows", "people": args.people})  # fmt: skip


if __name__ == "__main__":
    main()
