from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.ages import (
    AGE_BANDS,
    BIOMETRICS_BY_PROCEDURE,
    RENEWAL_MILESTONES,
    RENEWAL_WINDOW_YEARS,
    VOLUNTARY_BIOMETRICS,
    Biometric,
    Procedure,
    age_band,
    age_on,
    birthday_at,
    card_expiry,
    card_expiry_partial,
    card_mandatory,
    needs_representative,
    next_milestone,
    procedure_for_age,
    procedure_on,
)
from cancuoc.rules.dates import PartialDate
from cancuoc.rules.errors import InvalidDate, RuleError

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
LEAP_BIRTH = date(2004, 2, 29)


def test_statutory_constants():
    assert RENEWAL_MILESTONES == (14, 25, 40, 60)
    assert RENEWAL_WINDOW_YEARS == 2


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1990, 5, 15), date(2020, 5, 14), 29),
        (date(1990, 5, 15), date(2020, 5, 15), 30),
        (date(1990, 5, 15), date(1990, 5, 15), 0),
        (LEAP_BIRTH, date(2005, 2, 28), 0),  # not yet: 29 Feb counts on 1 March
        (LEAP_BIRTH, date(2005, 3, 1), 1),
        (LEAP_BIRTH, date(2008, 2, 28), 3),
        (LEAP_BIRTH, date(2008, 2, 29), 4),
    ],
)
def test_age_counts_completed_years(birth, on, age):
    assert age_on(birth, on) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(InvalidDate):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@pytest.mark.parametrize(
    ("years", "expected"),
    [(1, date(2005, 3, 1)), (4, date(2008, 2, 29)), (14, date(2018, 3, 1))],
)
def test_a_29_february_birthday_moves_to_1_march_in_non_leap_years(years, expected):
    assert birthday_at(LEAP_BIRTH, years) == expected


@given(births, st.integers(0, 100))
def test_age_and_birthday_agree(birth, years):
    turning = birthday_at(birth, years)
    assert age_on(birth, turning) == years
    if years:
        assert age_on(birth, turning - timedelta(days=1)) == years - 1


@pytest.mark.parametrize(
    ("birth", "issued", "expiry"),
    [
        # worked example of phapluat.suckhoedoisong.vn (vn_spec §4.4): issued at 39 -> 60th
        (date(1985, 5, 10), date(2024, 3, 1), date(2045, 5, 10)),
        (date(1990, 5, 15), date(2021, 4, 10), date(2030, 5, 15)),  # age 30 -> 40th
        (date(2020, 1, 1), date(2024, 7, 1), date(2034, 1, 1)),  # under-6 card -> 14th
        (date(2010, 6, 1), date(2022, 5, 31), date(2024, 6, 1)),  # 11 -> 14th
        (date(2010, 6, 1), date(2022, 6, 1), date(2035, 6, 1)),  # 12th birthday: window of 14
        (date(2000, 3, 10), date(2023, 3, 9), date(2025, 3, 10)),  # 22 -> 25th
        (date(2000, 3, 10), date(2023, 3, 10), date(2040, 3, 10)),  # 23 -> 40th
        (date(1980, 1, 20), date(2018, 1, 19), date(2020, 1, 20)),  # 37 -> 40th
        (date(1980, 1, 20), date(2018, 1, 20), date(2040, 1, 20)),  # 38 -> 60th
        (date(1966, 8, 1), date(2024, 7, 31), date(2026, 8, 1)),  # 57 -> 60th
        (date(1966, 8, 1), date(2024, 8, 1), None),  # 58: "Không thời hạn"
        (date(1950, 8, 1), date(2024, 8, 1), None),  # 74
        (LEAP_BIRTH, date(2016, 2, 28), date(2018, 3, 1)),  # 11; 14th birthday on 1 March
        (LEAP_BIRTH, date(2016, 2, 29), date(2029, 3, 1)),  # 12th birthday (leap) -> 25th
        (LEAP_BIRTH, date(2027, 2, 28), date(2029, 3, 1)),  # 22 -> 25th
        (LEAP_BIRTH, date(2027, 3, 1), date(2044, 2, 29)),  # 23rd birthday on 1 March -> 40th
    ],
)
def test_card_expiry_follows_article_21(birth, issued, expiry):
    assert card_expiry(birth, issued) == expiry


def test_card_expiry_refuses_an_issue_before_birth():
    with pytest.raises(InvalidDate, match="Ngày cấp thẻ"):
        card_expiry(date(2000, 1, 1), date(1999, 12, 31))


@given(births, st.integers(0, 110 * 365))
def test_card_expiry_is_a_milestone_birthday_after_issue_or_lifelong(birth, days):
    issued = birth + timedelta(days=days)
    expiry = card_expiry(birth, issued)
    age = age_on(birth, issued)
    if expiry is None:
        assert age >= RENEWAL_MILESTONES[-1] - RENEWAL_WINDOW_YEARS
    else:
        assert expiry > issued
        assert expiry in {birthday_at(birth, m) for m in RENEWAL_MILESTONES}
        # never expires within the 2-year window: at least two years' validity
        assert age_on(issued, expiry) >= RENEWAL_WINDOW_YEARS


