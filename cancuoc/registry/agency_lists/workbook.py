"""The .xlsx template of an agency list: a data sheet ready to fill, and a "Hướng dẫn" sheet.

The data sheet is exactly what the importer reads (its first sheet, headings on row 1, no
merged cells): styled headings, frozen heading row, a Nam/Nữ drop-down, text columns for
numbers with leading zeros. The example row lives in the instructions sheet, so a returned
template never imports it by mistake.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cancuoc.registry.agency_lists.kinds import DATE_HELP, ListKind
from cancuoc.registry.exports.writers import (
    HEADER_ALIGN,
    HEADER_BORDER,
    HEADER_FILL,
    REQUIRED_FILL,
    column_width,
)

DATA_SHEET = "Danh sách"
HELP_SHEET = "Hướng dẫn"
# Rows given the Nam/Nữ drop-down.
PREPARED_ROWS = 2000
TEXT_COLUMNS = ("Số định danh cá nhân", "Số CMND", "Số điện thoại")
_WRAP = Alignment(vertical="top", wrap_text=True)


def template_workbook(kind: ListKind) -> Workbook:
    """The empty list of `kind`, with its instructions."""
    book = Workbook()
    _data_sheet(book.active, kind)
    _help_sheet(book.create_sheet(HELP_SHEET), kind)
    book.properties.title = kind.title
    book.properties.subject = f"cancuoc:{kind.code}"
    book.properties.creator = "cancuoc"
    return book


def _data_sheet(ws, kind: ListKind) -> None:
    ws.title = DATA_SHEET
    for i, column in enumerate(kind.all_columns, start=1):
        cell = ws.cell(row=1, column=i, value=column.header)
        cell.font, cell.border, cell.alignment = Font(bold=True), HEADER_BORDER, HEADER_ALIGN
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column_width(column.header) + 4
        if column.header in TEXT_COLUMNS:  # a column style: no empty cells for the importer
            ws.column_dimensions[letter].number_format = "@"
        if column.header == "Giới tính":
            _sex_dropdown(ws, f"{letter}2:{letter}{PREPARED_ROWS + 1}")
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "A2"


def _sex_dropdown(ws, cells: str) -> None:
    rule = DataValidation(
        type="list",
        formula1='"Nam,Nữ"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giới tính",
        error="Chọn Nam hoặc Nữ.",
        promptTitle="Giới tính",
        prompt="Chọn Nam hoặc Nữ",
    )
    rule.add(cells)
    ws.add_data_validation(rule)


def _help_sheet(ws, kind: ListKind) -> None:
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 28
    lines = [
        (kind.title.upper(), "", ""),
        ("Người lập", kind.compiled_by, ""),
        ("Cách điền", "Điền mỗi người một dòng ở trang “Danh sách”, bắt đầu từ dòng 2; không "
         "gộp ô, không đổi tên hay thứ tự cột, không thêm dòng tiêu đề. Cột tô màu cam là "
         "bắt buộc. Gửi lại tệp .xlsx cho Công an để nhập vào hệ thống.", ""),
        ("Ngày tháng", DATE_HELP, ""),
    ]  # fmt: skip
    if kind.min_age:
        lines.append(("Độ tuổi", f"Chỉ ghi người từ đủ {kind.min_age} tuổi trở lên.", ""))
    lines += [("", "", ""), ("Cột", "Cách ghi", "Ví dụ (dòng mẫu, không nhập)")]
    lines += [(c.header + (" (bắt buộc)" if c.required else ""), c.help, c.example)
              for c in kind.all_columns]  # fmt: skip
    for values in lines:
        ws.append(values)
    ws["A1"].font = Font(bold=True, size=13)
    heading_row = 6 + (1 if kind.min_age else 0)
    for cell in ws[heading_row]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, HEADER_BORDER
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
    for row in ws.iter_rows(min_row=heading_row + 1, min_col=3, max_col=3):
        row[0].font = Font(italic=True, color="666666")
