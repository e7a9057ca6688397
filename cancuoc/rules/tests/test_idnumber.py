from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.errors import InvalidIdNumber, RuleError
from cancuoc.rules.idnumber import (
    CURRENT_PROVINCE_OF_CODE,
    CURRENT_PROVINCES,
    PROVINCE_CODES,
    IdNumber,
    Sex,
    check_consistency,
    describe_place_code,
    format_id_number,
    generate_id_number,
    is_old_id_number,
    is_valid_id_number,
    mask_id_number,
    parse_id_number,
)

place_codes = st.sampled_from(sorted(PROVINCE_CODES))
sexes = st.sampled_from(list(Sex))
birth_years = st.integers(1900, 2099)
serials = st.integers(0, 999_999)


# vn_spec §1.6: vectors published by open-source parsers, re-checked with the formula.
@pytest.mark.parametrize(
    ("text", "place", "year", "sex", "serial"),
    [
        ("020093001656", "020", 1993, Sex.MALE, "001656"),  # identique/idnumbers
        ("001087123456", "001", 1987, Sex.MALE, "123456"),  # vn-ident README
        ("037153000257", "037", 1953, Sex.FEMALE, "000257"),  # vietnam-personal-id-number-explain
        ("037098000123", "037", 1998, Sex.MALE, "000123"),  # vi-fix
        ("001 090 012 345", "001", 1990, Sex.MALE, "012345"),
        ("079.303.000.001", "079", 2003, Sex.FEMALE, "000001"),
    ],
)
def test_it_decodes_the_published_vectors(text, place, year, sex, serial):
    n = parse_id_number(text)
    assert (n.place_code, n.birth_year, n.sex, n.serial) == (place, year, sex, serial)
    assert n.text == text.replace(" ", "").replace(".", "")


def test_it_names_the_province_of_the_published_vectors():
    assert parse_id_number("001087123456").place_name == "Hà Nội"
    assert parse_id_number("037153000257").place_name == "Ninh Bình"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0200930016561", "Số định danh phải gồm đúng 12 chữ số"),  # 13 digits, idnumbers
        ("02009316561", "Số định danh phải gồm đúng 12 chữ số"),  # 11 digits, idnumbers
        ("", "Chưa nhập số định danh cá nhân"),
        ("0010900123AB", "Số định danh chỉ được gồm các chữ số 0–9"),
        ("００１０９００１２３４５", "Số định danh chỉ được gồm các chữ số 0–9"),  # full-width
        ("000090012345", "Mã nơi đăng ký khai sinh “000” không có trong bảng mã tỉnh"),
        ("003090012345", "“003”"),
        ("097090012345", "“097”"),
        ("001490012345", "Chữ số thứ 4 (thế kỷ và giới tính) là 4"),
        ("001990012345", "năm sinh 2390"),
    ],
)
def test_it_rejects_invalid_numbers_with_a_vietnamese_reason(text, reason):
    with pytest.raises(InvalidIdNumber) as e:
        parse_id_number(text)
    assert reason in e.value.reason
    assert isinstance(e.value, ValueError)


def test_it_rejects_a_birth_year_after_the_given_day():
    with pytest.raises(InvalidIdNumber, match="tương lai"):
        parse_id_number("001223012345", on=date(2022, 12, 31))
    assert parse_id_number("001223012345", on=date(2023, 1, 1)).birth_year == 2023


def test_there_are_63_province_codes_each_zero_plus_a_gso_code():
    assert len(PROVINCE_CODES) == 63
    assert all(code.startswith("0") and len(code) == 3 for code in PROVINCE_CODES)


def test_every_code_maps_to_one_of_the_34_current_provinces():
    assert set(CURRENT_PROVINCE_OF_CODE) == set(PROVINCE_CODES)
    assert set(CURRENT_PROVINCE_OF_CODE.values()) == set(CURRENT_PROVINCES)
    assert len(CURRENT_PROVINCES) == 34
    # each new province kept the GSO code of one of its components (vn_spec §1.4)
    assert all("0" + gso in PROVINCE_CODES for gso in CURRENT_PROVINCES)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("002", "Hà Giang (nay thuộc Tuyên Quang)"),
        ("077", "Bà Rịa - Vũng Tàu (nay thuộc Hồ Chí Minh)"),
        ("001", "Hà Nội"),
        ("082", "Tiền Giang (nay thuộc Đồng Tháp)"),
    ],
)
def test_it_describes_the_place_code_with_the_current_province(code, text):
    assert describe_place_code(code) == text


@pytest.mark.parametrize(
    ("birth_year", "sex", "digit"),
    [(1900, Sex.MALE, 0), (1999, Sex.FEMALE, 1), (2000, Sex.MALE, 2), (2099, Sex.FEMALE, 3)],
)
def test_the_century_digit_follows_the_table(birth_year, sex, digit):
    n = IdNumber(place_code="001", sex=sex, birth_year=birth_year, serial="000000")
    assert n.century_digit == digit
    assert n.text[3] == str(digit)


