"""Ages, card renewal milestones and expiry, and what each age group's procedure collects.

Birthday convention: a person born on 29 February reaches each new age on 1 March in
non-leap years (age_on and birthday_at agree on this). This is our choice; the law does not say,
and the Civil Code's month-end rule for periods would give 28 February instead (open point).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum

from cancuoc.rules.dates import PartialDate
from cancuoc.rules.errors import InvalidDate, RuleError

# Luật Căn cước 2023 Điều 21 khoản 1: cấp đổi is due at 14, 25, 40 and 60 years of age.
RENEWAL_MILESTONES: tuple[int, ...] = (14, 25, 40, 60)
# Luật Căn cước 2023 Điều 21 khoản 2: a card issued within 2 years before a milestone is valid
# until the next milestone.
RENEWAL_WINDOW_YEARS = 2

# Luật Căn cước 2023 Điều 19 khoản 1-2, Điều 23 khoản 2: under 6 the card is optional and filed
# online by the representative without biometrics; 6 to under 14 optional, in person with the
# representative; from 14 the card is mandatory.
CHILD_PROCEDURE_FROM_AGE = 6
CARD_MANDATORY_FROM_AGE = 14


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on `on` (29 February birthdays count on 1 March)."""
    if on < birth_date:
        raise InvalidDate("Ngày tính tuổi ở trước ngày sinh")
    not_yet = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - not_yet


def birthday_at(birth_date: date, years: int) -> date:
    """The day the person turns `years` (29 February -> 1 March in non-leap years)."""
    year = birth_date.year + years
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a non-leap year
        return date(year, 3, 1)


def card_expiry(birth_date: date, issued_on: date) -> date | None:
    """Expiry of a card issued on `issued_on` (Luật Căn cước 2023 Điều 21); None = lifelong.

    The card is valid until the first milestone birthday whose 2-year window has not yet opened
    on the issue date; the window of milestone m opens on the (m-2)th birthday, so a card issued
    on or after that day skips m. Issued on or after the 58th birthday: "Không thời hạn".
    Because age_on and birthday_at share one convention this equals comparing completed years.
    """
    if issued_on < birth_date:
        raise InvalidDate("Ngày cấp thẻ ở trước ngày sinh")
    for milestone in RENEWAL_MILESTONES:
        if issued_on < birthday_at(birth_date, milestone - RENEWAL_WINDOW_YEARS):
            return birthday_at(birth_date, milestone)
    return None


def card_expiry_partial(birth: PartialDate, issued_on: date) -> date | None:
    """Expiry when only the year or month of birth is known: the earliest possible one.

    Conservative convention: of all birth dates the partial date allows, take the one giving
    the earliest expiry, so the holder is never told a card is valid when it may have expired.
    That is usually the earliest birth date, but near a 2-year window boundary a later birth
    date can fall before the window and expire at an earlier milestone, so those are tried too.
    """
    if issued_on < birth.earliest():
        raise InvalidDate("Ngày cấp thẻ ở trước ngày sinh")
    candidates = [birth.earliest(), *_window_edges(birth, issued_on)]
    expiries = [card_expiry(b, issued_on) for b in candidates if b <= issued_on]
    dated = [e for e in expiries if e is not None]
    return min(dated) if dated else None


def _window_edges(birth: PartialDate, issued_on: date) -> Iterator[date]:
    """Earliest birth date, inside the range, still before each milestone's window on issue."""
    for milestone in RENEWAL_MILESTONES:
        years = milestone - RENEWAL_WINDOW_YEARS
        try:
            last_in_window = issued_on.replace(year=issued_on.year - years)
        except ValueError:  # issued 29 February, window year not leap
            last_in_window = date(issued_on.year - years, 2, 28)
        edge = last_in_window + timedelta(days=1)
        if birth.contains(edge):
            yield edge


def next_milestone(birth_date: date, on: date) -> date | None:
    """The first milestone birthday on or after `on`; None once past the 60th birthday."""
    for milestone in RENEWAL_MILESTONES:
        when = birthday_at(birth_date, milestone)
        if when >= on:
            return when
    return None


