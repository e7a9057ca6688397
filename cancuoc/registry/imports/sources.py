"""Open a people list safely and stream its rows: CSV (any size) or .xlsx (python-calamine).

Everything that makes a whole file unusable is found here, before any row is written:
empty file, binary or renamed file, old .xls, legacy TCVN3/VNI text, bad UTF-8 anywhere in a
CSV, merged cells, formulas without a computed value, no header, header only. Problems raise
FileRefused with a Vietnamese explanation.

Formulas: we use the value Excel computed and saved with the file. A formula with no saved
value (a file produced by a script and never opened in Excel) refuses the file, naming the
cell. Spreadsheets are read with python-calamine (Rust): openpyxl's read-only mode parsed the
whole sheet again on every open to find its size (3.5 s per open for 50,000 rows).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from cancuoc.registry.imports.encodings import ENCODING_NAMES, detect_legacy

CHUNK = 1 << 20
SAMPLE = 256 * 1024
UNICODE_HELP = (
    "Hãy chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã, bảng mã nguồn {name}, "
    "bảng mã đích Unicode), rồi lưu lại dưới dạng Excel .xlsx hoặc “CSV UTF-8”."
)


class FileRefused(ValueError):
    """The file as a whole cannot be imported; `reason` is Vietnamese and says what to do."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Source:
    """An opened list: its format, encoding, header cells and a way to stream data rows."""

    path: Path
    format: str
    encoding: str
    headers: list[str]
    rows_expected: int
    notes: list[str] = field(default_factory=list)

    def rows(self, *, after: int = 1) -> Iterator[tuple[int, list]]:
        """(row number, cells) for data rows numbered above `after`; the header is row 1."""
        reader = _csv_rows if self.format == "csv" else _xlsx_rows
        for number, cells in reader(self):
            if number > after and has_value(cells):
                yield number, cells


def open_source(path: Path | str, *, name: str = "", max_bytes: int | None = None) -> Source:
    """Sniff the file by content (not by its name), check it, and read the header row."""
    path = Path(path)
    name = name or path.name
    size = path.stat().st_size
    if size == 0:
        raise FileRefused("Tệp rỗng (0 byte): không có dữ liệu để nhập.")
    if max_bytes is not None and size > max_bytes:
        raise FileRefused(
            f"Tệp dung lượng {size / 1e6:.1f} MB, vượt giới hạn {max_bytes / 1e6:.0f} MB. "
            "Hãy chia danh sách thành nhiều tệp nhỏ hơn, hoặc dùng lệnh "
            "“cancuoc import people” với tệp CSV."
        )
    with path.open("rb") as f:
        head = f.read(SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            f"“{name}” là tệp Excel 97–2003 (.xls), chưa được hỗ trợ. "
            "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx (Excel Workbook)."
        )
    if _looks_binary(head):
        raise FileRefused(_binary_message(name))
    return _open_csv(path, name, head)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(b < 9 or 13 < b < 32 for b in head[:4096])
    return controls > len(head[:4096]) // 20


def _binary_message(name: str) -> str:
    if name.lower().endswith((".xlsx", ".xlsm")):
        return (
            f"“{name}” có đuôi .xlsx nhưng không phải tệp Excel hợp lệ (có thể bị hỏng hoặc "
            "bị đổi tên từ loại tệp khác). Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx."
        )
    return (
        f"“{name}” không phải bảng tính CSV hay Excel .xlsx (nội dung là dữ liệu nhị phân). "
        "Hãy xuất danh sách ra Excel .xlsx hoặc CSV UTF-8."
    )


# ---------------------------------------------------------------------------------------- CSV


def _open_csv(path: Path, name: str, head: bytes) -> Source:
    encoding = _csv_encoding(path, name, head)
    text = head.decode(encoding, errors="ignore")
    if legacy := detect_legacy(text if encoding == "latin-1" else _latin1_view(text)):
        raise FileRefused(_legacy_message(name, legacy, unicode_file=encoding != "latin-1"))
    if encoding == "latin-1":
        raise FileRefused(
            f"“{name}” không phải văn bản Unicode (UTF-8) và không nhận ra bảng mã. "
            "Hãy lưu lại tệp dưới dạng “CSV UTF-8” hoặc Excel .xlsx."
        )
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first_line.count)
    source = Source(path, "csv", encoding, [], _count_lines(path))
    source.delimiter = delimiter  # type: ignore[attr-defined]
    source.headers = _first_row(source)
    source.rows_expected = max(0, source.rows_expected - 1)
    return source


def _csv_encoding(path: Path, name: str, head: bytes) -> str:
    """utf-8-sig or utf-16 when the whole file decodes; "latin-1" marks an 8-bit legacy file."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                if offset == 0 and exc.start < SAMPLE and not _mostly_utf8(head):
                    return "latin-1"
                line = _line_of(path, offset + exc.start)
                raise FileRefused(
                    f"“{name}” có ký tự không đọc được ở dòng {line} (không phải UTF-8). "
                    "Có thể tệp bị ghép từ nhiều nguồn hoặc bị hỏng; hãy lưu lại dưới dạng "
                    "“CSV UTF-8” rồi tải lên lại."
                ) from None
            offset += len(chunk)
    return "utf-8-sig"


def _mostly_utf8(head: bytes) -> bool:
    """True when the sample is UTF-8 with a few damaged bytes, not an 8-bit legacy file."""
    text = head.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return sum(not c.isascii() for c in text) > 10 * bad


def _line_of(path: Path, position: int) -> int:
    with path.open("rb") as f:
        return f.read(position).count(b"\n") + 1


def _latin1_view(text: str) -> str:
    """Unicode text as the Latin-1 bytes a legacy font would have typed, where possible."""
    return "".join(c if c <= "\xff" else " " for c in text)


def _legacy_message(name: str, legacy: str, *, unicode_file: bool) -> str:
    label = ENCODING_NAMES[legacy]
    where = "được lưu thành Unicode nhưng chữ vẫn gõ bằng" if unicode_file else "dùng"
    return (
        f"“{name}” {where} bảng mã cũ {label}, nên tên người và địa chỉ sẽ bị sai dấu "
        "(ví dụ “NguyÔn V¨n” hay “Nguyeãn Vaên”). Hệ thống không tự chuyển đổi để tránh ghi sai "
        "họ tên. " + UNICODE_HELP.format(name=label.split(" ")[0])
    )


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


# csv's quote character: the only one that lets a record span lines (imports/blocks.py).
QUOTECHAR = '"'


def csv_reader(lines, delimiter: str):
    """The one CSV dialect of imports: the file reader here and the workers' text blocks."""
    return csv.reader(lines, delimiter=delimiter, quotechar=QUOTECHAR)