def _brute_force_partial_expiry(partial, issued):
    day, found = partial.earliest(), []
    while day <= min(partial.latest(), issued):
        found.append(card_expiry(day, issued))
        day += timedelta(days=1)
    dated = [e for e in found if e is not None]
    return min(dated) if dated else None


@pytest.mark.parametrize(
    ("partial", "issued", "expiry"),
    [
        (PartialDate(1985), date(2024, 3, 1), date(2045, 1, 1)),  # earliest birth date
        # born "1990", issued 01/06/2002: 1 Jan birth is 12 (-> 25th) but a December birth is
        # 11 and must renew at 14, which is the earlier expiry
        (PartialDate(1990), date(2002, 6, 1), date(2004, 6, 2)),
        (PartialDate(1990, 5), date(2002, 6, 1), date(2015, 5, 1)),
        (PartialDate(1950), date(2024, 1, 1), None),
    ],
)
def test_partial_birth_dates_take_the_earliest_possible_expiry(partial, issued, expiry):
    assert card_expiry_partial(partial, issued) == expiry


@given(
    st.one_of(
        st.builds(PartialDate, st.integers(1900, 2020)),
        st.builds(PartialDate, st.integers(1900, 2020), st.integers(1, 12)),
    ),
    st.integers(0, 90 * 365),
)
def test_partial_expiry_equals_the_minimum_over_every_possible_birth_date(partial, days):
    issued = partial.latest() + timedelta(days=days)
    assert card_expiry_partial(partial, issued) == _brute_force_partial_expiry(partial, issued)


def test_partial_expiry_with_a_full_date_is_the_plain_expiry():
    partial = PartialDate(1990, 5, 15)
    assert card_expiry_partial(partial, date(2021, 4, 10)) == date(2030, 5, 15)


@pytest.mark.parametrize(
    ("birth", "on", "milestone"),
    [
        (date(2012, 9, 1), date(2024, 1, 1), date(2026, 9, 1)),
        (date(2012, 9, 1), date(2026, 9, 1), date(2026, 9, 1)),  # on the day itself
        (date(2012, 9, 1), date(2026, 9, 2), date(2037, 9, 1)),
        (date(1960, 1, 1), date(2019, 12, 31), date(2020, 1, 1)),
        (date(1960, 1, 1), date(2020, 1, 2), None),
    ],
)
def test_next_milestone(birth, on, milestone):
    assert next_milestone(birth, on) == milestone


@pytest.mark.parametrize(
    ("age", "procedure", "mandatory", "representative"),
    [
        (0, Procedure.UNDER_6, False, True),
        (5, Procedure.UNDER_6, False, True),
        (6, Procedure.CHILD_6_14, False, True),
        (13, Procedure.CHILD_6_14, False, True),
        (14, Procedure.ADULT, True, False),
        (90, Procedure.ADULT, True, False),
    ],
)
def test_procedure_by_age(age, procedure, mandatory, representative):
    assert procedure_for_age(age) is procedure
    assert card_mandatory(age) is mandatory
    assert needs_representative(age) is representative


def test_procedure_on_a_date_uses_completed_years():
    assert procedure_on(date(2018, 7, 1), date(2024, 6, 30)) is Procedure.UNDER_6
    assert procedure_on(date(2018, 7, 1), date(2024, 7, 1)) is Procedure.CHILD_6_14


def test_biometrics_by_procedure():
    card_set = {Biometric.FACE, Biometric.FINGERPRINTS, Biometric.IRIS}
    assert BIOMETRICS_BY_PROCEDURE[Procedure.UNDER_6] == frozenset()
    assert BIOMETRICS_BY_PROCEDURE[Procedure.CHILD_6_14] == card_set
    assert BIOMETRICS_BY_PROCEDURE[Procedure.ADULT] == card_set
    assert VOLUNTARY_BIOMETRICS.isdisjoint(card_set)
    assert Biometric.IRIS.label_vi == "Mống mắt"
    assert Procedure.CHILD_6_14.value == "6_to_14" and Procedure.ADULT.value == "14_plus"


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-5"), (5, "0-5"), (6, "6-13"), (13, "6-13"), (14, "14-17"), (17, "14-17"),
        (18, "18-24"), (24, "18-24"), (25, "25-39"), (39, "25-39"), (40, "40-59"),
        (59, "40-59"), (60, "60+"), (120, "60+"),
    ],
)  # fmt: skip
def test_age_bands_keep_their_labels(age, band):
    assert age_band(age) == band


def test_age_bands_are_contiguous():
    labels = [label for label, _, _ in AGE_BANDS]
    assert labels == ["0-5", "6-13", "14-17", "18-24", "25-39", "40-59", "60+"]
    for (_, _, high), (_, low, _) in zip(AGE_BANDS, AGE_BANDS[1:], strict=False):
        assert low == high + 1


@pytest.mark.parametrize("check", [procedure_for_age, card_mandatory, age_band])
def test_negative_ages_are_rejected(check):
    with pytest.raises(RuleError):
        check(-1)
