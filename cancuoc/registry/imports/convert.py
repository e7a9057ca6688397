"""Rows -> (row number, household code, record or None, problems), in file order.

Validation is pure Python and the heaviest part of an import, so with `workers` > 1 it runs in
forked worker processes (they inherit the job's validation context, units included, and never
touch the database), while this process keeps reading the file and writing batches. At most
`workers * 4` chunks are in flight, so memory stays bounded whatever the file size.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator

from cancuoc.registry.imports.rows import RowContext, convert_row, read_cells

CHUNK_ROWS = 2000
Converted = tuple[int, str, object, list]

_context: RowContext | None = None  # set in the parent before forking the workers


def convert_one(number: int, cells: list, ctx: RowContext) -> Converted:
    raw = read_cells(cells, ctx.layout)
    record, problems = convert_row(raw, ctx)
    return number, raw.get("household_code", ""), record, problems


def _convert_chunk(chunk: list[tuple[int, list]]) -> list[Converted]:
    return [convert_one(number, cells, _context) for number, cells in chunk]


def converted_rows(
    rows: Iterable[tuple[int, list]], ctx: RowContext, *, workers: int = 1
) -> Iterator[Converted]:
    """Convert every row, in order; in `workers` processes when more than one."""
    if workers <= 1:
        for number, cells in rows:
            yield convert_one(number, cells, ctx)
        return
    global _context
    _context = ctx
    chunks = iter(lambda: list(itertools.islice(rows, CHUNK_ROWS)), [])
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_convert_chunk, (chunk,)))
            if len(pending) >= workers * 4:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
