"""One row of a people list -> a PersonRecord for the bulk writer, or the reasons it is refused.

Person fields are validated by the rules of `registry.validation` that every entry path shares
(`clean_field` per field, `check_record` across fields, exactly as `validate_person_fields`
combines them); this module adds what only a list has: units written as codes or names,
residences, relatives, an identity card, the VNeID level, and the area the list is for. Values
that repeat across rows (dates, catalogues, units) are cleaned once per job (`Memo`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from cancuoc.areas.errors import AreasError
from cancuoc.registry.bulk import DocumentRecord, PersonRecord, RelativeRecord, ResidenceRecord
from cancuoc.registry.imports.columns import DATE_FIELDS, UNIT_FIELDS, Layout, label
from cancuoc.registry.validation import (
    CLEANERS,
    check_record,
    clean_field,
    missing_message,
    parse_id_cached,
)
from cancuoc.registry.validation import (
    REQUIRED as REQUIRED_FIELDS,
)
from cancuoc.rules.dates import format_date_vi, parse_date
from cancuoc.rules.errors import RuleError
from cancuoc.rules.idnumber import clean_digits, is_old_id_number
from cancuoc.rules.names import fold

# Import column -> validate_person_fields key, where they differ.
PERSON_FIELDS = {
    "full_name": "full_name", "other_name": "other_name", "personal_id": "personal_id",
    "birth_date": "birth_date", "sex": "sex", "birthplace": "birthplace",
    "birth_registration_place": "birth_registration_place", "hometown": "hometown",
    "ethnicity": "ethnicity", "religion": "religion", "nationality": "nationality",
    "blood_type": "blood_group", "old_id_number": "old_id_number",
    "marital_status": "marital_status", "relation_to_head": "relation_to_head",
    "status": "status", "death_date": "death_date", "phone": "phone", "email": "email",
    "record_id": "record_id",
}  # fmt: skip
COLUMN_OF = {v: k for k, v in PERSON_FIELDS.items()}
MEMO_LIMIT = 200_000
# Person fields whose values identify one person: never repeated, so not worth remembering.
UNIQUE_FIELDS = frozenset({"personal_id", "record_id", "old_id_number", "phone", "email"})
RELATIVES = (
    ("father", "father_name", "father_id"),
    ("mother", "mother_name", "mother_id"),
    ("spouse", "spouse_name", "spouse_id"),
    ("representative", "representative_name", "representative_id"),
)
CARD_KINDS = {
    "cmnd": "cmnd", "chungminhnhandan": "cmnd", "cccd": "cccd", "cancuoccongdan": "cccd",
    "cancuoc": "can_cuoc", "thecancuoc": "can_cuoc", "can_cuoc": "can_cuoc",
}  # fmt: skip
EID_LEVELS = {"": 0, "0": 0, "chuaco": 0, "khong": 0, "1": 1, "muc1": 1, "2": 2, "muc2": 2}
RESIDENCE_KIND = {
    "permanent_unit_code": ("permanent", "permanent_address"),
    "temporary_unit_code": ("temporary", "temporary_address"),
    "current_unit_code": ("current", "current_address"),
}
# Numbers that spreadsheets store as numbers lose their leading zeros: put them back.
ZERO_PAD = {"personal_id": 12, "old_id_number": 9, "phone": 10, **dict.fromkeys(UNIT_FIELDS, 5)}


@dataclass(frozen=True)
class Problem:
    """Why (part of) a row is refused: the column, the value as written, the reason."""

    column: str
    value: str
    message: str


def _field_memos() -> dict[str, dict]:
    return {f: {} for f in PERSON_FIELDS.values() if f not in UNIQUE_FIELDS}


@dataclass
class Memo:
    """Per-job caches: cleaned values of repeated texts, keyed by (cleaner, text) in `values`
    and by text per person field in `fields`."""

    values: dict = field(default_factory=dict)
    fields: dict = field(default_factory=_field_memos)


@dataclass
class RowContext:
    """What every row of one job is validated against."""

    layout: Layout
    on: dt.date
    resolve_unit: Callable[[str], object]  # areas UnitResolver: text -> Unit, or AreasError
    in_area: Callable[[object], bool]
    area_name: str = ""
    memo: Memo = field(default_factory=Memo)
    # Which optional groups of columns the file has: the checks of absent groups are skipped
    # (they could only find nothing).
    has_relatives: bool = field(init=False)
    has_card: bool = field(init=False)
    has_eid: bool = field(init=False)
    orphan_checks: frozenset = field(init=False)  # unit columns whose address/term is in the file

    def __post_init__(self) -> None:
        present = set(self.layout.positions)
        self.has_relatives = any(c in present for _, *columns in RELATIVES for c in columns)
        self.has_card = bool(present & {"card_number", "card_kind", "card_issued_on",
                                        "card_expires_on"})  # fmt: skip
        self.has_eid = "eid_level" in present
        self.orphan_checks = frozenset(
            unit for unit, (kind, address) in RESIDENCE_KIND.items()
            if address in present or (kind == "temporary" and "temporary_until" in present)
        )  # fmt: skip


def cell_text(column: str, value) -> str:
    """A cell as text: numbers without ".0" (zero-padded where a code lost its zeros), dates
    as dd/mm/yyyy, text stripped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime | dt.date):
        return format_date_vi(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if isinstance(value, int) and column in ZERO_PAD:
        width = ZERO_PAD[column]
        if column.endswith("_id") and column != "personal_id":
            width = 12 if len(text) > 9 else 9
        text = text.zfill(width)
    return text


def read_cells(cells: list, layout: Layout) -> dict[str, str]:
    """{column: text} for the non-empty cells of the row."""
    fields, pick, width = layout.picker
    if len(cells) >= width:
        try:  # a CSV row: text only, so strip in C and keep the non-empty ones
            return {f: t for f, t in zip(fields, map(str.strip, pick(cells)), strict=True) if t}
        except TypeError:  # numbers, dates or empty cells of a spreadsheet
            pass
    n = len(cells)
    raw = {
        column: value.strip() if value.__class__ is str else cell_text(column, value)
        for column, position in layout.items
        if position < n and (value := cells[position]) is not None
    }
    return {column: text for column, text in raw.items() if text}


def convert_row(raw: dict[str, str], ctx: RowContext) -> tuple[PersonRecord | None, list[Problem]]:
    """Validate one row; the record is None whenever there is at least one problem."""
    clean, errors = _person_fields(raw, ctx)
    problems = [
        Problem(COLUMN_OF.get(f, f), raw.get(COLUMN_OF.get(f, f), ""), m) for f, m in errors.items()
    ]
    residences, unit = _residences(raw, ctx, problems)
    relatives = _relatives(raw, ctx, problems) if ctx.has_relatives else []
    documents = _documents(raw, clean, ctx, problems) if ctx.has_card else []
    eid_level = _eid_level(raw, problems) if ctx.has_eid else 0
    if problems:
        return None, problems
    household = raw.get("household_code", "")
    if len(household) > 30:
        return None, [Problem("household_code", household, "Dài quá 30 ký tự")]
    record = PersonRecord(
        **clean,
        unit_id=unit.pk,
        province_id=unit.province_id or unit.pk,
        household_code=household,
        household_address=_household_address(residences),
        eid_level=eid_level,
        residences=tuple(residences),
        documents=tuple(documents),
        relatives=tuple(relatives),
    )
    return record, []


class _Refused:
    """A memoised refusal: the cleaner's reason for a text."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _cleaned(ctx: RowContext, field: str, text: str):
    """validation.clean_field(field, text), remembered per distinct text for the fields whose
    values repeat (all but the numbers that identify one person); a refusal is a _Refused."""
    memo = ctx.memo.fields.get(field)
    if memo is not None:
        value = memo.get(text)
        if value is not None:
            return value
    try:
        value = clean_field(field, text, ctx.on)
    except RuleError as exc:
        value = _Refused(exc.reason)
    if memo is not None:
        if len(memo) > MEMO_LIMIT:  # free text can be unbounded: stay in memory
            memo.clear()
        memo[text] = value
    return value


def _person_fields(raw: dict[str, str], ctx: RowContext) -> tuple[dict, dict]:
    """The row's person fields, cleaned as validate_person_fields cleans a new record: each
    field by validation.clean_field (remembered per distinct text), required fields checked,
    then validation.check_record's cross-field rules on the result."""
    clean, errors = {}, {}
    for name in REQUIRED_FIELDS:
        if COLUMN_OF[name] not in raw:
            errors[name] = missing_message(name)
    memos = ctx.memo.fields
    for column, text in raw.items():
        name = PERSON_FIELDS.get(column)
        if name is None:
            continue
        memo = memos.get(name)  # inline first try: this loop runs for every cell
        value = memo.get(text) if memo is not None else None
        if value is None:
            value = _cleaned(ctx, name, text)
        if value.__class__ is _Refused:
            errors[name] = value.reason
        elif name == "birth_date":
            clean["birth_date"], clean["birth_precision"] = value
        else:
            clean[name] = value
    check_record(clean, errors)
    return clean, errors


def _residences(raw, ctx: RowContext, problems: list) -> tuple[list[ResidenceRecord], object]:
    residences, units = [], {}
    for column in UNIT_FIELDS:
        text = raw.get(column)
        if text is None:
            if column in ctx.orphan_checks:
                _orphans(column, raw, problems)
            continue
        unit = _unit(column, text, ctx, problems)
        if unit is None:
            continue
        units[column] = unit
        kind, address_column = RESIDENCE_KIND[column]
        address = raw.get(address_column, "")
        if len(address) > 255:
            problems.append(Problem(address_column, address[:60] + "…", "Dài quá 255 ký tự"))
        expires = _date("temporary_until", raw, ctx, problems) if kind == "temporary" else None
        residences.append(ResidenceRecord(kind, unit.pk, address[:255], expires_on=expires))
    managing = units.get("permanent_unit_code") or units.get("current_unit_code")
    if managing is None and not any(c in raw for c in ("permanent_unit_code", "current_unit_code")):
        problems.append(
            Problem(
                "permanent_unit_code",
                "",
                f"Chưa ghi {label('permanent_unit_code')} hoặc {label('current_unit_code')}",
            )
        )
    elif managing is not None and not ctx.in_area(managing):
        column = "permanent_unit_code" if "permanent_unit_code" in units else "current_unit_code"
        problems.append(
            Problem(
                column,
                raw[column],
                f"{managing} không thuộc địa bàn {ctx.area_name} của lần nhập này",
            )
        )
    return residences, managing


def _orphans(unit_column: str, raw: dict, problems: list) -> None:
    """An address (or a term) whose commune is missing would be lost: say so instead."""
    kind, address_column = RESIDENCE_KIND[unit_column]
    extra = ("temporary_until",) if kind == "temporary" else ()
    for column in (address_column, *extra):
        if raw.get(column):
            problems.append(
                Problem(
                    column,
                    raw[column],
                    f"Có {label(column).lower()} nhưng chưa ghi {label(unit_column)}",
                )
            )


def _unit(column: str, text: str, ctx: RowContext, problems: list):
    try:
        return ctx.resolve_unit(text)
    except AreasError as exc:
        problems.append(Problem(column, text, exc.message))
        return None


def _date(column: str, raw: dict, ctx: RowContext, problems: list) -> dt.date | None:
    text = raw.get(column)
    return _memoised(ctx, column, text, problems, parse_date) if text else None


def _relatives(raw, ctx: RowContext, problems: list) -> list[RelativeRecord]:
    relatives = []
    for kind, name_column, id_column in RELATIVES:
        name, number = raw.get(name_column, ""), raw.get(id_column, "")
        if not (name or number):
            continue
        if name:  # a household's children share their parents: clean each name once
            name = _memoised(ctx, name_column, name, problems, _relative_name, ctx.on)
        if number:
            number = _memoised(ctx, id_column, number, problems, _relative_number)
        relatives.append(RelativeRecord(kind, name or "", number or ""))
    return relatives


def _memoised(ctx: RowContext, column: str, text: str, problems: list, clean, *args):
    """clean(text, *args) once per distinct text; a RuleError becomes this row's problem."""
    key = (clean, text)
    value = ctx.memo.values.get(key)
    if value is None:
        if len(ctx.memo.values) > MEMO_LIMIT:
            ctx.memo.values.clear()
        try:
            value = clean(text, *args)
        except RuleError as exc:
            value = exc
        ctx.memo.values[key] = value
    if isinstance(value, RuleError):
        problems.append(Problem(column, text, value.reason))
        return None
    return value


def _relative_name(text: str, on: dt.date) -> str:
    return CLEANERS["full_name"](text, on)


def _relative_number(text: str) -> str:
    digits = clean_digits(text)
    if is_old_id_number(digits):
        return digits
    try:
        return parse_id_cached(digits).text
    except RuleError as exc:
        raise RuleError(exc.reason + " (hoặc số CMND 9 chữ số)") from None


def _documents(raw, clean: dict, ctx: RowContext, problems: list) -> list[DocumentRecord]:
    number = clean_digits(raw.get("card_number", ""))
    kind_text = raw.get("card_kind", "")
    if not number:
        if kind_text or raw.get("card_issued_on") or raw.get("card_expires_on"):
            problems.append(Problem("card_number", "", "Có thông tin thẻ nhưng chưa ghi số thẻ"))
        return []
    kind = CARD_KINDS.get(_key(kind_text)) if kind_text else None
    if kind_text and kind is None:
        problems.append(
            Problem("card_kind", kind_text, "Loại thẻ phải là CMND, CCCD hoặc Căn cước")
        )
        return []
    kind = kind or ("cmnd" if len(number) == 9 else "cccd")
    _check_card_number(kind, number, raw, clean, problems)
    issued = _date("card_issued_on", raw, ctx, problems)
    expires = _date("card_expires_on", raw, ctx, problems)
    if issued and expires and expires < issued:
        problems.append(
            Problem("card_expires_on", raw["card_expires_on"], "Ngày hết hạn trước ngày cấp")
        )
    if issued and issued > ctx.on:
        problems.append(Problem("card_issued_on", raw["card_issued_on"], "Ngày cấp ở tương lai"))
    return [DocumentRecord(kind, number, issued, expires)]


def _check_card_number(kind, number, raw, clean, problems) -> None:
    text = raw["card_number"]
    if kind == "cmnd":
        if len(number) not in (9, 12) or not number.isdigit():
            problems.append(Problem("card_number", text, "Số CMND gồm 9 hoặc 12 chữ số"))
        return
    try:
        parsed = parse_id_cached(number).text
    except RuleError as exc:
        problems.append(Problem("card_number", text, exc.reason))
        return
    if clean.get("personal_id") and parsed != clean["personal_id"]:
        problems.append(
            Problem("card_number", text, "Số thẻ CCCD/căn cước phải trùng số định danh cá nhân")
        )


def _eid_level(raw, problems: list) -> int:
    text = raw.get("eid_level", "")
    level = EID_LEVELS.get(text)
    if level is None:
        level = EID_LEVELS.get(_key(text))
    if level is None:
        problems.append(Problem("eid_level", text, "Mức định danh điện tử phải là 0, 1 hoặc 2"))
        return 0
    return level


@lru_cache(maxsize=1024)
def _key(text: str) -> str:
    """A catalogue lookup key: folded, without spaces ("Căn cước" -> "cancuoc")."""
    return fold(text).replace(" ", "")


def _household_address(residences: list[ResidenceRecord]) -> str:
    return next((r.address for r in residences if r.kind == "permanent"), "")


def describe_problem(p: Problem, headers: dict[str, str]) -> tuple[str, str, str]:
    """(column as written in the file, value, reason) for the error report."""
    return headers.get(p.column, label(p.column)), p.value[:255], p.message


__all__ = ["DATE_FIELDS", "Memo", "Problem", "RowContext", "convert_row", "read_cells"]
