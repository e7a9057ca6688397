from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.errors import InvalidQr
from cancuoc.rules.idnumber import PROVINCE_CODES, Sex, generate_id_number
from cancuoc.rules.qr import CardQr, format_card_qr, parse_card_qr

ADDRESS = "Số 1 phố X, Phường Y, Quận Z, Hà Nội"
# vn_spec §2.1 synthetic example (fictitious person)
EXAMPLE = f"001090012345|012345678|NGUYỄN VĂN AN|15051990|Nam|{ADDRESS}|10042021"
EXPECTED = CardQr(
    id_number="001090012345",
    old_id_number="012345678",
    full_name="NGUYỄN VĂN AN",
    birth_date=date(1990, 5, 15),
    sex=Sex.MALE,
    address=ADDRESS,
    issued_on=date(2021, 4, 10),
)


def test_it_reads_the_spec_example():
    assert parse_card_qr(EXAMPLE) == EXPECTED
    assert parse_card_qr(EXAMPLE).problems == []


@pytest.mark.parametrize(
    ("payload", "old_id"),
    [
        (f"001090012345||NGUYỄN VĂN AN|15051990|Nam|{ADDRESS}|10042021", None),
        (f"001090012345|NGUYỄN VĂN AN|15051990|Nam|{ADDRESS}|10042021", None),  # 6 fields
        (f"{EXAMPLE}|15052030", "012345678"),  # 8th field ignored
        (f"  {EXAMPLE}\r\n", "012345678"),  # scanner line ending
    ],
)
def test_it_tolerates_the_known_variants(payload, old_id):
    qr = parse_card_qr(payload)
    assert qr.old_id_number == old_id
    assert (qr.id_number, qr.full_name, qr.issued_on) == (
        "001090012345",
        "NGUYỄN VĂN AN",
        date(2021, 4, 10),
    )


def test_it_normalises_unicode_to_nfc():
    decomposed = unicodedata.normalize("NFD", EXAMPLE)
    qr = parse_card_qr(decomposed)
    assert qr.full_name == "NGUYỄN VĂN AN" and unicodedata.is_normalized("NFC", qr.full_name)


def test_it_reads_female_and_reports_mismatches_without_failing():
    qr = parse_card_qr("001090012345||TRẦN THỊ BÌNH|15051991|Nữ|Hà Nội|10042021")
    assert qr.sex is Sex.FEMALE
    assert qr.problems == [
        "Năm sinh trong số định danh là 1990, khác năm sinh đã ghi 1991",
        "Giới tính trong số định danh là Nam, khác giới tính đã ghi Nữ",
    ]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("", "Mã QR trống"),
        ("001090012345|012345678|AN|15051990", "phải gồm 7 trường"),
        (EXAMPLE + "|a|b", "nhận được 9 trường"),
        ("001090012345|012345678|15051990|Nam|Hà Nội|10042021", "thiếu trường"),
        (EXAMPLE.replace("001090012345", "00109001234"), "Số định danh trong mã QR"),
        (EXAMPLE.replace("001090012345", "003090012345"), "không có trong bảng mã tỉnh"),
        (EXAMPLE.replace("012345678", "01234567"), "Số CMND cũ"),
        (EXAMPLE.replace("15051990", "15-05-1990"), "Ngày sinh trong mã QR phải gồm 8 chữ số"),
        (EXAMPLE.replace("15051990", "31021990"), "Ngày sinh trong mã QR không tồn tại"),
        (EXAMPLE.replace("10042021", "1042021"), "Ngày cấp trong mã QR"),
        (EXAMPLE.replace("|Nam|", "|X|"), "Giới tính trong mã QR"),
        (EXAMPLE.replace("NGUYỄN VĂN AN", " "), "không có họ tên"),
        (EXAMPLE.replace("10042021", "10041980"), "ngày cấp trước ngày sinh"),
    ],
)
def test_it_rejects_bad_payloads_with_a_reason(payload, reason):
    with pytest.raises(InvalidQr) as e:
        parse_card_qr(payload)
    assert reason in e.value.reason
    assert isinstance(e.value, ValueError)


def test_it_formats_the_spec_example():
    fields = {k: getattr(EXPECTED, k) for k in EXPECTED.__dataclass_fields__}
    assert format_card_qr(**fields) == EXAMPLE


def test_format_refuses_the_separator_inside_a_field():
    fields = {k: getattr(EXPECTED, k) for k in EXPECTED.__dataclass_fields__}
    with pytest.raises(InvalidQr, match="“|”"):
        format_card_qr(**{**fields, "address": "Thôn 1 | Xã 2"})


words = st.text(
    alphabet=st.sampled_from("AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÀÁẢÃẠỄỮ,./-0123456789"),
    min_size=1,
    max_size=12,
)
phrases = st.lists(words, min_size=1, max_size=6).map(" ".join)


@st.composite
def card_qrs(draw: st.DrawFn) -> CardQr:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    sex = draw(st.sampled_from(list(Sex)))
    id_number = generate_id_number(
        place_code=draw(st.sampled_from(sorted(PROVINCE_CODES))),
        sex=sex,
        birth_year=birth.year,
        serial_int=draw(st.integers(0, 999_999)),
    )
    return CardQr(
        id_number=id_number,
        old_id_number=draw(st.one_of(st.none(), st.from_regex(r"\A[0-9]{9}\Z"))),
        full_name=draw(phrases),
        birth_date=birth,
        sex=sex,
        address=draw(phrases),
        issued_on=draw(st.dates(min_value=birth, max_value=date(2199, 12, 31))),
    )


@given(card_qrs())
def test_format_then_parse_round_trips(qr):
    fields = {k: getattr(qr, k) for k in qr.__dataclass_fields__}
    assert parse_card_qr(format_card_qr(**fields)) == qr
    assert qr.problems == []
