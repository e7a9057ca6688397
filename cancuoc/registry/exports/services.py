"""Export a selection of people, and leave a trace of it: personal data never leaves unaudited.

Every export writes one `registry.people.exported` event with the format, the filters as the
user set them, the area and the number of rows. An .xlsx is built completely (in a temporary
file) before it is sent, so its event is written first; a CSV is streamed, so its event is
written when the stream ends, with `complete: false` if the reader stopped early.
"""

from __future__ import annotations

from collections.abc import Iterator

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.registry.exports.rows import HEADERS, Selection, label, people_rows
from cancuoc.registry.exports.writers import csv_chunks, write_xlsx
from cancuoc.registry.imports.columns import REQUIRED, RESIDENCE_UNITS

ACTION = "registry.people.exported"
SHEET_TITLE = "Danh sách công dân"
REQUIRED_HEADERS = tuple(label(f) for f in (*REQUIRED, RESIDENCE_UNITS[0]))


def record_people_export(
    *, actor: Actor, fmt: str, criteria: dict, rows: int, complete: bool = True
) -> audit.AuditEvent:
    """The audit event of one export: who, which format, which filters, how many rows."""
    data = {"format": fmt, "filters": criteria, "rows": rows, "complete": complete}
    return audit.record(actor, ACTION, ("registry.person", "export"), data=data)


def export_people_xlsx(
    selection: Selection, out, *, actor: Actor, criteria: dict, progress=None
) -> int:
    """Write the selected people as .xlsx into `out` (path or binary file), then audit it.

    `progress(rows_so_far)` is called every PROGRESS_ROWS people, if given.
    Effects: the file; one registry.people.exported event. Returns the number of people.
    """
    rows = people_rows(selection)
    if progress is not None:
        rows = _reporting(rows, progress)
    rows = write_xlsx(rows, out, headers=HEADERS, required=REQUIRED_HEADERS, title=SHEET_TITLE)
    record_people_export(actor=actor, fmt="xlsx", criteria=criteria, rows=rows)
    return rows


PROGRESS_ROWS = 5000


def _reporting(rows, progress) -> Iterator[list]:
    for n, row in enumerate(rows, start=1):
        if n % PROGRESS_ROWS == 0:
            progress(n)
        yield row


class _Counted:
    """Counts the rows that pass through."""

    def __init__(self, rows) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def export_people_csv(selection: Selection, *, actor: Actor, criteria: dict) -> Iterator[bytes]:
    """The selected people as CSV bytes, produced as they are read (for a streamed response).

    Effects: one registry.people.exported event when the stream ends or is abandoned
    (`complete` says which; `rows` counts the rows produced).
    """
    counted, complete = _Counted(people_rows(selection)), False
    try:
        yield from csv_chunks(counted, headers=HEADERS)
        complete = True
    finally:
        record_people_export(
            actor=actor, fmt="csv", criteria=criteria, rows=counted.count, complete=complete
        )


def write_people_csv(selection: Selection, out, *, actor: Actor, criteria: dict) -> int:
    """Write the selected people as CSV into the binary file `out` (command line), then audit.

    Effects: the file; one registry.people.exported event. Returns the number of people.
    """
    counted = _Counted(people_rows(selection))
    for chunk in csv_chunks(counted, headers=HEADERS):
        out.write(chunk)
    record_people_export(actor=actor, fmt="csv", criteria=criteria, rows=counted.count)
    return counted.count