class Procedure(StrEnum):
    """The card procedure an applicant follows, by age (Luật Căn cước 2023 Điều 19, 23)."""

    UNDER_6 = "under_6"
    CHILD_6_14 = "6_to_14"
    ADULT = "14_plus"

    @property
    def label_vi(self) -> str:
        """Vietnamese label for the age group."""
        return _PROCEDURE_LABELS[self]


_PROCEDURE_LABELS = {
    Procedure.UNDER_6: "Dưới 6 tuổi",
    Procedure.CHILD_6_14: "Từ đủ 6 tuổi đến dưới 14 tuổi",
    Procedure.ADULT: "Từ đủ 14 tuổi trở lên",
}


class Biometric(StrEnum):
    """Biometric data held in the identity database (Luật Căn cước 2023 Điều 15 khoản 3)."""

    FACE = "face"
    FINGERPRINTS = "fingerprints"
    IRIS = "iris"
    DNA = "dna"
    VOICE = "voice"

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""
        return _BIOMETRIC_LABELS[self]


_BIOMETRIC_LABELS = {
    Biometric.FACE: "Ảnh khuôn mặt",
    Biometric.FINGERPRINTS: "Vân tay",
    Biometric.IRIS: "Mống mắt",
    Biometric.DNA: "ADN",
    Biometric.VOICE: "Giọng nói",
}

_CARD_BIOMETRICS = frozenset({Biometric.FACE, Biometric.FINGERPRINTS, Biometric.IRIS})

# Biometrics captured at card application (Luật Căn cước 2023 Điều 23 khoản 2, Điều 19):
# none under 6; face, fingerprints and iris from 6.
BIOMETRICS_BY_PROCEDURE: dict[Procedure, frozenset[Biometric]] = {
    Procedure.UNDER_6: frozenset(),
    Procedure.CHILD_6_14: _CARD_BIOMETRICS,
    Procedure.ADULT: _CARD_BIOMETRICS,
}

# DNA and voice are never collected at application: only volunteered or transferred by
# procedural bodies (Luật Căn cước 2023 Điều 16 khoản 1 điểm d).
VOLUNTARY_BIOMETRICS = frozenset({Biometric.DNA, Biometric.VOICE})


def procedure_for_age(age: int) -> Procedure:
    """The card procedure for an applicant of `age` completed years."""
    _check_age(age)
    if age < CHILD_PROCEDURE_FROM_AGE:
        return Procedure.UNDER_6
    if age < CARD_MANDATORY_FROM_AGE:
        return Procedure.CHILD_6_14
    return Procedure.ADULT


def procedure_on(birth_date: date, on: date) -> Procedure:
    """The card procedure for someone born on `birth_date`, applying on `on`."""
    return procedure_for_age(age_on(birth_date, on))


def card_mandatory(age: int) -> bool:
    """True from 14: the citizen must apply for a card (Điều 19 khoản 1)."""
    _check_age(age)
    return age >= CARD_MANDATORY_FROM_AGE


def needs_representative(age: int) -> bool:
    """True under 14: the legal representative carries out the procedure (Điều 23 khoản 2)."""
    _check_age(age)
    return age < CARD_MANDATORY_FROM_AGE


# Age bands used by dashboards; the labels are stored and displayed, keep them stable.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-5", 0, 5),
    ("6-13", 6, 13),
    ("14-17", 14, 17),
    ("18-24", 18, 24),
    ("25-39", 25, 39),
    ("40-59", 40, 59),
    ("60+", 60, None),
)


def age_band(age: int) -> str:
    """Dashboard band label for `age` completed years, e.g. 15 -> "14-17"."""
    _check_age(age)
    for label, low, high in AGE_BANDS:
        if low <= age and (high is None or age <= high):
            return label
    raise AssertionError("AGE_BANDS must cover every age")  # pragma: no cover


def _check_age(age: int) -> None:
    if age < 0:
        raise RuleError(f"Tuổi {age} không hợp lệ")
