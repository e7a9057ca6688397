"""Raw person fields (as typed on a form or read from an import row) -> clean values.

One validator for every entry path: the services, the web forms and the bulk import all call
`validate_person_fields` (or `validate_person_changes` for an edit). It is pure apart from the
caller-supplied unit lookup, so an import can call it once per row without touching the
database. Errors come back per field, in Vietnamese, ready to show next to the field or in an
import report ("dòng 12, Số định danh cá nhân: ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any

from cancuoc.rules import catalogues
from cancuoc.rules.dates import format_date_vi, parse_date, parse_partial_date
from cancuoc.rules.errors import RuleError
from cancuoc.rules.idnumber import (
    Sex,
    check_consistency,
    clean_digits,
    is_old_id_number,
    parse_id_number,
)
from cancuoc.rules.names import fold, normalise_name, split_name

# Labels used in messages, matching the model's verbose names (the 26 items of Điều 9).
FIELD_LABELS: dict[str, str] = {
    "full_name": "Họ, chữ đệm và tên khai sinh",
    "other_name": "Tên gọi khác",
    "personal_id": "Số định danh cá nhân",
    "birth_date": "Ngày sinh",
    "sex": "Giới tính",
    "birthplace": "Nơi sinh",
    "birth_registration_place": "Nơi đăng ký khai sinh",
    "hometown": "Quê quán",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "nationality": "Quốc tịch",
    "blood_group": "Nhóm máu",
    "old_id_number": "Số CMND 9 số",
    "residence_file_no": "Số hồ sơ cư trú",
    "marital_status": "Tình trạng hôn nhân",
    "relation_to_head": "Quan hệ với chủ hộ",
    "status": "Tình trạng",
    "death_date": "Ngày chết/mất tích",
    "phone": "Số thuê bao di động",
    "email": "Thư điện tử",
    "record_id": "Mã hồ sơ nguồn",
    "unit": "Xã/phường quản lý",
}
REQUIRED = ("full_name", "birth_date", "sex")
# Oldest plausible birth: nobody recorded alive is older than this many years.
MAX_AGE_YEARS = 130

_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_HAS_DIGIT = re.compile(r"\d")
# Vietnamese mobile numbers: 10 digits starting with 0 (after the 2018 renumbering); +84 or 84
# in front of the 9 national digits is the international form of the same number.
_MOBILE = re.compile(r"0\d{9}")
_STATUS_WORDS = {
    "alive": "alive", "con song": "alive", "song": "alive",
    "dead": "dead", "da chet": "dead", "chet": "dead", "da mat": "dead", "tu vong": "dead",
    "da tu vong": "dead", "missing": "missing", "mat tich": "missing",
}  # fmt: skip


@dataclass(frozen=True)
class UnitRef:
    """What validation needs to know about a commune: ids, name and validity dates."""

    id: int
    code: str
    name: str
    province_id: int
    valid_from: date | None = None
    valid_to: date | None = None

    def is_valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


# Communes by code; a dict built once (queries.commune_refs) or any mapping the caller has.
UnitLookup = Mapping[str, UnitRef]


@dataclass(frozen=True)
class PersonInput:
    """A new person as typed or received: raw text per field, validated by create_person."""

    full_name: str
    birth_date: str
    sex: str
    unit: str  # commune code (current structure)
    other_name: str = ""
    personal_id: str = ""
    birthplace: str = ""
    birth_registration_place: str = ""
    hometown: str = ""
    ethnicity: str = ""
    religion: str = ""
    nationality: str = ""
    blood_group: str = ""
    old_id_number: str = ""
    residence_file_no: str = ""
    marital_status: str = ""
    relation_to_head: str = ""
    status: str = ""
    death_date: str = ""
    phone: str = ""
    email: str = ""
    record_id: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PersonInput:
        names = {f.name for f in fields(cls)}
        return cls(**{k: "" if v is None else str(v) for k, v in data.items() if k in names})

    def as_raw(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def name_keys(full_name: str) -> tuple[str, str]:
    """Search keys kept on every person: the folded full name and the folded given name."""
    return fold(full_name)[:120], fold(split_name(full_name).given)[:40]


# --- one cleaner per field: (text, on) -> clean value; raise RuleError with the reason -----


def _text(max_length: int) -> Callable[[str, date], str]:
    def clean(text: str, on: date) -> str:
        value = _SPACES.sub(" ", text).strip()
        if len(value) > max_length:
            raise RuleError(f"Dài quá {max_length} ký tự")
        return value

    return clean


def _name(text: str, on: date) -> str:
    value = normalise_name(text)
    if _HAS_DIGIT.search(value):
        raise RuleError(f"“{value}” có chữ số: họ tên chỉ gồm chữ cái")
    if len(value) > 120:
        raise RuleError("Dài quá 120 ký tự")
    return value


# The same number is parsed by its cleaner, then by the consistency check (and, in a list, as
# a card number or a relative's number): parse each text once. Pure, so safe to cache.
parse_id_cached = _parse_id = lru_cache(maxsize=8192)(parse_id_number)


def _personal_id(text: str, on: date) -> str:
    parsed = _parse_id(text)  # the same call as the consistency check: parsed once
    if parsed.birth_year > on.year:
        parse_id_number(text, on=on)  # raises the reason (a birth year in the future)
    return parsed.text


def _old_id_number(text: str, on: date) -> str:
    digits = clean_digits(text)
    if not is_old_id_number(digits):
        raise RuleError(f"“{text}” không hợp lệ: số CMND cũ gồm đúng 9 chữ số")
    return digits


def _birth(text: str, on: date) -> tuple[date, str]:
    partial = parse_partial_date(text)
    if partial.earliest() > on:
        raise RuleError(f"Ngày sinh {partial} ở sau ngày {format_date_vi(on)}")
    if partial.year < on.year - MAX_AGE_YEARS:
        raise RuleError(f"Năm sinh {partial.year} không hợp lý (hơn {MAX_AGE_YEARS} tuổi)")
    return partial.to_date(), partial.precision.value


def _sex(text: str, on: date) -> str:
    return Sex.parse(text).value


def _catalogue(catalogue: catalogues.Catalogue) -> Callable[[str, date], str]:
    # An import repeats a handful of spellings ("Kinh", "Không", "Việt Nam") a million times.
    resolve = lru_cache(maxsize=2048)(lambda text: catalogue.resolve(text).code)
    return lambda text, on: resolve(text)


def _status(text: str, on: date) -> str:
    try:
        return _STATUS_WORDS[fold(text)]
    except KeyError:
        raise RuleError(f"“{text}” không hợp lệ: chọn Còn sống, Đã chết hoặc Mất tích") from None


def _death_date(text: str, on: date) -> date:
    value = parse_date(text)
    if value > on:
        raise RuleError(f"Ngày {format_date_vi(value)} ở sau ngày {format_date_vi(on)}")
    return value


def _phone(text: str, on: date) -> str:
    digits = clean_digits(text).replace("(", "").replace(")", "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise RuleError(f"“{text}” không hợp lệ: số di động gồm 10 chữ số, bắt đầu bằng 0")
    return digits


def _email(text: str, on: date) -> str:
    value = text.strip().lower()
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise RuleError(f"“{text}” không phải địa chỉ thư điện tử hợp lệ")
    return value


CLEANERS: dict[str, Callable[[str, date], Any]] = {
    "full_name": _name,
    "other_name": _name,
    "personal_id": _personal_id,
    "birth_date": _birth,
    "sex": _sex,
    "birthplace": _text(255),
    "birth_registration_place": _text(255),
    "hometown": _text(255),
    "ethnicity": _catalogue(catalogues.ETHNICITIES),
    "religion": _catalogue(catalogues.RELIGIONS),
    "nationality": _catalogue(catalogues.NATIONALITIES),
    "blood_group": _catalogue(catalogues.BLOOD_GROUPS),
    "old_id_number": _old_id_number,
    "residence_file_no": _text(30),
    "marital_status": _catalogue(catalogues.MARITAL_STATUSES),
    "relation_to_head": _text(40),
    "status": _status,
    "death_date": _death_date,
    "phone": _phone,
    "email": _email,
    "record_id": _text(60),
}
# The value an empty optional field stores.
EMPTY: dict[str, Any] = {
    "personal_id": None,
    "death_date": None,
    "nationality": "VN",
    "status": "",  # decided by _check_status: alive, or dead when a death date is given
}


def clean_field(field: str, text: str, on: date) -> Any:
    """The clean value of one non-empty field (birth_date: a (date, precision) pair); raise
    RuleError with the reason. Pure in (field, text, on): a bulk import may memoise it."""
    return CLEANERS[field](text, on)


def missing_message(field: str) -> str:
    """The error of a required field left empty."""
    return f"Chưa nhập {FIELD_LABELS[field].lower()}"


def _clean_one(field: str, text: str, on: date, clean: dict, errors: dict) -> None:
    text = "" if text is None else str(text).strip()
    if not text:
        if field in REQUIRED:
            errors[field] = missing_message(field)
        else:
            clean[field] = EMPTY.get(field, "")
        return
    try:
        value = clean_field(field, text, on)
    except RuleError as exc:
        errors[field] = exc.reason
        return
    if field == "birth_date":
        clean["birth_date"], clean["birth_precision"] = value
    else:
        clean[field] = value


def _clean_unit(text: str, on: date, units: UnitLookup, clean: dict, errors: dict) -> None:
    code = str(text or "").strip()
    ref = units.get(code)
    if not code:
        errors["unit"] = "Chưa chọn xã/phường quản lý"
    elif ref is None:
        errors["unit"] = f"Không có xã/phường mã “{code}” trong phạm vi được chọn"
    elif not ref.is_valid_on(on):
        errors["unit"] = f"{ref.name} (mã {code}) không còn hiệu lực ngày {format_date_vi(on)}"
    else:
        clean["unit_id"], clean["province_id"] = ref.id, ref.province_id


def _clean_fields(raw: Mapping[str, Any], on: date, units: UnitLookup | None) -> tuple[dict, dict]:
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, text in raw.items():
        if field in CLEANERS:
            _clean_one(field, text, on, clean, errors)
    if units is not None and "unit" in raw:
        _clean_unit(raw["unit"], on, units, clean, errors)
    return clean, errors


_SEXES = {sex.value: sex for sex in Sex}


def _check_id_number(record: Mapping[str, Any], errors: dict) -> None:
    number = record.get("personal_id")
    if not number or "personal_id" in errors or not record.get("birth_date"):
        return
    sex = _SEXES.get(record.get("sex"))
    problems = check_consistency(_parse_id(number), birth_year=record["birth_date"].year, sex=sex)
    if problems:
        errors["personal_id"] = "; ".join(problems)


def _check_status(record: dict[str, Any], clean: dict, errors: dict) -> None:
    death, status = record.get("death_date"), record.get("status")
    if not status:
        clean["status"] = record["status"] = "dead" if death else "alive"
    elif status == "alive" and death:
        errors["death_date"] = (
            "Người còn sống không có ngày chết: chọn tình trạng “Đã chết” hoặc “Mất tích”"
        )
    birth = record.get("birth_date")
    if death and birth and death < birth:
        errors["death_date"] = f"Ngày chết {format_date_vi(death)} ở trước ngày sinh"


def validate_person_fields(
    raw: Mapping[str, Any], *, on: date, units: UnitLookup | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate a whole new record: returns (clean values by model field, errors by field).

    `raw` maps field names (FIELD_LABELS) to text; unknown keys are ignored. Required: full
    name, birth date and sex, and the commune when `units` is given (a code looked up in it;
    it must be valid on `on`). Clean values are ready for Person(**clean): the birth date comes
    with its precision, the commune as unit_id and province_id, catalogue values as codes.
    The search keys are not included (see name_keys). Makes no database query.
    """
    full = {field: raw.get(field, "") for field in REQUIRED} | dict(raw)
    if units is not None:
        full.setdefault("unit", "")
    clean, errors = _clean_fields(full, on, units)
    check_record(clean, errors)
    return clean, errors


