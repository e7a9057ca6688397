"""Run a synthetic population into a CSV file, the database, or both; report what was made.

With `workers` > 1 the communes are generated (and written) by that many processes at once;
each commune is independent (see `Population.commune`), so the CSV bytes and the truth are
the same as with one process. Only the database ids differ, as batches commit in turn.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.registry.bulk import DEFAULT_BATCH_SIZE, BulkResult, PersonRecord, write_people
from cancuoc.registry.fastload import fast_load, relax_checks
from cancuoc.registry.synth.csvout import PeopleWriter, write_truth
from cancuoc.registry.synth.generator import Population

PROGRESS_EVERY = 5_000


@dataclass
class SynthResult:
    """What a run produced."""

    people: int = 0
    defects: Counter = field(default_factory=Counter)
    written: BulkResult | None = None
    fast_load: bool = False
    workers: int = 1
    seconds: float = 0.0
    index_seconds: float = 0.0  # rebuilding indexes and checking foreign keys (fast load)
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        rows = sum(self.written.counts.as_dict().values()) if self.written else self.people
        per_second = (lambda n: round(n / self.seconds)) if self.seconds else (lambda n: 0)
        return {
            "people": self.people,
            "seconds": round(self.seconds, 2),
            "people_per_second": per_second(self.people),
            "rows": rows,
            "rows_per_second": per_second(rows),
            "workers": self.workers,
            "defects": dict(sorted(self.defects.items())),
            "defects_total": sum(self.defects.values()),
            "database": self.written.as_dict() if self.written else None,
            "fast_load": self.fast_load,
            "index_seconds": round(self.index_seconds, 2),
            "files": self.files,
        }


@dataclass(frozen=True)
class _Job:
    population: Population
    actor: Actor
    db: bool
    batch_size: int
    parts: Path | None
    fast: bool = False


def synthesize(
    population: Population,
    *,
    actor: Actor,
    out: Path | None = None,
    truth: Path | None = None,
    db: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    fast: bool = False,
    progress: Callable[[int], None] | None = None,
) -> SynthResult:
    """Generate the population once, writing it to `out` (CSV) and/or the database.

    Preconditions: the geography's units exist (for `db`). Effects: the files are created or
    replaced; with `db`, people are written through `registry.bulk.write_people` (one audit
    event per batch, source "synth:seed=S") and one `registry.people.synthesized` event sums
    up the job; with `fast` and empty register tables, indexes are rebuilt once at the end
    (`fastload.fast_load`).
    """
    started = time.perf_counter()
    workers = max(1, min(workers, len(population.geo.communes)))
    result = SynthResult(people=population.config.people, workers=workers)
    with fast_load() if db and fast else nullcontext(False) as dropped:
        result.fast_load = bool(dropped)
        if workers == 1:
            result.written = _run_here(population, actor, out, db, batch_size, progress)
        else:
            result.written = _run_parallel(population, actor, out, db, batch_size, workers,
                                           result.fast_load, progress)  # fmt: skip
        loaded = time.perf_counter()
        if result.written:
            result.written.seconds = loaded - started
    result.index_seconds = time.perf_counter() - loaded if result.fast_load else 0.0
    result.defects = Counter(t.defect for t in population.truth)
    if db:
        audit.record(actor, "registry.people.synthesized", ("registry.person", "synth"), data={
            "seed": population.config.seed, "as_of": population.config.as_of.isoformat(),
            "people": result.people, "communes": [p.code for p in population.geo.communes],
            "defects": dict(sorted(result.defects.items())),
        })  # fmt: skip
    if out:
        result.files.append(str(out))
    if truth:
        with open(truth, "w", encoding="utf-8", newline="") as handle:
            write_truth(handle, population.truth)
        result.files.append(str(truth))
    result.seconds = time.perf_counter() - started
    return result


def _run_here(population, actor, out, db, batch_size, progress) -> BulkResult | None:
    job = _Job(population, actor, db, batch_size, None)
    with open(out, "w", encoding="utf-8", newline="") if out else nullcontext() as handle:
        writer = _writer(population, handle, header=True)
        return _consume(job, iter(population), writer, progress)


def _run_parallel(population, actor, out, db, batch_size, workers, fast, progress):
    global _JOB
    parts = Path(tempfile.mkdtemp(prefix="synth-")) if out else None
    _JOB = _Job(population, actor, db, batch_size, parts, fast)
    if db:
        connections.close_all()  # each worker opens its own connection
    total = BulkResult() if db else None
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_commune_job, i) for i in range(len(population.geo.communes))]
            for future, size in zip(futures, population.geo.sizes, strict=True):
                written, truth, abroad = future.result()
                population.truth += truth
                population.abroad.update(abroad)
                if total is not None:
                    total.counts.add(written.counts)
                    total.batches += written.batches
                if progress:
                    progress(size)
        if out:
            _concatenate(population, parts, out)
    finally:
        _JOB = None
        if parts:
            shutil.rmtree(parts, ignore_errors=True)
    return total


_JOB: _Job | None = None  # what the forked workers run (set just before they start)


def _commune_job(index: int):
    """In a worker process: generate (and write) one commune; return what the parent needs."""
    job = _JOB
    if job.fast:
        relax_checks()
    population = job.population
    population.truth, population.abroad = [], {}
    part = job.parts / f"{index:05d}.csv" if job.parts else None
    with open(part, "w", encoding="utf-8", newline="") if part else nullcontext() as handle:
        writer = _writer(population, handle, header=False)
        written = _consume(job, population.commune(index), writer, None)
    return written, population.truth, population.abroad


def _writer(population: Population, handle, *, header: bool) -> PeopleWriter | None:
    if handle is None:
        return None
    return PeopleWriter(handle, unit_codes=population.geo.code_of(), abroad=population.abroad,
                        header=header)  # fmt: skip


def _consume(job: _Job, records: Iterable[PersonRecord], writer, progress) -> BulkResult | None:
    stream = _tee(records, writer, None if job.db else progress)
    if job.db:
        report = (lambda info: progress(info.counts.people)) if progress else None
        source = f"synth:seed={job.population.config.seed}"
        return write_people(stream, actor=job.actor, source=source, batch_size=job.batch_size,
                            progress=report)  # fmt: skip
    for _ in stream:
        pass
    return None


def _tee(records: Iterable[PersonRecord], writer, progress) -> Iterator[PersonRecord]:
    pending = 0
    for record in records:
        if writer:
            writer.write_one(record)
        yield record
        pending += 1
        if progress and pending == PROGRESS_EVERY:
            progress(pending)
            pending = 0
    if progress and pending:
        progress(pending)


def _concatenate(population: Population, parts: Path, out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="") as handle:
        _writer(population, handle, header=True)
        for index in range(len(population.geo.communes)):
            with open(parts / f"{index:05d}.csv", encoding="utf-8", newline="") as part:
                shutil.copyfileobj(part, handle)
