"""The layout of a people list: its columns, their Vietnamese labels, and header matching.

A header is recognised by its English field name or by one of the labels officers write on
forms (DC01, Điều 9 Luật Căn cước 2023), compared without case, diacritics, spaces or
punctuation: "Họ, chữ đệm và tên", "HO CHU DEM VA TEN" and "full_name" are the same column.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

from cancuoc.rules.names import compact_key

# field -> (Vietnamese label shown in messages, other accepted headers)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "record_id": ("Mã hồ sơ", ("Mã hồ sơ nguồn", "Mã bản ghi", "Mã công dân")),
    "full_name": (
        "Họ, chữ đệm và tên",
        ("Họ, chữ đệm và tên khai sinh", "Họ và tên", "Họ tên", "Họ và tên khai sinh"),
    ),
    "other_name": ("Tên gọi khác", ()),
    "personal_id": (
        "Số định danh cá nhân",
        ("Số định danh", "Số ĐDCN", "Số CCCD", "Số căn cước công dân", "Số căn cước", "CCCD"),
    ),
    "old_id_number": (
        "Số CMND",
        ("Số CMND 9 số", "Số chứng minh nhân dân", "CMND", "Số chứng minh nhân dân 9 số"),
    ),
    "birth_date": ("Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Năm sinh")),
    "sex": ("Giới tính", ("Giới", "Nam/Nữ")),
    "birthplace": ("Nơi sinh", ()),
    "birth_registration_place": ("Nơi đăng ký khai sinh", ("Nơi ĐKKS",)),
    "hometown": ("Quê quán", ()),
    "ethnicity": ("Dân tộc", ()),
    "religion": ("Tôn giáo", ()),
    "nationality": ("Quốc tịch", ()),
    "blood_type": ("Nhóm máu", ("blood_group",)),
    "marital_status": ("Tình trạng hôn nhân", ("Hôn nhân",)),
    "permanent_unit_code": (
        "Mã xã thường trú",
        (
            "Xã thường trú",
            "Xã/phường thường trú",
            "Xã, phường thường trú",
            "Mã đơn vị thường trú",
            "Đơn vị thường trú",
        ),
    ),
    "permanent_address": ("Nơi thường trú", ("Địa chỉ thường trú",)),
    "temporary_unit_code": (
        "Mã xã tạm trú",
        ("Xã tạm trú", "Xã/phường tạm trú", "Xã, phường tạm trú", "Mã đơn vị tạm trú"),
    ),
    "temporary_address": ("Nơi tạm trú", ("Địa chỉ tạm trú",)),
    "temporary_until": ("Thời hạn tạm trú", ("Tạm trú đến ngày", "Tạm trú đến")),
    "current_unit_code": (
        "Mã xã nơi ở hiện tại",
        ("Xã nơi ở hiện tại", "Xã/phường nơi ở hiện tại", "Mã đơn vị nơi ở hiện tại"),
    ),
    "current_address": ("Nơi ở hiện tại", ("Địa chỉ nơi ở hiện tại", "Địa chỉ hiện tại")),
    "household_code": ("Số hộ", ("Mã hộ", "Mã hộ gia đình", "Số hộ gia đình")),
    "relation_to_head": ("Quan hệ với chủ hộ", ("Quan hệ chủ hộ",)),
    "father_name": ("Họ tên cha", ("Họ, chữ đệm và tên cha", "Họ và tên cha")),
    "father_id": ("Số định danh của cha", ("Số định danh cha", "CCCD cha", "CMND cha")),
    "mother_name": ("Họ tên mẹ", ("Họ, chữ đệm và tên mẹ", "Họ và tên mẹ")),
    "mother_id": ("Số định danh của mẹ", ("Số định danh mẹ", "CCCD mẹ", "CMND mẹ")),
    "spouse_name": ("Họ tên vợ/chồng", ("Họ, chữ đệm và tên vợ/chồng", "Họ và tên vợ/chồng")),
    "spouse_id": ("Số định danh của vợ/chồng", ("Số định danh vợ/chồng", "CCCD vợ/chồng")),
    "representative_name": (
        "Họ tên người đại diện hợp pháp",
        ("Người đại diện hợp pháp", "Họ tên người đại diện"),
    ),
    "representative_id": (
        "Số định danh người đại diện hợp pháp",
        ("Số định danh người đại diện", "CCCD người đại diện"),
    ),
    "phone": ("Số thuê bao di động", ("Số điện thoại", "Điện thoại", "SĐT", "Di động")),
    "email": ("Thư điện tử", ("Email", "E-mail", "Địa chỉ thư điện tử")),
    "status": ("Tình trạng", ("Trạng thái", "Còn sống/đã chết")),
    "death_date": ("Ngày chết", ("Ngày chết/mất tích", "Ngày, tháng, năm chết", "Ngày mất")),
    "card_number": ("Số thẻ", ("Số thẻ căn cước", "Số giấy tờ")),
    "card_kind": ("Loại thẻ", ("Loại giấy tờ",)),
    "card_issued_on": ("Ngày cấp", ("Ngày cấp thẻ",)),
    "card_expires_on": ("Có giá trị đến", ("Ngày hết hạn", "Giá trị đến")),
    "eid_level": ("Mức định danh điện tử", ("Định danh điện tử", "VNeID", "Mức VNeID")),
}

REQUIRED = ("full_name", "birth_date", "sex")
# At least one of these gives the commune that will manage the record.
RESIDENCE_UNITS = ("permanent_unit_code", "current_unit_code")
UNIT_FIELDS = ("permanent_unit_code", "temporary_unit_code", "current_unit_code")
DATE_FIELDS = ("birth_date", "temporary_until", "death_date", "card_issued_on", "card_expires_on")


def label(field: str) -> str:
    """The Vietnamese label of a field, for messages and the error report."""
    return COLUMNS[field][0] if field in COLUMNS else field


def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field, (vi, others) in COLUMNS.items():
        for spelling in (field, vi, *others):
            key = compact_key(spelling.replace("_", " "))
            if index.setdefault(key, field) != field:
                raise ValueError(f"header alias {spelling!r} names two fields")
    return index


ALIASES = _alias_index()


class HeaderError(ValueError):
    """The header row cannot be used; `reason` is Vietnamese and names the columns."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Layout:
    """Which file column holds which field; ignored headers are reported, not guessed."""

    positions: dict[str, int]
    ignored: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.positions)

    @cached_property
    def items(self) -> tuple[tuple[str, int], ...]:
        """(field, position) pairs, computed once: read for every row."""
        return tuple(self.positions.items())

    @cached_property
    def picker(self) -> tuple[tuple[str, ...], Callable[[list], tuple], int]:
        """(fields, a function taking their cells out of a row in that order, the number of
        cells a row needs for it): the fast path of reading a full row of text."""
        fields, positions = zip(*self.items, strict=True) if self.items else ((), ())
        pick = itemgetter(*positions) if len(positions) > 1 else (lambda row: (row[0],))
        return fields, pick, max(positions, default=-1) + 1


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def match_headers(headers: list[str]) -> Layout:
    """Map header cells to fields; raise HeaderError for duplicates or missing required ones."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for i, header in enumerate(headers):
        text = str(header or "").strip()
        if not text:
            continue
        field = ALIASES.get(compact_key(text.replace("_", " ")))
        if field is None:
            ignored.append(text)
        elif field in positions:
            raise HeaderError(
                f"Cột “{label(field)}” xuất hiện hai lần (cột {column_letter(positions[field])} "
                f"và cột {column_letter(i)}). Hãy xóa một cột."
            )
        else:
            positions[field] = i
    _check_required(positions, ignored)
    return Layout(positions=positions, ignored=tuple(ignored))


def _check_required(positions: dict[str, int], ignored: list[str]) -> None:
    if not positions and not ignored:
        raise HeaderError("Dòng đầu tiên của tệp trống: cần một dòng tiêu đề ghi tên các cột.")
    missing = [f for f in REQUIRED if f not in positions]
    if not any(f in positions for f in RESIDENCE_UNITS):
        missing.append(RESIDENCE_UNITS[0])
    if not missing:
        return
    parts = []
    for field in missing:
        text = f"“{label(field)}” ({field})"
        if field == RESIDENCE_UNITS[0]:
            text += f" hoặc “{label(RESIDENCE_UNITS[1])}” ({RESIDENCE_UNITS[1]})"
        if guess := closest_header(field, ignored):
            text += f" — có phải cột “{guess}” trong tệp?"
        parts.append(text)
    raise HeaderError("Thiếu cột bắt buộc: " + "; ".join(parts) + ".")


def closest_header(field: str, candidates: list[str]) -> str | None:
    """The header in `candidates` most like one of the field's names, if close enough."""
    vi, others = COLUMNS[field]
    names = [compact_key(n.replace("_", " ")) for n in (field, vi, *others)]
    best, best_ratio = None, 0.0
    for candidate in candidates:
        key = compact_key(candidate.replace("_", " "))
        for name in names:
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best if best_ratio >= 0.6 else None
