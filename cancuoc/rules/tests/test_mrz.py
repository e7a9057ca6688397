from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.ages import card_expiry
from cancuoc.rules.errors import InvalidMrz
from cancuoc.rules.idnumber import PROVINCE_CODES, Sex, generate_id_number
from cancuoc.rules.mrz import CardMrz, check_digit, format_card_mrz, parse_card_mrz
from cancuoc.rules.names import fold, mrz_name

# vn_spec §3 synthetic example: ID 001090012345, born 15/05/1990, male, expires 15/05/2030.
EXAMPLE = "\n".join(
    (
        "IDVNM0900123450001090012345<<1",
        "9005156M3005154VNM<<<<<<<<<<<6",
        "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
    )
)
EXAMPLE_DATA = CardMrz(
    id_number="001090012345",
    birth_date=date(1990, 5, 15),
    sex=Sex.MALE,
    expiry=date(2030, 5, 15),
    surname="NGUYEN",
    given_names="VAN AN",
)


def test_it_reproduces_the_spec_example_exactly():
    mrz = format_card_mrz(
        id_number="001090012345",
        birth_date=date(1990, 5, 15),
        sex=Sex.MALE,
        expiry=card_expiry(date(1990, 5, 15), date(2021, 4, 10)),
        surname="Nguyễn",
        given_names="Văn An",
    )
    assert mrz == EXAMPLE
    assert all(len(line) == 30 for line in mrz.split("\n"))


def test_it_reads_the_spec_example():
    parsed = parse_card_mrz(EXAMPLE)
    assert parsed == EXAMPLE_DATA
    assert parsed.document_number == "090012345"


@pytest.mark.parametrize(
    ("field", "digit"),
    [("090012345", "0"), ("001090012345<<", "1"), ("900515", "6"), ("300515", "4"),
     ("L898902C3", "6"), ("740812", "2"), ("<<<<<<", "0")],
)  # fmt: skip
def test_check_digits_use_the_icao_7_3_1_weights(field, digit):
    # L898902C3 / 740812 are ICAO 9303's own specimen values
    assert check_digit(field) == digit


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE.replace("\n", "\r\n"),
        EXAMPLE.replace("\n", ""),  # one 90-character string
        EXAMPLE.lower(),
        "\n" + EXAMPLE.replace("<<1\n", "<< 1\n") + "\n",
    ],
)
def test_it_tolerates_line_endings_case_and_stray_spaces(text):
    assert parse_card_mrz(text) == EXAMPLE_DATA


def _with(line: int, pos: int, char: str) -> str:
    lines = EXAMPLE.split("\n")
    lines[line - 1] = lines[line - 1][: pos - 1] + char + lines[line - 1][pos:]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("text", "check", "words"),
    [
        (_with(1, 15, "9"), "document_number", "số thẻ"),
        (_with(1, 30, "2"), "id_number", "số định danh"),
        (_with(2, 7, "7"), "birth_date", "ngày sinh"),
        (_with(2, 15, "5"), "expiry", "ngày hết hạn"),
        (_with(2, 30, "7"), "composite", "tổng hợp"),
        (_with(1, 16, "1"), "id_number", "số định danh"),  # data changed, digit kept
        (_with(2, 2, "1"), "birth_date", "ngày sinh"),
    ],
)
def test_every_check_digit_is_verified_and_named(text, check, words):
    with pytest.raises(InvalidMrz) as e:
        parse_card_mrz(text)
    assert e.value.check == check
    assert words in e.value.reason and "chữ số kiểm tra" in e.value.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "MRZ phải có 3 dòng"),
        (EXAMPLE.split("\n", 1)[1], "MRZ phải có 3 dòng"),
        (EXAMPLE[:-1], "Dòng 3 của MRZ phải gồm đúng 30 ký tự"),
        (EXAMPLE.replace("NGUYEN<<", "NGUYỄN<<"), "Dòng 3"),
        (EXAMPLE.replace("IDVNM", "P<VNM"), "IDVNM"),
        (EXAMPLE.replace("154VNM", "154UTO"), "Quốc tịch"),
    ],
)
def test_it_rejects_malformed_zones(text, reason):
    with pytest.raises(InvalidMrz) as e:
        parse_card_mrz(text)
    assert reason in e.value.reason and e.value.check is None