def check_record(clean: dict[str, Any], errors: dict[str, str]) -> None:
    """The cross-field rules of a whole new record, on its clean values (in place): the ID
    number against birth year and sex, the status against the death date (status defaults to
    alive, or dead when a death date is given)."""
    _check_id_number(clean, errors)
    _check_status(clean, clean, errors)


# Fields whose change re-opens the cross-field checks.
_ID_FIELDS = frozenset({"personal_id", "birth_date", "sex"})
_STATUS_FIELDS = frozenset({"status", "death_date", "birth_date"})


def validate_person_changes(
    raw: Mapping[str, Any],
    *,
    current: Mapping[str, Any],
    on: date,
    units: UnitLookup | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate an edit: only the fields in `raw` are cleaned; `current` holds the stored
    clean values, so cross-field rules (ID number against birth year and sex, death date
    against status) run on the record as it would be after the change. Rules that involve no
    changed field are not re-checked, so an old flaw elsewhere does not block an edit.
    """
    clean, errors = _clean_fields(raw, on, units)
    merged = dict(current) | clean
    if _ID_FIELDS & clean.keys():
        _check_id_number(merged, errors)
    if _STATUS_FIELDS & clean.keys():
        status_given = "status" in clean
        _check_status(merged, clean, errors)
        if not status_given:
            clean.pop("status", None)
    return clean, errors


def first_error(errors: Mapping[str, str]) -> str:
    """One sentence naming the first faulty field, for a page message or an import report."""
    field, message = next(iter(errors.items()))
    return f"{FIELD_LABELS.get(field, field)}: {message}"
