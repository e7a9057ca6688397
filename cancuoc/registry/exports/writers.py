"""Rows -> .xlsx (openpyxl write-only: rows go to a temporary file, not a tree in memory)
or CSV bytes (UTF-8 with a BOM so Excel shows Vietnamese correctly), with a styled header."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
# An Excel sheet holds 1,048,576 rows; beyond that the list goes on in another sheet.
SHEET_ROWS = 1_048_575
CSV_FLUSH_ROWS = 1000
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_THIN = Side(style="thin")
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Spreadsheets run a cell starting with these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@")


def column_width(header: str) -> float:
    return min(40.0, max(12.0, len(header) * 0.9 + 2))


def header_cells(ws, headers: Iterable[str], *, required: Iterable[str] = ()) -> list:
    """Bold, boxed, shaded header cells (required columns in another shade)."""
    required = set(required)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font, cell.border, cell.alignment = Font(bold=True), HEADER_BORDER, HEADER_ALIGN
        cell.fill = REQUIRED_FILL if header in required else HEADER_FILL
        cells.append(cell)
    return cells


def _new_sheet(book: Workbook, title: str, headers: tuple[str, ...], required: set[str]):
    ws = book.create_sheet(title[:31])
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column_width(header)
    ws.freeze_panes = "A2"
    ws.append(header_cells(ws, headers, required=required))
    return ws


def _text_cell(ws, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # a name or address starting with "=" stays text, never a formula
    return cell


def write_xlsx(
    rows: Iterable[list],
    out,
    *,
    headers: tuple[str, ...],
    required: Iterable[str] = (),
    title: str = "Danh sách",
) -> int:
    """Write the rows under `headers` into `out` (a path or binary file); the row count.
    `required` headers are shaded apart."""
    required = set(required)
    book = Workbook(write_only=True)
    ws, in_sheet, count, sheet_no = _new_sheet(book, title, headers, required), 0, 0, 1
    for row in rows:
        if in_sheet == SHEET_ROWS:
            sheet_no += 1
            ws, in_sheet = _new_sheet(book, f"{title} ({sheet_no})", headers, required), 0
        if any(v.__class__ is str and v.startswith("=") for v in row):
            row = [_text_cell(ws, v) if v.__class__ is str and v.startswith("=") else v
                   for v in row]  # fmt: skip
        ws.append(row)
        in_sheet += 1
        count += 1
    book.save(out)
    return count


def _safe(value):
    if value.__class__ is str and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(rows: Iterable[list], *, headers: tuple[str, ...]) -> Iterator[bytes]:
    """The BOM, the header line, then the rows, about CSV_FLUSH_ROWS per chunk of bytes."""
    yield codecs.BOM_UTF8
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for n, row in enumerate(rows, start=1):
        writer.writerow([_safe(v) for v in row])
        if n % CSV_FLUSH_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
