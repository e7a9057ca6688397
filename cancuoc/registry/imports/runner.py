"""The batch loop of an import job: read, validate, check duplicates, write, checkpoint.

Each batch commits in one transaction with the people (through `registry.bulk.write_people`,
which also writes the batch's audit event), the batch's problems, the job's counters and its
checkpoint (the last row of the batch). A process killed at any moment therefore leaves whole
batches only, and a re-run skips every row up to the checkpoint: each valid row ends up in the
register exactly once.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from cancuoc.areas.models import Unit
from cancuoc.areas.queries import UnitResolver
from cancuoc.registry.bulk import PersonRecord, existing, write_people
from cancuoc.registry.imports.columns import Layout
from cancuoc.registry.imports.convert import converted_rows
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.rows import Problem, RowContext
from cancuoc.registry.models import Person

DEFAULT_BATCH_ROWS = 10_000


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
    """Drop rows whose personal ID (or source record id) is already taken (look-alikes are
    flagged once written: flag_lookalikes)."""
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
    return dict(existing(Person, column, values, returning="id"))


def flag_lookalikes(batch: Batch, job: ImportJob, ids: tuple[int, ...]) -> None:
    """After the batch's people are written (same transaction): flag each one who has the same
    folded name, birth date and commune as a person written before it, in the register or
    earlier in the file. Both are kept; nothing is merged.

    One query per batch, answered by the (unit, name_folded, birth_date) index: the cost follows
    the batch, not the size of the register.
    """
    row_of = {pid: number for (number, _), pid in zip(batch.records, ids, strict=True)}
    earliest = _earlier_lookalikes(min(ids), max(ids))
    for (number, record), pid in zip(batch.records, ids, strict=True):
        other = earliest.get(pid)
        if other is None:
            continue
        if other in row_of:
            message = (
                f"Có thể trùng với dòng {row_of[other]} của tệp: cùng họ tên, ngày sinh "
                "và xã. Đã nhập cả hai, cần rà soát; không tự gộp"
            )
            person_id = None
        else:
            message = (
                f"Có thể trùng với công dân đã có trong sổ (mã {other}): cùng họ tên, "
                "ngày sinh và xã. Đã nhập, cần rà soát; không tự gộp"
            )
            person_id = other
        batch.flagged_rows += 1
        problem = Problem("full_name", record.full_name, message)
        batch.issues.append(_issue(job, number, problem, ImportIssue.Kind.FLAG, person_id))


def _earlier_lookalikes(first: int, last: int) -> dict[int, int]:
    """{id: the smallest id of an earlier look-alike} for the people with ids first..last."""
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT n.id, min(o.id) FROM "{table}" n JOIN "{table}" o '  # noqa: S608
            "ON o.unit_id = n.unit_id AND o.name_folded = n.name_folded "
            "AND o.birth_date = n.birth_date AND o.id < n.id "
            "WHERE n.id BETWEEN %s AND %s GROUP BY n.id",
            [first, last],
        )
        return dict(cursor.fetchall())


# --------------------------------------------------------------------------- the loop


def commit_batch(batch: Batch, job: ImportJob, *, worker: str, actor, batch_index: int) -> None:
    """Write one batch and move the checkpoint, all in one transaction."""

    def on_batch(info=None) -> None:
        if info is not None:
            flag_lookalikes(batch, job, info.ids)
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
            screened=True,
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
    workers: int = 0,
    blocks=None,
    progress: Callable[[ImportJob], None] | None = None,
) -> None:
    """Import every row after the job's checkpoint (validated in `workers` processes, which
    parse the CSV `blocks` themselves when given: the same rows as `rows`)."""
    with few_collections():
        # the workers validate up to two batches ahead while this process writes
        converted = converted_rows(
            rows, ctx, workers=workers, ahead_rows=2 * batch_rows, blocks=blocks
        )
        for index, batch in enumerate(read_batches(converted, job, batch_rows), start=1):
            screen_duplicates(batch, job)
            commit_batch(batch, job, worker=worker, actor=actor, batch_index=index)
            if progress:
                job.refresh_from_db()
                progress(job)


@contextmanager
def few_collections():
    """Keep Python's cycle collector from rescanning the whole process every few thousand
    allocations: records form no cycles (reference counting frees them), yet each collection
    walks every live object (Django, the units, the memo), which costs a third of a large
    import. What exists now is frozen out of the scans, and collections are rarer."""
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
