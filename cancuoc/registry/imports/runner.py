"""The batch loop of an import job: read, validate, check duplicates, write, checkpoint.

Each batch commits in one transaction with the people (through `registry.bulk.write_people`,
which also writes the batch's audit event), the batch's problems, the job's counters and its
checkpoint (the last row of the batch). A process killed at any moment therefore leaves whole
batches only, and a re-run skips every row up to the checkpoint: each valid row ends up in the
register exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from cancuoc.areas.models import Unit
from cancuoc.areas.queries import UnitResolver
from cancuoc.registry.bulk import PersonRecord, fold_words, write_people
from cancuoc.registry.imports.columns import Layout
from cancuoc.registry.imports.convert import converted_rows
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.rows import Problem, RowContext
from cancuoc.registry.models import Person

DEFAULT_BATCH_ROWS = 10_000
_CHUNK = 900  # values per IN (...) list, under SQLite's parameter limit


class LostClaim(Exception):
    """Another worker took over the job; this one stops without committing its batch."""


@dataclass
class Batch:
    """Rows read since the last checkpoint: records to write and problems to report."""

    last_row: int = 0
    rows: int = 0
    records: list[tuple[int, PersonRecord]] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    invalid_rows: int = 0
    conflict_rows: int = 0
    flagged_rows: int = 0


def row_context(job: ImportJob, layout: Layout, on: dt.date) -> RowContext:
    """Validation context of a job: units loaded once, and the job's area."""
    area = job.unit
    if area is None:
        in_area, name = (lambda unit: True), "toàn quốc"
    elif area.level == Unit.Level.PROVINCE:
        in_area, name = (lambda unit: unit.province_id == area.pk), area.full_name
    else:
        in_area, name = (lambda unit: unit.pk == area.pk), area.full_name
    return RowContext(layout, on, UnitResolver(on=on), in_area, name)


def read_batches(converted, job: ImportJob, size: int) -> Iterator[Batch]:
    """Group converted rows into batches, never splitting a household between two batches."""
    batch = Batch()
    for number, household, record, problems in converted:
        if batch.rows >= size and not (household and household == _last_household(batch)):
            yield batch
            batch = Batch()
        batch.last_row, batch.rows = number, batch.rows + 1
        if problems:
            batch.invalid_rows += 1
            batch.issues += [_issue(job, number, p, ImportIssue.Kind.ERROR) for p in problems]
        else:
            batch.records.append((number, record))
    if batch.rows:
        yield batch


def _last_household(batch: Batch) -> str:
    return batch.records[-1][1].household_code if batch.records else ""


def _issue(job, row: int, p: Problem, kind: str, person_id: int | None = None) -> ImportIssue:
    return ImportIssue(
        job=job,
        row=row,
        column=p.column,
        value=p.value[:255],
        kind=kind,
        message=p.message,
        person_id=person_id,
    )


# ---------------------------------------------------------------------- duplicate checks


def screen_duplicates(batch: Batch, job: ImportJob) -> None:
    """Drop rows whose personal ID (or source record id) is already taken; flag look-alikes."""
    taken = _existing("personal_id", [r.personal_id for _, r in batch.records if r.personal_id])
    sources = _existing("record_id", [r.record_id for _, r in batch.records if r.record_id])
    seen: dict[str, int] = {}
    kept = []
    for number, record in batch.records:
        problem = _conflict(record, taken, sources, seen, number)
        if problem:
            batch.conflict_rows += 1
            batch.issues.append(_issue(job, number, problem, ImportIssue.Kind.CONFLICT))
            continue
        if record.personal_id:
            seen[record.personal_id] = number
        kept.append((number, record))
    batch.records = kept
    _flag_lookalikes(batch, job)


def _conflict(record, taken, sources, seen, number) -> Problem | None:
    pid = record.personal_id
    if pid and pid in taken:
        return Problem(
            "personal_id",
            pid,
            f"Số định danh {pid} đã có trong sổ (công dân mã "
            f"{taken[pid]}); dòng này không được nhập",
        )
    if pid and pid in seen:
        return Problem(
            "personal_id",
            pid,
            f"Số định danh {pid} trùng với dòng {seen[pid]} của tệp; dòng này không được nhập",
        )
    if record.record_id and record.record_id in sources:
        return Problem(
            "record_id",
            record.record_id,
            f"Mã hồ sơ {record.record_id} đã được "
            f"nhập trước đây (công dân mã {sources[record.record_id]})",
        )
    return None