def test_a_lifelong_card_writes_fillers_with_check_digit_zero():
    mrz = format_card_mrz(
        id_number="001060012345",
        birth_date=date(1960, 5, 15),
        sex=Sex.MALE,
        expiry=None,
        surname="Nguyễn",
        given_names="Văn An",
    )
    line2 = mrz.split("\n")[1]
    assert line2[8:15] == "<<<<<<0"
    assert parse_card_mrz(mrz).expiry is None
    filler_digit = mrz[:45] + "<" + mrz[46:]  # "<" also accepted as its check digit
    assert filler_digit.split("\n")[1][14] == "<"
    assert parse_card_mrz(filler_digit).expiry is None


def test_two_digit_birth_years_take_the_century_from_the_id_number():
    mrz = format_card_mrz(
        id_number="001205000001",
        birth_date=date(2005, 1, 2),
        sex=Sex.MALE,
        expiry=date(2019, 1, 2),
        surname="Lê",
        given_names="Minh",
    )
    assert parse_card_mrz(mrz).birth_date == date(2005, 1, 2)


def test_female_sex_is_f():
    mrz = format_card_mrz(
        id_number="001190012345",
        birth_date=date(1990, 5, 15),
        sex=Sex.FEMALE,
        expiry=date(2030, 5, 15),
        surname="Đặng",
        given_names="Thị Hoà",
    )
    assert mrz.split("\n")[1][7] == "F"
    parsed = parse_card_mrz(mrz)
    assert (parsed.sex, parsed.surname, parsed.given_names) == (Sex.FEMALE, "DANG", "THI HOA")


def test_long_names_are_cut_to_30_characters():
    mrz = format_card_mrz(
        id_number="001090012345",
        birth_date=date(1990, 5, 15),
        sex=Sex.MALE,
        expiry=date(2030, 5, 15),
        surname="Tôn Thất",
        given_names="Nguyễn Phước Bảo Long Hoàng Anh",
    )
    assert mrz.split("\n")[2] == "TON<THAT<<NGUYEN<PHUOC<BAO<LON"


name_words = st.lists(
    st.text(alphabet=st.sampled_from("ABCDĐEGHIKLMNOPQRSTUVXYÂĂÊÔƠƯ"), min_size=1, max_size=7),
    min_size=1,
    max_size=3,
).map(" ".join)


@st.composite
def card_data(draw: st.DrawFn) -> dict:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31)))
    sex = draw(st.sampled_from(list(Sex)))
    id_number = generate_id_number(
        place_code=draw(st.sampled_from(sorted(PROVINCE_CODES))),
        sex=sex,
        birth_year=birth.year,
        serial_int=draw(st.integers(0, 999_999)),
    )
    expiry = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2099, 12, 31))))
    return {
        "id_number": id_number,
        "birth_date": birth,
        "sex": sex,
        "expiry": expiry,
        "surname": draw(name_words),
        "given_names": draw(name_words),
    }


@given(card_data())
def test_format_then_parse_round_trips(data):
    mrz = format_card_mrz(**data)
    parsed = parse_card_mrz(mrz)
    assert (parsed.id_number, parsed.birth_date, parsed.sex, parsed.expiry) == (
        data["id_number"],
        data["birth_date"],
        data["sex"],
        data["expiry"],
    )
    lines = mrz.split("\n")
    assert [len(line) for line in lines] == [30, 30, 30]
    name_field = mrz_name(data["surname"], data["given_names"])
    if len(name_field) <= 30:
        assert lines[2] == name_field.ljust(30, "<")
        assert parsed.surname == fold(data["surname"]).upper()
        assert parsed.given_names == fold(data["given_names"]).upper()
