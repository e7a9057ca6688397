"""The bad-file corpus, built on demand in a temporary directory (nothing large is committed).

Each builder writes one file and returns its path; `people_rows(n)` makes valid rows for the
conftest communes (26041 Trảng Dài, 26068 Tam Hiệp) so a test can mix good and bad rows.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from cancuoc.registry.imports.encodings import _TCVN3_BYTES, _TCVN3_LETTERS, _VNI_PAIRS, _VNI_SINGLE
from cancuoc.rules.idnumber import Sex, generate_id_number

HEADER = [
    "full_name",
    "birth_date",
    "sex",
    "personal_id",
    "permanent_unit_code",
    "permanent_address",
]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Minh", "Ngọc", "Phúc", "Quỳnh", "Sơn", "Thảo"]


def people_rows(n: int, *, start: int = 0, unit: str = "26041") -> list[list[str]]:
    """n valid rows with distinct names and consistent ID numbers (born 1960-1999)."""
    rows = []
    for i in range(start, start + n):
        year, female = 1960 + i % 40, i % 2 == 1
        pid = generate_id_number(
            place_code="075", sex=Sex.FEMALE if female else Sex.MALE, birth_year=year, serial_int=i
        )
        name = f"Nguyễn {'Thị' if female else 'Văn'} {_word(i)} {GIVEN[i % len(GIVEN)]}"
        rows.append(
            [
                name,
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}",
                "Nữ" if female else "Nam",
                pid,
                unit,
                f"Số {i}, tổ {i % 30}",
            ]
        )
    return rows


def _word(i: int) -> str:
    """A distinct extra given name per index, letters only ("Ba", "Bb", ...)."""
    letters = "abcdeghiklmnopqrstuvxy"
    word = ""
    i += len(letters)
    while i:
        i, r = divmod(i, len(letters))
        word = letters[r] + word
    return word.capitalize()


def write_csv(
    path: Path,
    rows: list[list],
    *,
    header: list[str] | None = HEADER,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path,
    rows: list[list],
    *,
    header: list[str] | None = HEADER,
    merge: str | None = None,
    formula_cell: str | None = None,
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula_cell:
        sheet[formula_cell] = "=1+1"  # openpyxl saves no computed value
    book.save(path)
    return path


def to_tcvn3(text: str) -> str:
    """Unicode -> the Latin-1 characters a .VnTime (TCVN3) file holds."""
    table = str.maketrans(dict(zip(_TCVN3_LETTERS, _TCVN3_BYTES, strict=True)))
    return text.lower().translate(table)


def to_vni(text: str) -> str:
    """Unicode -> the Windows-1252 characters a VNI-Times file holds."""
    inverse = {v: k for k, v in {**_VNI_PAIRS, **_VNI_SINGLE}.items()}
    return "".join(inverse.get(c, c) for c in text)


def legacy_csv(path: Path, encoding: str, n: int = 5) -> Path:
    """A CSV whose Vietnamese text is in TCVN3 or VNI bytes (as such old files are)."""
    convert = to_tcvn3 if encoding == "tcvn3" else to_vni
    rows = [[convert(c) for c in row] for row in people_rows(n)]
    return write_csv(path, rows, encoding="latin-1" if encoding == "tcvn3" else "cp1252")


def binary_named_xlsx(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 64)
    return path


def zip_not_xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path