def _existing(column: str, values: list[str]) -> dict[str, int]:
    """{value: person id} for the values of `column` already in the register."""
    table = Person._meta.db_table
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter, one query
            cursor.execute(
                f'SELECT "{column}", id FROM "{table}" WHERE "{column}" = ANY(%s)', [values]
            )  # noqa: S608
            return dict(cursor.fetchall())
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f'SELECT "{column}", id FROM "{table}" WHERE "{column}" IN ({marks})', chunk
            )  # noqa: S608
            found.update(cursor.fetchall())
    return found


def _flag_lookalikes(batch: Batch, job: ImportJob) -> None:
    keys = [(r.unit_id, fold_words(r.full_name), r.birth_date) for _, r in batch.records]
    known = _known_people(keys)
    first_row: dict[tuple, int] = {}
    for (number, record), key in zip(batch.records, keys, strict=True):
        if key in known:
            message = (
                f"Có thể trùng với công dân đã có trong sổ (mã {known[key]}): cùng họ tên, "
                "ngày sinh và xã. Đã nhập, cần rà soát; không tự gộp"
            )
            person_id = known[key]
        elif key in first_row:
            message = (
                f"Có thể trùng với dòng {first_row[key]} của tệp: cùng họ tên, ngày sinh "
                "và xã. Đã nhập cả hai, cần rà soát; không tự gộp"
            )
            person_id = None
        else:
            first_row[key] = number
            continue
        batch.flagged_rows += 1
        problem = Problem("full_name", record.full_name, message)
        batch.issues.append(_issue(job, number, problem, ImportIssue.Kind.FLAG, person_id))


def _known_people(keys: list[tuple]) -> dict[tuple, int]:
    """People already in the register with one of these (folded name, birth date, commune).

    One indexed probe per key (a join with the keys as a VALUES list), so the cost follows
    the batch, not the size of the register.
    """
    wanted = list(dict.fromkeys(keys))
    known: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        for sql, params in _lookalike_queries(wanted):
            cursor.execute(sql, params)
            for unit, name, birth, pk in cursor.fetchall():
                birth = birth if isinstance(birth, dt.date) else dt.date.fromisoformat(birth)
                known.setdefault((unit, name, birth), pk)
    return known


def _lookalike_queries(keys: list[tuple]):
    table = Person._meta.db_table
    select = (
        f'SELECT p.unit_id, p.name_folded, p.birth_date, p.id FROM k JOIN "{table}" p '
        "ON p.unit_id = k.u AND p.name_folded = k.n AND p.birth_date = k.b"
    )
    if connection.vendor == "postgresql":  # three array parameters, one query
        units, names, births = (
            (list(column) for column in zip(*keys, strict=True)) if keys else ([], [], [])
        )
        yield (
            "WITH k(u, n, b) AS (SELECT * FROM unnest(%s::bigint[], %s::text[], %s::date[])) "
            + select,
            [units, names, births],
        )
        return
    for start in range(0, len(keys), _CHUNK // 3):
        chunk = keys[start : start + _CHUNK // 3]
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))
        yield f"WITH k(u, n, b) AS (VALUES {values}) " + select, [v for key in chunk for v in key]


# --------------------------------------------------------------------------- the loop


def commit_batch(batch: Batch, job: ImportJob, *, worker: str, actor, batch_index: int) -> None:
    """Write one batch and move the checkpoint, all in one transaction."""

    def on_batch(info=None) -> None:
        ImportIssue.objects.bulk_create(batch.issues, batch_size=2000)
        updated = ImportJob.objects.filter(pk=job.pk, worker=worker).update(
            checkpoint_row=batch.last_row,
            rows_read=F("rows_read") + batch.rows,
            rows_imported=F("rows_imported") + len(batch.records),
            rows_invalid=F("rows_invalid") + batch.invalid_rows,
            rows_conflict=F("rows_conflict") + batch.conflict_rows,
            rows_flagged=F("rows_flagged") + batch.flagged_rows,
            heartbeat_at=timezone.now(),
        )
        if not updated:
            raise LostClaim(f"job {job.pk} taken over by another worker")

    records = [r for _, r in batch.records]
    if records:
        write_people(
            records,
            actor=actor,
            source=f"import:{job.pk}:{job.source_name}",
            batch_size=len(records) + 1,
            on_batch=on_batch,
        )
    else:
        with transaction.atomic():
            on_batch()


def run_batches(
    rows,
    ctx: RowContext,
    job: ImportJob,
    *,
    worker: str,
    actor,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    workers: int = 1,
    progress: Callable[[ImportJob], None] | None = None,
) -> None:
    """Import every row after the job's checkpoint (validated in `workers` processes)."""
    converted = converted_rows(rows, ctx, workers=workers)
    for index, batch in enumerate(read_batches(converted, job, batch_rows), start=1):
        screen_duplicates(batch, job)
        commit_batch(batch, job, worker=worker, actor=actor, batch_index=index)
        if progress:
            job.refresh_from_db()
            progress(job)
