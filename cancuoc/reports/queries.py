"""Figures for the home dashboard, computed inside the user's scope."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from cancuoc.accounts.scope import Scope
from cancuoc.registry.models import IdentityDocument, Person, Residence
from cancuoc.registry.workflows.queries import people_with_malformed_id_number
from cancuoc.rules.ages import age_band, age_on
from cancuoc.rules.errors import InvalidIdNumber
from cancuoc.rules.idnumber import parse_id_number

# Age bands shown on the dashboard (rules.ages.age_band), youngest first.
AGE_BANDS = ["0-5", "6-13", "14-17", "18-24", "25-39", "40-59", "60+"]
# Cards that prove identity today: CCCD and thẻ căn cước (CMND lapsed on 31/12/2024,
# Luật Căn cước 2023 Điều 46 khoản 2).
VALID_CARD_KINDS = (IdentityDocument.Kind.CCCD, IdentityDocument.Kind.CAN_CUOC)
# Stale temporary residence: Luật Cư trú 2020 Điều 29 khoản 1 (term expired, 6 months' absence).
STALE_ABSENCE_MONTHS = 6


@dataclass
class Flaws:
    """Counts of register flaws by kind (đúng, đủ, sạch, sống)."""

    id_invalid: int = 0
    id_inconsistent: int = 0
    missing_id: int = 0
    missing_fields: int = 0
    stale_temporary: int = 0
    dead_with_active_residence: int = 0

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Số định danh sai cấu trúc", self.id_invalid),
            ("Số định danh không khớp năm sinh/giới tính", self.id_inconsistent),
            ("Chưa có số định danh", self.missing_id),
            (
                "Thiếu trường bắt buộc (dân tộc, nơi đăng ký khai sinh, quê quán)",
                self.missing_fields,
            ),
            ("Tạm trú hết hạn hoặc vắng từ 6 tháng chưa xóa", self.stale_temporary),
            ("Đã chết nhưng còn đăng ký cư trú", self.dead_with_active_residence),
        ]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


@dataclass
class Dashboard:
    """Everything the home page shows for one scope on one date."""

    on: dt.date
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_unit: list[dict] = field(default_factory=list)
    card_by_band: list[dict] = field(default_factory=list)
    eid_by_level: dict[int, int] = field(default_factory=dict)
    flaws: Flaws = field(default_factory=Flaws)


def managed_people(scope: Scope):
    return Person.objects.filter(scope.q())


def people_by_unit_and_status(scope: Scope) -> list[dict]:
    rows = (
        managed_people(scope)
        .values("unit_id", "unit__kind", "unit__name")
        .annotate(
            total=Count("id"),
            alive=Count("id", filter=Q(status=Person.Status.ALIVE)),
            dead=Count("id", filter=Q(status=Person.Status.DEAD)),
            missing=Count("id", filter=Q(status=Person.Status.MISSING)),
        )
        .order_by("unit__name")
    )
    return [{**r, "name": f"{r['unit__kind']} {r['unit__name']}".strip()} for r in rows]


def card_holding_by_age_band(scope: Scope, on: dt.date) -> list[dict]:
    """Living people per age band, and how many hold a valid CCCD / thẻ căn cước on `on`."""
    valid_card = IdentityDocument.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on),
        person=OuterRef("pk"),
        kind__in=VALID_CARD_KINDS,
    )
    rows = (
        managed_people(scope)
        .filter(status=Person.Status.ALIVE)
        .annotate(has_card=Exists(valid_card))
        .values_list("birth_date", "has_card")
    )
    people, holders = Counter(), Counter()
    for birth_date, has_card in rows.iterator(chunk_size=5000):
        band = age_band(age_on(birth_date, on))
        people[band] += 1
        holders[band] += bool(has_card)
    return [
        {
            "band": b,
            "people": people[b],
            "holders": holders[b],
            "share": round(100 * holders[b] / people[b], 1) if people[b] else 0.0,
        }
        for b in AGE_BANDS
    ]


def _id_flaws(scope: Scope, flaws: Flaws) -> None:
    """Count missing and wrong-structure numbers; the SQL filter of the ID-number workflow
    finds the wrong ones, and rules.idnumber tells unparseable from inconsistent."""
    people = managed_people(scope)
    flaws.missing_id = people.filter(Q(personal_id__isnull=True) | Q(personal_id="")).count()
    malformed = (
        people_with_malformed_id_number(scope).order_by().values_list("personal_id", flat=True)
    )
    for personal_id in malformed.iterator(chunk_size=5000):
        try:
            parse_id_number(personal_id)
        except InvalidIdNumber:
            flaws.id_invalid += 1
        else:
            flaws.id_inconsistent += 1


def register_flaws(scope: Scope, on: dt.date) -> Flaws:
    flaws = Flaws()
    _id_flaws(scope, flaws)
    people = managed_people(scope)
    flaws.missing_fields = people.filter(
        Q(ethnicity="") | Q(birth_registration_place="") | Q(hometown=""),
        status=Person.Status.ALIVE,
    ).count()
    flaws.stale_temporary = stale_temporary_residences(scope, on).count()
    active = Residence.objects.filter(person__in=people, ended_on__isnull=True)
    flaws.dead_with_active_residence = (
        active.filter(person__status=Person.Status.DEAD).values("person").distinct().count()
    )
    return flaws


def stale_temporary_residences(scope: Scope, on: dt.date):
    """Active temporary residences registered in the area that should have been deleted by `on`:
    the term has expired, or the person has lived at another place (nơi ở hiện tại) for
    STALE_ABSENCE_MONTHS or more.

    Keyed on the residence's commune, not on the commune managing the person: the police where
    the tạm trú is registered delete it, and most temporary residents are managed elsewhere.
    """
    away = Residence.objects.filter(
        person=OuterRef("person"),
        kind=Residence.Kind.CURRENT,
        ended_on__isnull=True,
        started_on__lte=_months_before(on, STALE_ABSENCE_MONTHS),
    ).exclude(unit=OuterRef("unit"), address=OuterRef("address"))  # not the tạm trú itself
    temporary = Residence.objects.filter(
        scope.q(unit_field="unit", province_field="unit__province"),
        kind=Residence.Kind.TEMPORARY,
        ended_on__isnull=True,
    )
    return temporary.filter(Q(expires_on__lt=on) | Exists(away))


def _months_before(on: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    return dt.date(year, month + 1, min(on.day, calendar.monthrange(year, month + 1)[1]))


def dashboard(scope: Scope, on: dt.date) -> Dashboard:
    board = Dashboard(on=on)
    board.by_unit = people_by_unit_and_status(scope)
    board.total = sum(r["total"] for r in board.by_unit)
    for status in Person.Status:
        board.by_status[status.label] = sum(r[status.value] for r in board.by_unit)
    board.card_by_band = card_holding_by_age_band(scope, on)
    levels = managed_people(scope).filter(status=Person.Status.ALIVE).values("eid_level")
    board.eid_by_level = {r["eid_level"]: r["n"] for r in levels.annotate(n=Count("id"))}
    board.flaws = register_flaws(scope, on)
    return board