def has_value(cells) -> bool:
    """Whether a row has any non-empty cell (blank rows are skipped, not reported)."""
    return any(c not in (None, "") for c in cells)


def _reader(source: Source, f: io.TextIOBase):
    return csv_reader(f, source.delimiter)  # type: ignore[attr-defined]


def _first_row(source: Source) -> list[str]:
    with source.path.open(encoding=source.encoding, newline="") as f:
        return next(_reader(source, f), [])


def _csv_rows(source: Source) -> Iterator[tuple[int, list]]:
    with source.path.open(encoding=source.encoding, newline="", buffering=CHUNK) as f:
        reader = _reader(source, f)
        next(reader, None)
        try:
            yield from enumerate(reader, start=2)
        except csv.Error as exc:
            raise FileRefused(csv_format_error(reader.line_num, exc)) from None


def csv_format_error(line: int, exc: csv.Error) -> str:
    return f"Tệp CSV bị lỗi định dạng ở dòng {line}: {exc}."


# --------------------------------------------------------------------------------------- XLSX

_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')
# A formula cell: capture its reference and what follows the formula (a cached <v> or not).
_FORMULA = re.compile(
    rb'<c\s+r="([A-Z]+\d+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(<v>[^<]|<)'
)


def _open_xlsx(path: Path, name: str) -> Source:
    try:
        sheet_names, sheet_path = _first_sheet(path)
        sheet = _sheet(path)
    except Exception:  # broken archives raise many types (zip, XML, calamine)
        raise FileRefused(
            f"“{name}” là tệp nén nhưng không phải tệp Excel .xlsx đọc được (có thể bị hỏng "
            "hoặc bị đổi tên). Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
        ) from None
    notes = [f"Đọc trang tính đầu tiên “{sheet_names[0]}”."] if len(sheet_names) > 1 else []
    _scan_sheet_xml(path, sheet_path, name)
    rows = _sheet_rows(sheet)
    header_row = next(rows, (1, []))
    headers = [_text(v) for v in header_row[1]] if header_row[0] == 1 else []
    expected = max(0, sheet.end[0] if sheet.end else 0) if sheet.start else 0
    source = Source(path, "xlsx", "xlsx", headers, expected, notes)
    _check_legacy_cells(source, name)
    return source


_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _first_sheet(path: Path) -> tuple[list[str], str]:
    """The workbook's sheet names, and the archive path of the first sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    sheets = [e for e in book.iter() if e.tag.endswith("}sheet")]
    targets = {e.get("Id"): e.get("Target") for e in rels}
    target = targets[sheets[0].get(_RELS)]
    path_in_zip = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return [e.get("name") for e in sheets], path_in_zip


def _sheet(path: Path):
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)


def _sheet_rows(sheet) -> Iterator[tuple[int, list]]:
    """(row number, cells from column A) of the used range; calamine starts at its corner."""
    if sheet.start is None:
        return iter(())
    first_row, first_column = sheet.start
    pad = [""] * first_column
    return (
        (first_row + i + 1, pad + row if pad else row) for i, row in enumerate(sheet.iter_rows())
    )


def _scan_sheet_xml(path: Path, sheet_path: str, name: str) -> None:
    """Stream the sheet's XML once for merged cells and formulas without a saved value."""
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path) as f:
        while chunk := f.read(CHUNK):
            data = tail + chunk
            if m := _MERGE.search(data):
                raise FileRefused(
                    f"“{name}” có ô gộp (merged cells) tại {m[1].decode()}. Mỗi công dân phải "
                    "nằm trên đúng một dòng, mỗi thông tin một cột: hãy bỏ gộp ô "
                    "(Unmerge Cells), điền đủ giá trị rồi tải lên lại."
                )
            for m in _FORMULA.finditer(data):
                if not m[2].startswith(b"<v>"):
                    raise FileRefused(
                        f"“{name}” có công thức chưa được tính ở ô {m[1].decode()}. Hệ thống "
                        "dùng giá trị Excel đã tính và lưu trong tệp; hãy mở tệp bằng Excel, "
                        "lưu lại (hoặc Sao chép → Dán giá trị) rồi tải lên lại."
                    )
            tail = data[-4096:]


def _check_legacy_cells(source: Source, name: str) -> None:
    sample: list[str] = []
    for _, cells in itertools.islice(source.rows(), 200):
        sample.extend(_latin1_view(c) for c in cells if isinstance(c, str))
    if legacy := detect_legacy(" ".join(sample)):
        raise FileRefused(_legacy_message(name, legacy, unicode_file=True))


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _xlsx_rows(source: Source) -> Iterator[tuple[int, list]]:
    yield from _sheet_rows(_sheet(source.path))
