"""Dates as Vietnamese records hold them: often only a year, or a month and year."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cancuoc.rules.errors import InvalidDate

_SEP = r"\s*([/.\-])\s*"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}})\s*\2\s*(\d+)", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_SEP}(\d+)", re.ASCII)
_YEAR = re.compile(r"\d+", re.ASCII)
# "ngày 15 tháng 5 năm 1990", "tháng 5 năm 1990", "năm 1990"
_WORDS = (("ngày", " "), ("tháng", "/"), ("năm", "/"))


class DatePrecision(StrEnum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class PartialDate:
    """A date of which only the year, or the month and year, may be known."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        _check_year(self.year)
        if self.day is not None and self.month is None:
            raise InvalidDate("Có ngày thì phải có tháng")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(f"Tháng {self.month} không hợp lệ: tháng phải từ 1 đến 12")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidDate(
                    f"Ngày {self.day:02d}/{self.month:02d}/{self.year} không tồn tại: "
                    f"tháng {self.month} năm {self.year} có {last} ngày"
                )

    @classmethod
    def from_date(cls, d: date, precision: DatePrecision = DatePrecision.DAY) -> PartialDate:
        """Rebuild from a stored (earliest) date and its precision."""
        precision = DatePrecision(precision)
        if precision is DatePrecision.YEAR:
            return cls(d.year)
        if precision is DatePrecision.MONTH:
            return cls(d.year, d.month)
        return cls(d.year, d.month, d.day)

    @property
    def precision(self) -> DatePrecision:
        """DAY, MONTH or YEAR."""
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.YEAR if self.month is None else DatePrecision.MONTH

    def earliest(self) -> date:
        """The first day the date can be."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the date can be."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def to_date(self) -> date:
        """The date to store next to the precision: the earliest possible day."""
        return self.earliest()

    def contains(self, d: date) -> bool:
        """True if `d` is one of the days this partial date can be."""
        return self.earliest() <= d <= self.latest()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"


def _check_year(year: int) -> None:
    if not 1000 <= year <= 9999:
        raise InvalidDate(f"Năm {year} không hợp lệ: năm phải ghi đủ 4 chữ số")


def _year(text: str) -> int:
    if len(text) != 4:
        raise InvalidDate(f"Năm “{text}” không hợp lệ: năm phải ghi đủ 4 chữ số")
    return int(text)


def _unwrap_words(text: str) -> str:
    for word, replacement in _WORDS:
        text = text.replace(word, replacement)
    return text.strip().lstrip("/").strip()


def parse_partial_date(text: str) -> PartialDate:
    """Parse dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, mm/yyyy or yyyy.

    Also reads "ngày 15 tháng 5 năm 1990". Two-digit years and impossible dates raise
    InvalidDate with the reason in Vietnamese.
    """
    cleaned = _unwrap_words(unicodedata.normalize("NFC", str(text)).strip().lower())
    if not cleaned:
        raise InvalidDate("Chưa nhập ngày")
    if m := _ISO.fullmatch(cleaned):
        return PartialDate(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_MONTH_YEAR.fullmatch(cleaned):
        return PartialDate(_year(m[4]), int(m[3]), int(m[1]))
    if m := _MONTH_YEAR.fullmatch(cleaned):
        return PartialDate(_year(m[3]), int(m[1]))
    if _YEAR.fullmatch(cleaned):
        return PartialDate(_year(cleaned))
    raise InvalidDate(
        f"Không đọc được ngày “{text}”: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy), "
        "tháng/năm (mm/yyyy) hoặc năm (yyyy)"
    )


def parse_date(text: str) -> date:
    """Parse a full date (day, month and year); raise InvalidDate otherwise."""
    partial = parse_partial_date(text)
    if partial.precision is not DatePrecision.DAY:
        raise InvalidDate(f"“{text}” thiếu ngày hoặc tháng: cần ghi đủ dạng dd/mm/yyyy")
    return partial.to_date()


def format_date_vi(d: date) -> str:
    """dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
