"""validate_person_fields / validate_person_changes: raw text in, clean values or Vietnamese
errors per field out, without touching the database."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.registry.validation import (
    UnitRef,
    first_error,
    validate_person_changes,
    validate_person_fields,
)

ON = dt.date(2025, 8, 1)
MINIMAL = {"full_name": "Nguyễn Văn An", "birth_date": "15/05/1990", "sex": "Nam"}
UNITS = {
    "26041": UnitRef(7, "26041", "Phường Trảng Dài", 1, dt.date(2025, 7, 1), None),
    "25999": UnitRef(8, "25999", "Phường Cũ", 1, None, dt.date(2025, 6, 30)),
}


def clean_of(**raw):
    clean, errors = validate_person_fields(MINIMAL | raw, on=ON)
    assert errors == {}
    return clean


def errors_of(**raw):
    return validate_person_fields(MINIMAL | raw, on=ON)[1]


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("full_name", "  nguyễn   văn  an ", "Nguyễn Văn An"),
        ("full_name", "NGUYỄN THỊ HOÀ", "Nguyễn Thị Hòa"),
        ("ethnicity", "Kinh", "01"),
        ("ethnicity", "khơ me", "05"),
        ("religion", "Thiên Chúa giáo", "02"),
        ("nationality", "Viet Nam", "VN"),
        ("nationality", "", "VN"),
        ("blood_group", "o dương", "O+"),
        ("marital_status", "đã ly hôn", "divorced"),
        ("phone", "+84 912 345 678", "0912345678"),
        ("phone", "0912.345.678", "0912345678"),
        ("email", " An@Example.VN ", "an@example.vn"),
        ("old_id_number", "271 234 567", "271234567"),
        ("personal_id", "075 090 012 345", "075090012345"),
        ("personal_id", "", None),
        ("status", "Đã chết", "dead"),
    ],
)
def test_it_cleans_common_spellings(field, text, expected):
    assert clean_of(**{field: text})[field] == expected


@pytest.mark.parametrize(
    ("text", "stored", "precision"),
    [
        ("15/05/1990", dt.date(1990, 5, 15), "day"),
        ("03/1962", dt.date(1962, 3, 1), "month"),
        ("1957", dt.date(1957, 1, 1), "year"),
    ],
)
def test_it_keeps_the_precision_of_partial_birth_dates(text, stored, precision):
    clean = clean_of(birth_date=text, personal_id="")
    assert (clean["birth_date"], clean["birth_precision"]) == (stored, precision)


@pytest.mark.parametrize(
    ("raw", "field", "fragment"),
    [
        ({"full_name": ""}, "full_name", "Chưa nhập"),
        ({"full_name": "Nguyễn Văn 2"}, "full_name", "chữ số"),
        ({"birth_date": "31/02/1990"}, "birth_date", "không tồn tại"),
        ({"birth_date": "15/05/2030"}, "birth_date", "ở sau ngày 01/08/2025"),
        ({"birth_date": "15/05/90"}, "birth_date", "4 chữ số"),
        ({"sex": "X"}, "sex", "Nam hoặc Nữ"),
        ({"personal_id": "07509001234"}, "personal_id", "12 chữ số"),
        ({"personal_id": "999090012345"}, "personal_id", "Mã nơi đăng ký khai sinh"),
        ({"personal_id": "075190012345"}, "personal_id", "khác giới tính"),
        ({"personal_id": "075091012345"}, "personal_id", "khác năm sinh"),
        ({"ethnicity": "Klingon"}, "ethnicity", "không có trong danh mục dân tộc"),
        ({"old_id_number": "12345"}, "old_id_number", "9 chữ số"),
        ({"phone": "12345"}, "phone", "10 chữ số"),
        ({"email": "an@"}, "email", "thư điện tử"),
        ({"death_date": "01/01/2020", "status": "Còn sống"}, "death_date", "Người còn sống"),
        ({"death_date": "01/01/1980", "status": "dead"}, "death_date", "trước ngày sinh"),
    ],
)
def test_it_names_the_faulty_field_in_vietnamese(raw, field, fragment):
    errors = errors_of(**raw)
    assert fragment in errors[field]


def test_a_death_date_without_status_means_dead():
    assert clean_of(death_date="02/03/2020")["status"] == "dead"


def test_it_resolves_the_commune_and_checks_it_is_valid_on_the_date():
    clean, errors = validate_person_fields(MINIMAL | {"unit": "26041"}, on=ON, units=UNITS)
    assert errors == {} and (clean["unit_id"], clean["province_id"]) == (7, 1)
    _, errors = validate_person_fields(MINIMAL | {"unit": "25999"}, on=ON, units=UNITS)
    assert "không còn hiệu lực ngày 01/08/2025" in errors["unit"]
    _, errors = validate_person_fields(MINIMAL, on=ON, units=UNITS)
    assert "Chưa chọn" in errors["unit"]


def test_an_edit_rechecks_the_id_number_against_the_new_birth_date():
    current = clean_of(personal_id="075090012345")
    _, errors = validate_person_changes({"birth_date": "1991"}, current=current, on=ON)
    assert "khác năm sinh" in errors["personal_id"]


def test_an_old_flaw_elsewhere_does_not_block_an_unrelated_edit():
    current = clean_of() | {"personal_id": "075190012345"}  # imported with a wrong sex digit
    clean, errors = validate_person_changes({"phone": "0912345678"}, current=current, on=ON)
    assert errors == {} and clean == {"phone": "0912345678"}


def test_first_error_names_the_field():
    assert first_error({"sex": "Chưa nhập giới tính"}) == "Giới tính: Chưa nhập giới tính"
