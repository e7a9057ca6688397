"""The Excel list of cancelled and re-established ID numbers, in the layout of an official
report sent upward (seed 002: "lập danh sách giải trình cụ thể từng trường hợp để báo cáo
Cục C06-Bộ Công an")."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cancuoc.accounts.scope import Scope
from cancuoc.registry.workflows.queries import id_number_changes, pending_id_number_cases
from cancuoc.rules.dates import format_date_vi

TITLE = "DANH SÁCH CÔNG DÂN HỦY, XÁC LẬP LẠI SỐ ĐỊNH DANH CÁ NHÂN"
COLUMNS = (
    ("STT", 6), ("Họ tên", 26), ("Ngày sinh", 12), ("Số cũ", 16), ("Số mới", 16),
    ("Lý do", 48), ("Ngày xác lập lại", 14), ("Cán bộ", 20),
)  # fmt: skip
HEADER_ROW = 7
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass
class Report:
    """A built workbook and the number of people listed in it."""

    book: Workbook
    rows: int


def _rows(scope: Scope) -> list[tuple]:
    rows = []
    for change in id_number_changes(scope).order_by("changed_on", "pk"):
        problems = "; ".join(change.problems)
        reason = change.reason + (f"\nSai sót của số cũ: {problems}" if problems else "")
        rows.append((change.person.full_name, str(change.person.birth), change.old_number,
                     change.new_number or "(đã hủy)", reason,
                     format_date_vi(change.changed_on), change.officer_label))  # fmt: skip
    for case in pending_id_number_cases(scope):
        reason = "Chưa xác lập lại — " + "; ".join(case.problems)
        rows.append((case.person.full_name, str(case.person.birth), case.person.personal_id,
                     "", reason, "", ""))  # fmt: skip
    return rows


def _merged(ws, cells: str, value: str, *, font: Font, align=_CENTER) -> None:
    ws.merge_cells(cells)
    cell = ws[cells.split(":")[0]]
    cell.value, cell.font, cell.alignment = value, font, align


def _heading(ws, *, area, agency, on: dt.date) -> None:
    superior = f"CÔNG AN {area.province.full_name.upper()}" if area.province_id else "BỘ CÔNG AN"
    _merged(ws, "A1:C1", superior, font=Font(size=11))
    _merged(ws, "A2:C2", (agency.name if agency else area.full_name).upper(),
            font=Font(size=11, bold=True, underline="single"))  # fmt: skip
    _merged(ws, "E1:H1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=Font(size=11, bold=True))
    _merged(ws, "E2:H2", "Độc lập - Tự do - Hạnh phúc",
            font=Font(size=11, bold=True, underline="single"))  # fmt: skip
    _merged(ws, "A4:H4", TITLE, font=Font(size=14, bold=True))
    _merged(ws, "A5:H5", f"Đơn vị: {area.full_name} — tính đến ngày {format_date_vi(on)}",
            font=Font(italic=True))  # fmt: skip


def _table(ws, rows: list[tuple]) -> None:
    fill = PatternFill("solid", fgColor="DDE4EE")
    for col, (label, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=label)
        cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), _CENTER, _BOX, fill
        ws.column_dimensions[get_column_letter(col)].width = width
    for n, values in enumerate(rows, start=1):
        row = HEADER_ROW + n
        for col, value in enumerate((n, *values), start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border, cell.alignment = _BOX, _CENTER if col in (1, 3, 4, 5, 7) else _WRAP
            if col in (4, 5):
                cell.number_format = "@"  # 12 digits with a leading zero stay text


def _signatures(ws, *, area, on: dt.date, last_row: int) -> None:
    row = last_row + 2
    place = area.name
    _merged(ws, f"E{row}:H{row}", f"{place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}",
            font=Font(italic=True))  # fmt: skip
    _merged(ws, f"A{row + 1}:C{row + 1}", "NGƯỜI LẬP BIỂU", font=Font(bold=True))
    _merged(ws, f"E{row + 1}:H{row + 1}", "THỦ TRƯỞNG ĐƠN VỊ", font=Font(bold=True))


def id_number_workbook(scope: Scope, *, area, agency, on: dt.date) -> Report:
    """The list of every cancelled or re-established number in scope (oldest first), then
    the wrong-structure numbers not yet handled, under an official heading."""
    book = Workbook()
    ws = book.active
    ws.title = "Hủy, xác lập lại"
    rows = _rows(scope)
    _heading(ws, area=area, agency=agency, on=on)
    _table(ws, rows)
    _signatures(ws, area=area, on=on, last_row=HEADER_ROW + len(rows))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return Report(book, len(rows))


def xlsx_response(report: Report, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    report.book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
