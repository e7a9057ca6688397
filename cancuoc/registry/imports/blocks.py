"""A CSV list cut into blocks of whole records, as text, for the validating workers.

Handing a worker its rows as parsed cells costs the importing process a pickle of every cell
and the worker an unpickle (about 12 µs a row together, a third of what the importing process
does per row); a block of text crosses as one string and the worker parses it with the same
`csv` reader. The importing process only has to know where records end: a block of lines with
no quote character is one record per line (a blank line included, as `csv.reader` counts it);
a block with quotes is parsed here to find its last whole record, taking further lines from the
file when that record continues past the block.

`block_rows(block)` yields exactly what `Source.rows(after=...)` yields for the same records:
the same numbers, the same cells, the same blank rows skipped: both use `sources.csv_reader`
and `sources.has_value`, and tests compare the two.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from cancuoc.registry.imports.sources import (
    CHUNK,
    QUOTECHAR,
    FileRefused,
    Source,
    csv_format_error,
    csv_reader,
    has_value,
)

BLOCK_LINES = 2000


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Whole CSV records: the first one's row number and physical line, and the text."""

    first_row: int
    first_line: int
    text: str
    delimiter: str
    after: int = 1  # rows numbered up to `after` were imported before: skip them


def text_blocks(source: Source, *, after: int = 1, lines: int = BLOCK_LINES) -> Iterator[TextBlock]:
    """The data records of a CSV source as TextBlocks, skipping blocks wholly up to `after`."""
    delimiter = source.delimiter  # type: ignore[attr-defined]
    with source.path.open(encoding=source.encoding, newline="", buffering=CHUNK) as f:
        header_lines = _skip_record(f, delimiter)
        row, line = 2, 1 + header_lines
        while block := list(itertools.islice(f, lines)):
            text = "".join(block)
            if QUOTECHAR in text:
                records, extra = _whole_records(block, f, delimiter, line)
                text += "".join(extra)
                n_lines = len(block) + len(extra)
            else:
                records = n_lines = len(block)
            if row + records - 1 > after:
                yield TextBlock(row, line, text, delimiter, after)
            row, line = row + records, line + n_lines


def block_rows(block: TextBlock) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the block's non-blank rows numbered above `block.after`."""
    reader = csv_reader(io.StringIO(block.text, newline=""), block.delimiter)
    try:
        for number, cells in enumerate(reader, start=block.first_row):
            if number > block.after and has_value(cells):
                yield number, cells
    except csv.Error as exc:
        raise FileRefused(csv_format_error(block.first_line - 1 + reader.line_num, exc)) from None


def _skip_record(f, delimiter: str) -> int:
    """Read the header record; return how many physical lines it took."""
    taken: list[str] = []
    reader = csv_reader(_tap(f, taken), delimiter)
    try:
        next(reader, None)
    except csv.Error as exc:
        raise FileRefused(csv_format_error(reader.line_num, exc)) from None
    return len(taken)


def _whole_records(block: list[str], f, delimiter: str, first_line: int) -> tuple[int, list[str]]:
    """How many records end within the block (the last one possibly continued by lines read
    from `f`, returned as the second item)."""
    extra: list[str] = []
    reader = csv_reader(itertools.chain(block, _tap(f, extra)), delimiter)
    records = 0
    try:
        for _ in reader:
            records += 1
            if reader.line_num >= len(block):
                break
    except csv.Error as exc:
        raise FileRefused(csv_format_error(first_line - 1 + reader.line_num, exc)) from None
    return records, extra


def _tap(f, taken: list[str]) -> Iterator[str]:
    """The lines of `f`, each also appended to `taken` (the reader pulls only what it needs)."""
    for line in f:
        taken.append(line)
        yield line
