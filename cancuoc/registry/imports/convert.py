"""Rows -> (row number, household code, record or None, problems), in file order.

Validation is pure Python and the heaviest part of an import, so with `workers` >= 1 it runs in
that many forked worker processes (they inherit the job's validation context, units included,
and never touch the database; a CSV reaches them as blocks of text that they parse themselves),
while this process keeps reading the file and writing batches:
on two cores, one worker validating while this process writes is the best split. Records
travel back `prepare`d (bulk.Prepared: the writer's rows, tuples underneath), so this process
neither rebuilds records nor builds rows from them.
Up to `ahead_rows` rows (at least `workers * 4` chunks) are in flight: enough for the workers
to validate the next batch while this process writes the current one, and memory stays bounded
whatever the file size.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator

from cancuoc.registry.bulk import prepare
from cancuoc.registry.imports.blocks import TextBlock, block_rows
from cancuoc.registry.imports.rows import RowContext, convert_row, read_cells

CHUNK_ROWS = 2000
Converted = tuple[int, str, object, list]

_context: RowContext | None = None  # set in the parent before forking the workers


def convert_one(number: int, cells: list, ctx: RowContext) -> Converted:
    """(number, household code, the record `prepare`d for the writer or None, problems)."""
    raw = read_cells(cells, ctx.layout)
    record, problems = convert_row(raw, ctx)
    return number, raw.get("household_code", ""), record and prepare(record), problems


def _convert_chunk(chunk: list[tuple[int, list]] | TextBlock) -> list[Converted]:
    rows = block_rows(chunk) if chunk.__class__ is TextBlock else chunk
    return [convert_one(number, cells, _context) for number, cells in rows]


def converted_rows(
    rows: Iterable[tuple[int, list]],
    ctx: RowContext,
    *,
    workers: int = 0,
    ahead_rows: int = 0,
    blocks: Iterable[TextBlock] | None = None,
) -> Iterator[Converted]:
    """Convert every row, in order: here (workers=0) or in `workers` forked processes, which
    parse the `blocks` themselves when given (the same rows as CSV text, see blocks.py)."""
    if workers < 1:
        for number, cells in rows:
            yield convert_one(number, cells, ctx)
        return
    global _context
    _context = ctx
    if blocks is None:
        chunks = iter(lambda: list(itertools.islice(rows, CHUNK_ROWS)), [])
    else:
        chunks = iter(blocks)
    ahead = max(workers * 4, -(-ahead_rows // CHUNK_ROWS))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_convert_chunk, (chunk,)))
            if len(pending) >= ahead:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
