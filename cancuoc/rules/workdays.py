"""Working-day deadlines. Saturdays and Sundays are off; public holidays are passed in.

The optional `holidays` package supplies Vietnam's public holidays (Tết and the compensatory
days off included) through vn_holidays(); it is imported only when that function is called, so
the rules stay importable with the standard library alone.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from cancuoc.rules.errors import RuleError

# Luật Căn cước 2023 Điều 26: the card is returned within 7 working days of receiving a
# complete file (cấp, cấp đổi and cấp lại alike).
CARD_DEADLINE_WORKING_DAYS = 7

SATURDAY = 5


def is_working_day(
    d: date, *, holidays: Collection[date], weekend_workdays: Collection[date] = ()
) -> bool:
    """True unless `d` is a Saturday, Sunday or holiday.

    `weekend_workdays` are Saturdays the government made working days in exchange for a bridge
    holiday (e.g. 26/04/2025); they count as working days.
    """
    if d in holidays:
        return False
    return d.weekday() < SATURDAY or d in weekend_workdays


def add_working_days(
    start: date, n: int, *, holidays: Collection[date], weekend_workdays: Collection[date] = ()
) -> date:
    """The n-th working day after `start` (the receipt day itself is not counted).

    add_working_days(receipt, CARD_DEADLINE_WORKING_DAYS, holidays=...) is the card deadline.
    n = 0 returns `start`.
    """
    if n < 0:
        raise RuleError("Số ngày làm việc phải không âm")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays, weekend_workdays=weekend_workdays):
            n -= 1
    return day


def working_days_between(
    start: date, end: date, *, holidays: Collection[date], weekend_workdays: Collection[date] = ()
) -> int:
    """Working days after `start` up to and including `end`; negative if `end` is earlier.

    The inverse of add_working_days: working_days_between(s, add_working_days(s, n)) == n.
    """
    if end < start:
        return -working_days_between(
            end, start, holidays=holidays, weekend_workdays=weekend_workdays
        )
    days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(
        is_working_day(d, holidays=holidays, weekend_workdays=weekend_workdays) for d in days
    )


def vn_holidays(years: Iterable[int]) -> frozenset[date]:
    """Vietnam's public holidays in `years`, from the `holidays` package (imported lazily)."""
    import holidays

    return frozenset(holidays.country_holidays("VN", years=list(years)).keys())


def vn_weekend_workdays(years: Iterable[int]) -> frozenset[date]:
    """Saturdays declared working days in `years`, from the `holidays` package."""
    import holidays

    wanted = set(years)
    calendar = holidays.country_holidays("VN", years=list(wanted))
    return frozenset(d for d in calendar.weekend_workdays if d.year in wanted)
