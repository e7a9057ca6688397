"""The downloadable Excel report of a job: every refused or flagged row, with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from cancuoc.registry.imports.columns import COLUMNS, label
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.rules.dates import format_date_vi

HEADERS = ("Dòng", "Cột", "Giá trị", "Lý do", "Xử lý")
WIDTHS = (8, 30, 30, 90, 34)


def column_name(column: str) -> str:
    """“Ngày sinh (birth_date)”, or empty for a problem with the whole file."""
    if not column:
        return ""
    return f"{label(column)} ({column})" if column in COLUMNS else column


def write_report(job: ImportJob, target: Path | BinaryIO) -> None:
    """Write the .xlsx report (streamed: constant memory whatever the number of problems)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Lỗi và cảnh báo")
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.append(HEADERS)
    issues = ImportIssue.objects.filter(job=job).order_by("row", "pk")
    for issue in issues.iterator(chunk_size=5000):
        sheet.append(
            (
                issue.row,
                column_name(issue.column),
                issue.value,
                issue.message,
                issue.get_kind_display(),
            )
        )
    _summary_sheet(book.create_sheet("Tóm tắt"), job)
    book.save(target)


def _summary_sheet(sheet, job: ImportJob) -> None:
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 60
    rows = [
        ("Tệp", job.source_name),
        ("Lần nhập", f"#{job.pk}, tạo ngày {format_date_vi(job.created_at.date())}"),
        ("Trạng thái", job.get_status_display()),
        ("Số dòng đã đọc", job.rows_read),
        ("Số dòng đã nhập", job.rows_imported),
        ("Số dòng lỗi (không nhập)", job.rows_invalid),
        ("Số dòng trùng số định danh (không nhập)", job.rows_conflict),
        ("Số dòng nghi trùng (đã nhập, cần rà soát)", job.rows_flagged),
        ("Ghi chú", job.message),
    ]
    for row in rows:
        sheet.append(row)
