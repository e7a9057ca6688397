from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.dates import (
    DatePrecision,
    PartialDate,
    format_date_vi,
    parse_date,
    parse_partial_date,
)
from cancuoc.rules.errors import InvalidDate

partial_dates = st.one_of(
    st.dates(min_value=date(1000, 1, 1)).map(PartialDate.from_date),
    st.builds(PartialDate, st.integers(1000, 9999), st.integers(1, 12)),
    st.builds(PartialDate, st.integers(1000, 9999)),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/05/1990", PartialDate(1990, 5, 15)),
        ("5/1/1990", PartialDate(1990, 1, 5)),
        ("1990-05-15", PartialDate(1990, 5, 15)),
        ("15-05-1990", PartialDate(1990, 5, 15)),
        ("15.05.1990", PartialDate(1990, 5, 15)),
        (" 15 / 05 / 1990 ", PartialDate(1990, 5, 15)),
        ("05/1990", PartialDate(1990, 5)),
        ("5.1990", PartialDate(1990, 5)),
        ("1990", PartialDate(1990)),
        ("29/02/2000", PartialDate(2000, 2, 29)),
        ("ngày 15 tháng 5 năm 1990", PartialDate(1990, 5, 15)),
        ("Tháng 05 năm 1990", PartialDate(1990, 5)),
        ("năm 1990", PartialDate(1990)),
    ],
)
def test_it_parses_the_formats_people_write(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2020", "Ngày 31/02/2020 không tồn tại: tháng 2 năm 2020 có 29 ngày"),
        ("29/02/2019", "tháng 2 năm 2019 có 28 ngày"),
        ("31/04/2021", "tháng 4 năm 2021 có 30 ngày"),
        ("15/13/1990", "Tháng 13 không hợp lệ"),
        ("00/05/1990", "Ngày 00/05/1990 không tồn tại"),
        ("15/05/90", "năm phải ghi đủ 4 chữ số"),
        ("05/90", "năm phải ghi đủ 4 chữ số"),
        ("90", "năm phải ghi đủ 4 chữ số"),
        ("0000", "năm phải ghi đủ 4 chữ số"),
        ("", "Chưa nhập ngày"),
        ("15/05-1990", "Không đọc được ngày"),
        ("hôm qua", "Không đọc được ngày"),
        ("1990-13-01", "Tháng 13 không hợp lệ"),
    ],
)
def test_it_rejects_impossible_or_ambiguous_dates(text, reason):
    with pytest.raises(InvalidDate) as e:
        parse_partial_date(text)
    assert reason in e.value.reason


@pytest.mark.parametrize(
    ("partial", "precision", "earliest", "latest", "shown"),
    [
        (PartialDate(1990, 5, 15), DatePrecision.DAY, date(1990, 5, 15), date(1990, 5, 15),
         "15/05/1990"),
        (PartialDate(2000, 2), DatePrecision.MONTH, date(2000, 2, 1), date(2000, 2, 29),
         "02/2000"),
        (PartialDate(1990), DatePrecision.YEAR, date(1990, 1, 1), date(1990, 12, 31), "1990"),
    ],
)  # fmt: skip
def test_a_partial_date_knows_its_range_and_display(partial, precision, earliest, latest, shown):
    assert partial.precision is precision
    assert (partial.earliest(), partial.latest()) == (earliest, latest)
    assert partial.to_date() == earliest
    assert str(partial) == shown


def test_a_day_needs_a_month():
    with pytest.raises(InvalidDate, match="Có ngày thì phải có tháng"):
        PartialDate(1990, None, 5)


@given(partial_dates)
def test_storage_round_trips_through_date_and_precision(partial):
    assert PartialDate.from_date(partial.to_date(), partial.precision) == partial


@given(partial_dates)
def test_display_form_parses_back(partial):
    assert parse_partial_date(str(partial)) == partial


@given(partial_dates)
def test_the_range_contains_exactly_its_days(partial):
    assert partial.earliest() <= partial.latest()
    assert partial.contains(partial.earliest()) and partial.contains(partial.latest())


def test_parse_date_requires_a_full_date():
    assert parse_date("01/07/2024") == date(2024, 7, 1)
    with pytest.raises(InvalidDate, match="dd/mm/yyyy"):
        parse_date("07/2024")


@given(st.dates())
def test_vietnamese_format_parses_back(d):
    text = format_date_vi(d)
    assert len(text) == 10 and text[2] == text[5] == "/"
    if d.year >= 1000:
        assert parse_date(text) == d