@pytest.mark.parametrize(
    ("kwargs", "problems"),
    [
        ({"birth_year": 1990, "sex": Sex.MALE}, []),
        ({"birth_date": date(1990, 5, 15)}, []),
        ({}, []),
        (
            {"birth_year": 1991},
            ["Năm sinh trong số định danh là 1990, khác năm sinh đã ghi 1991"],
        ),
        (
            {"sex": Sex.FEMALE},
            ["Giới tính trong số định danh là Nam, khác giới tính đã ghi Nữ"],
        ),
        (
            {"birth_date": date(2090, 1, 1), "sex": Sex.FEMALE},
            [
                "Năm sinh trong số định danh là 1990, khác năm sinh đã ghi 2090",
                "Giới tính trong số định danh là Nam, khác giới tính đã ghi Nữ",
            ],
        ),
    ],
)
def test_it_reports_year_and_sex_mismatches(kwargs, problems):
    assert check_consistency(parse_id_number("001090012345"), **kwargs) == problems


def test_consistency_accepts_the_text_of_the_number():
    assert check_consistency("037153000257", birth_year=1953, sex=Sex.FEMALE) == []


def test_consistency_refuses_contradictory_year_and_date():
    with pytest.raises(RuleError):
        check_consistency("001090012345", birth_year=1990, birth_date=date(1991, 1, 1))


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("Nam", Sex.MALE),
        ("nam", Sex.MALE),
        ("NAM", Sex.MALE),
        ("M", Sex.MALE),
        ("male", Sex.MALE),
        ("Nữ", Sex.FEMALE),
        ("NỮ", Sex.FEMALE),
        ("Nu\u031b\u0303", Sex.FEMALE),  # decomposed "Nữ"
        ("nu", Sex.FEMALE),
        ("F", Sex.FEMALE),
        (" Female ", Sex.FEMALE),
    ],
)
def test_sex_parses_common_spellings(text, sex):
    assert Sex.parse(text) is sex


@pytest.mark.parametrize("text", ["", "X", "khác", "nam nữ"])
def test_sex_rejects_anything_else(text):
    with pytest.raises(RuleError, match="Giới tính"):
        Sex.parse(text)


def test_sex_labels_are_vietnamese():
    assert (Sex.MALE.label_vi, Sex.FEMALE.label_vi) == ("Nam", "Nữ")
    assert Sex("female") is Sex.FEMALE


def test_it_formats_a_number_from_its_parts():
    assert format_id_number("001", Sex.MALE, 1990, "012345") == "001090012345"
    assert format_id_number("037", Sex.FEMALE, 1953, 257) == "037153000257"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"place_code": "003", "sex": Sex.MALE, "birth_year": 1990, "serial_int": 1},
        {"place_code": "001", "sex": Sex.MALE, "birth_year": 1899, "serial_int": 1},
        {"place_code": "001", "sex": Sex.MALE, "birth_year": 2100, "serial_int": 1},
        {"place_code": "001", "sex": Sex.MALE, "birth_year": 1990, "serial_int": -1},
        {"place_code": "001", "sex": Sex.MALE, "birth_year": 1990, "serial_int": 1_000_000},
        {"place_code": "001", "sex": "male", "birth_year": 1990, "serial_int": 1},
    ],
)
def test_generate_validates_its_ranges(kwargs):
    with pytest.raises(InvalidIdNumber):
        generate_id_number(**kwargs)


@given(place=place_codes, sex=sexes, year=birth_years, serial=serials)
def test_generated_numbers_parse_back_to_their_parts(place, sex, year, serial):
    text = generate_id_number(place_code=place, sex=sex, birth_year=year, serial_int=serial)
    n = parse_id_number(text)
    assert len(text) == 12 and text.isdigit()
    assert (n.place_code, n.sex, n.birth_year, int(n.serial)) == (place, sex, year, serial)
    assert check_consistency(n, birth_year=year, sex=sex) == []


@given(st.text(max_size=14))
def test_parse_either_succeeds_or_raises_invalid_id_number(text):
    try:
        n = parse_id_number(text)
    except InvalidIdNumber as e:
        assert e.reason
    else:
        assert is_valid_id_number(text) and len(n.text) == 12


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("001090012345", "001*******45"),
        ("001 090 012 345", "001*******45"),
        ("012345678", "012****78"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_masking_keeps_the_first_three_and_last_two(text, masked):
    assert mask_id_number(text) == masked


@pytest.mark.parametrize(
    ("text", "old"),
    [("012345678", True), ("012 345 678", True), ("001090012345", False), ("01234567A", False)],
)
def test_old_numbers_have_nine_digits(text, old):
    assert is_old_id_number(text) is old
