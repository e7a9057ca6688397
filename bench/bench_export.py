"""Benchmark the people-list export (registry.exports); prints one JSON object.

    .venv/bin/python bench/bench_export.py                        # 100,000 people, both engines
    .venv/bin/python bench/bench_export.py --people 20000 --engines sqlite

The register is built once per engine with the synthetic generator and the bulk writer, then
reused: PostgreSQL in the scratch database cancuoc_bench_export_<people>, SQLite in
bench/out/export_sqlite_<people>/. Measured on the most populous province's list (what a PC06
officer exports), each variant in its own forked process so its memory is its own:
- xlsx: the export as shipped (openpyxl write-only, people read in chunks of 2,000 with their
  residences, relatives and documents fetched per chunk);
- csv: the streamed CSV (UTF-8 BOM), written to a file as a response would send it;
- naive_xlsx / naive_csv, the baseline: the same rows built with ORM instances and
  prefetch_related, per-row attribute access, an ordinary (not write-only) workbook or one
  string holding the whole CSV. Run on the first --naive-people rows only, because an
  ordinary workbook of a province would take gigabytes.
For each: seconds, rows/s, peak RSS growth of the process (MB), output size (MB).
Timings are wall clock on a shared 2-core machine: expect noise.

Results (22/11/2026, 100,000 people, province list of 94,996; rows/s, peak RSS growth):
  SQLite      xlsx 1,263/s 20 MB | csv 10,918/s 22 MB | naive xlsx 926/s 520 MB and csv
              2,830/s 346 MB for only 20,000 rows
  PostgreSQL  xlsx 1,760/s 22 MB | csv 7,868/s 23 MB | naive xlsx 967/s 515 MB, csv 2,665/s
              358 MB (20,000 rows)
Results (01/12/2026, a VM about twice as fast, xlsx written through lxml), same sizes:
  SQLite      xlsx 5,907/s 7 MB | csv 24,323/s 6 MB | naive xlsx 1,704/s 460 MB, csv 4,266/s
  PostgreSQL  xlsx 5,355/s 8 MB | csv 16,362/s 7 MB | naive xlsx 1,659/s 454 MB, csv 4,083/s
The .xlsx time is openpyxl's per-cell serialisation (through lxml since 01/12, ~20 % faster);
its memory grows with the distinct strings (openpyxl keeps the shared-strings table), the
CSV's does not.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_parser, ensure_register, run_per_engine  # noqa: E402


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


class _PeakRss:
    """Samples this process's resident memory every 20 ms (VmHWM is inherited across fork,
    so it cannot say what the child itself used)."""

    def __init__(self) -> None:
        self.start = self.peak = _rss_kb("VmRSS:")
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, _rss_kb("VmRSS:"))

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_kb("VmRSS:"))
        return (self.peak - self.start) / 1024


def _measure(fn, out: Path, queue) -> None:
    """In a forked child: run fn(out) -> rows; report time, peak RSS growth, size."""
    rss = _PeakRss()
    started = time.perf_counter()
    rows = fn(out)
    seconds = time.perf_counter() - started
    peak_mb = rss.stop()
    queue.put({
        "rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
        "peak_rss_growth_mb": round(peak_mb, 1), "file_mb": round(out.stat().st_size / 1e6, 1),
    })  # fmt: skip


def _run_forked(fn, out: Path) -> dict:
    from django.db import connections

    connections.close_all()  # the child opens its own connection, never shares the parent's
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_measure, args=(fn, out, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def _selection(province_id: int):
    from cancuoc.accounts.scope import Scope
    from cancuoc.registry.exports.rows import select_people

    return select_people(Scope(province_id=province_id))


def _ours_xlsx(province_id: int):
    from cancuoc.accounts.actor import Actor, Channel
    from cancuoc.registry.exports.services import export_people_xlsx

    actor = Actor.system("bench_export", channel=Channel.CLI)

    def run(out: Path) -> int:
        return export_people_xlsx(_selection(province_id), out, actor=actor, criteria={})

    return run


def _ours_csv(province_id: int):
    from cancuoc.accounts.actor import Actor, Channel
    from cancuoc.registry.exports.services import export_people_csv

    actor = Actor.system("bench_export", channel=Channel.CLI)

    def run(out: Path) -> int:
        lines = 0
        with out.open("wb") as f:
            for chunk in export_people_csv(_selection(province_id), actor=actor, criteria={}):
                lines += chunk.count(b"\r\n")
                f.write(chunk)
        return lines - 1

    return run


def _naive_rows(province_id: int, limit: int):
    """The obvious ORM code: instances, prefetch_related, attribute access per row."""
    from cancuoc.registry.exports.rows import HEADERS, birth_text
    from cancuoc.registry.models import Person

    people = (
        Person.objects.filter(province_id=province_id)
        .select_related("unit", "household")
        .prefetch_related("residences__unit", "documents", "relatives")
        .order_by("name_folded", "pk")[:limit]
    )
    for p in people:
        res = {r.kind: r for r in p.residences.all() if r.ended_on is None}
        kin = {k.kind: k for k in p.relatives.all()}
        docs = sorted(p.documents.all(), key=lambda d: (d.issued_on is not None, d.issued_on))
        row = [p.record_id, p.full_name, p.other_name, p.personal_id or "", p.old_id_number,
               birth_text(p.birth_date, p.birth_precision), p.get_sex_display(), p.birthplace,
               p.birth_registration_place, p.hometown, p.ethnicity, p.religion, p.nationality,
               p.blood_group, p.marital_status]  # fmt: skip
        for kind in ("permanent", "temporary", "current"):
            r = res.get(kind)
            row += [r.unit.code, r.address] if r else ["", ""]
        row += [p.household.code if p.household else "", p.relation_to_head]
        for kind in ("father", "mother", "spouse", "representative"):
            k = kin.get(kind)
            row += [k.name, k.id_number] if k else ["", ""]
        row += [p.phone, p.email, p.get_status_display(), str(p.death_date or "")]
        d = docs[-1] if docs else None
        row += [d.number, d.get_kind_display(), str(d.issued_on or "")] if d else ["", "", ""]
        row += [p.get_eid_level_display(), p.unit.full_name]
        yield (row + [""] * len(HEADERS))[: len(HEADERS)]


def _naive_xlsx(province_id: int, limit: int):
    from openpyxl import Workbook

    from cancuoc.registry.exports.rows import HEADERS

    def run(out: Path) -> int:
        book = Workbook()
        ws = book.active
        ws.append(HEADERS)
        n = 0
        for row in _naive_rows(province_id, limit):
            ws.append(row)
            n += 1
        book.save(out)
        return n

    return run


def _naive_csv(province_id: int, limit: int):
    from cancuoc.registry.exports.rows import HEADERS

    def run(out: Path) -> int:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADERS)
        n = 0
        for row in _naive_rows(province_id, limit):
            writer.writerow(row)
            n += 1
        out.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
        return n

    return run


def worker(args) -> dict:
    from django.db.models import Count

    from cancuoc.registry.models import Person

    register = ensure_register(args.people, args.seed, label="bench_export")
    top = Person.objects.values("province").annotate(n=Count("pk")).order_by("-n").first()
    province_id = top["province"]
    result = {"register": register, "province_people": top["n"]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        variants = {
            "xlsx": _ours_xlsx(province_id),
            "csv": _ours_csv(province_id),
            "naive_xlsx": _naive_xlsx(province_id, args.naive_people),
            "naive_csv": _naive_csv(province_id, args.naive_people),
        }
        for name, fn in variants.items():
            suffix = "xlsx" if name.endswith("xlsx") else "csv"
            result[name] = _run_forked(fn, tmp / f"{name}.{suffix}")
    return result


def main() -> None:
    parser = bench_parser(__doc__, name="export", people=100_000)
    parser.add_argument("--naive-people", type=int, default=20_000)
    run_per_engine(
        parser,
        name="export",
        script=os.path.abspath(__file__),
        worker=worker,
        summary=lambda a: {"benchmark": "export", "people": a.people,
                           "naive_people": a.naive_people},
    )  # fmt: skip


if __name__ == "__main__":
    main()
