from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.errors import RuleError
from cancuoc.rules.workdays import (
    CARD_DEADLINE_WORKING_DAYS,
    add_working_days,
    is_working_day,
    vn_holidays,
    vn_weekend_workdays,
    working_days_between,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
NONE: frozenset[date] = frozenset()


def test_the_card_deadline_is_seven_working_days():
    assert CARD_DEADLINE_WORKING_DAYS == 7


@pytest.mark.parametrize(
    ("start", "n", "deadline"),
    [
        (date(2024, 7, 5), 7, date(2024, 7, 16)),  # Friday: next Mon-Fri, then Mon, Tue
        (date(2024, 7, 1), 7, date(2024, 7, 10)),  # Monday
        (date(2024, 7, 6), 1, date(2024, 7, 8)),  # received on a Saturday
        (date(2024, 7, 5), 1, date(2024, 7, 8)),
        (date(2024, 7, 5), 0, date(2024, 7, 5)),
    ],
)
def test_it_counts_working_days_after_the_receipt_day(start, n, deadline):
    assert add_working_days(start, n, holidays=NONE) == deadline


def test_holidays_push_the_deadline():
    national_day = {date(2024, 9, 2), date(2024, 9, 3)}
    assert add_working_days(date(2024, 8, 30), 1, holidays=NONE) == date(2024, 9, 2)
    assert add_working_days(date(2024, 8, 30), 1, holidays=national_day) == date(2024, 9, 4)


def test_tet_2025_pushes_the_card_deadline_forward():
    holidays = vn_holidays([2025])
    assert date(2025, 1, 29) in holidays  # Mùng 1 Tết Ất Tỵ
    receipt = date(2025, 1, 24)  # the Friday before the Tết break
    plain = add_working_days(receipt, CARD_DEADLINE_WORKING_DAYS, holidays=NONE)
    with_tet = add_working_days(receipt, CARD_DEADLINE_WORKING_DAYS, holidays=holidays)
    assert plain == date(2025, 2, 4)
    assert with_tet == date(2025, 2, 11)  # 27-31 January are off
    assert working_days_between(receipt, with_tet, holidays=holidays) == 7


def test_a_declared_working_saturday_counts():
    years = [2025]
    saturday = date(2025, 4, 26)  # worked in exchange for Friday 2 May 2025
    assert saturday in vn_weekend_workdays(years)
    assert date(2025, 5, 2) in vn_holidays(years)
    holidays, extra = vn_holidays(years), vn_weekend_workdays(years)
    assert is_working_day(saturday, holidays=holidays, weekend_workdays=extra)
    assert not is_working_day(saturday, holidays=holidays)
    assert add_working_days(date(2025, 4, 25), 1, holidays=holidays, weekend_workdays=extra) == (
        saturday
    )


def test_weekend_workdays_are_limited_to_the_years_asked():
    assert all(d.year == 2024 for d in vn_weekend_workdays([2024]))


def test_negative_day_counts_are_refused():
    with pytest.raises(RuleError):
        add_working_days(date(2024, 1, 1), -1, holidays=NONE)


def test_between_is_negative_backwards():
    assert working_days_between(date(2024, 7, 16), date(2024, 7, 5), holidays=NONE) == -7
    assert working_days_between(date(2024, 7, 5), date(2024, 7, 5), holidays=NONE) == 0


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(0, 40),
    st.sets(st.dates(min_value=date(2000, 1, 1), max_value=date(2041, 6, 30)), max_size=30),
)
def test_between_is_the_inverse_of_add(start, n, holidays):
    deadline = add_working_days(start, n, holidays=holidays)
    assert working_days_between(start, deadline, holidays=holidays) == n
    if n:
        assert is_working_day(deadline, holidays=holidays)


def test_importing_the_rules_does_not_import_the_holidays_package():
    code = (
        "import sys, cancuoc.rules.workdays, cancuoc.rules.ages, cancuoc.rules.mrz;"
        "assert 'holidays' not in sys.modules, 'holidays imported eagerly'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
