"""Benchmark the register's name search on a province-sized register; prints one JSON object.

    .venv/bin/python bench/bench_search.py                        # 1,000,000 people, both engines
    .venv/bin/python bench/bench_search.py --people 50000 --engines sqlite

For each engine the register is built once with the synthetic generator (registry.synth) and
the bulk writer (registry.bulk), then reused by later runs: SQLite in
bench/out/search_sqlite_<people>/, PostgreSQL in the scratch database cancuoc_bench_search_<people>
(created if missing; --database-url and --sqlite-dir override).

Queries: `--queries` people drawn at random; each name is typed without diacritics as the full
name, surname + given name, or the given name alone (in turn), searched within the province or
within the person's commune (in turn) with `search_people(..., limit=50)`. The baseline is the
naive `full_name ICONTAINS text` over the same scope, run on a subset because each one scans.
`found` is the share of queries whose person is among the 50 results (a given name alone in a
province of a million matches thousands, so it is low there by nature). Timings are wall clock on a
shared 2-core machine: expect noise.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_parser, ensure_register, run_per_engine  # noqa: E402

KINDS = ("full", "surname_given", "given")


def _queries(n: int, seed: int) -> list[dict]:
    """n people at random, each with a query text (no diacritics) and a scope."""
    from django.db.models import Count, Max, Min

    from cancuoc.accounts.scope import Scope
    from cancuoc.registry.models import Person
    from cancuoc.rules.names import fold

    rng = random.Random(seed)
    # The generated province (a few records are managed elsewhere: moves, defects).
    main = Person.objects.values("province_id").annotate(n=Count("pk")).order_by("-n")[0]
    people = Person.objects.filter(province_id=main["province_id"])
    bounds = people.aggregate(lo=Min("pk"), hi=Max("pk"))
    picked: dict[int, tuple] = {}
    while len(picked) < n:
        ids = [rng.randint(bounds["lo"], bounds["hi"]) for _ in range(n * 2)]
        rows = people.filter(pk__in=ids).values_list("pk", "full_name", "unit_id", "province_id")
        for row in rows:
            if len(picked) < n:
                picked[row[0]] = row
    queries = []
    for i, (pk, full_name, unit_id, province_id) in enumerate(sorted(picked.values())):
        words = fold(full_name).split()
        kind = KINDS[i % 3] if len(words) > 1 else "given"
        text = {"full": " ".join(words), "surname_given": f"{words[0]} {words[-1]}",
                "given": words[-1]}[kind]  # fmt: skip
        by_commune = i % 2 == 1
        scope = (
            Scope(commune_ids=frozenset({unit_id}))
            if by_commune
            else Scope(province_id=province_id)
        )
        queries.append({"pk": pk, "text": text, "kind": kind, "scope": scope,
                        "scope_kind": "commune" if by_commune else "province"})  # fmt: skip
    return queries


def _stats(ms: list[float]) -> dict:
    if not ms:
        return {}
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(ms), "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(p95, 1), "max_ms": round(ordered[-1], 1),
            "mean_ms": round(statistics.fmean(ordered), 1)}  # fmt: skip


def _run(queries: list[dict], search) -> tuple[list[float], list[bool]]:
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        people = search(q)
        times.append((time.perf_counter() - started) * 1000)
        found.append(any(p.pk == q["pk"] for p in people))
    return times, found


def _measure(queries: list[dict], baseline_n: int) -> dict:
    from cancuoc.registry.queries import people_in_scope, search_people

    def ours(q):
        return search_people(q["scope"], q["text"], limit=50)

    def naive(q):
        return list(people_in_scope(q["scope"]).filter(full_name__icontains=q["text"])[:50])

    _run(queries[:10], ours)  # warm the caches the way a running server has them
    times, found = _run(queries, ours)
    report = {"search": _stats(times) | {"found": _share(found)}}
    for key in (*KINDS, "province", "commune"):
        picked = [i for i, q in enumerate(queries) if key in (q["kind"], q["scope_kind"])]
        report[f"search_{key}"] = _stats([times[i] for i in picked]) | {
            "found": _share([found[i] for i in picked])
        }
    report["list_pages"] = _list_pages(queries)
    base_times, base_found = _run(queries[:baseline_n], naive)
    report["baseline_icontains"] = _stats(base_times) | {"found": _share(base_found)}
    return report


def _list_pages(queries: list[dict]) -> dict:
    """The people list without a search: median ms of a first and a 20th page, per scope."""
    from cancuoc.registry.queries import list_people

    province = next(q["scope"] for q in queries if q["scope_kind"] == "province")
    commune = next(q["scope"] for q in queries if q["scope_kind"] == "commune")
    report = {}
    for name, scope in (("province", province), ("commune", commune)):
        for page in (1, 20):
            times = []
            for _ in range(5):
                started = time.perf_counter()
                list_people(scope, page=page)
                times.append((time.perf_counter() - started) * 1000)
            report[f"{name}_page{page}_ms"] = round(statistics.median(times), 1)
    return report


def _share(flags: list[bool]) -> float | None:
    """Share of queries whose person was among the (at most 50) results."""
    return round(sum(flags) / len(flags), 3) if flags else None


def worker(args) -> dict:
    from django.db import connection

    build = ensure_register(args.people, args.seed, label="bench_search")
    queries = _queries(args.queries, args.seed)
    return {"engine": connection.vendor, **build, **_measure(queries, args.baseline)}


def main() -> None:
    parser = bench_parser(__doc__, name="search", people=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=30, help="baseline queries (each scans)")
    run_per_engine(parser, name="search", script=__file__, worker=worker, summary=lambda args: {
        "bench": "search", "people": args.people, "queries": args.queries, "target_p95_ms": 100,
    })  # fmt: skip


if __name__ == "__main__":
    main()
