"""Reads for the workflow pages, always through a Scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Substr

from cancuoc.accounts.scope import Scope
from cancuoc.areas.models import Unit
from cancuoc.registry.models import Person, Residence
from cancuoc.registry.workflows.models import (
    Absence,
    Collection,
    CorrectionRequest,
    IdNumberChange,
    Move,
)
from cancuoc.rules.errors import InvalidIdNumber
from cancuoc.rules.idnumber import PROVINCE_CODES, Sex, check_consistency, parse_id_number

# --- ID numbers -------------------------------------------------------------------------


def id_number_problems(person: Person) -> list[str]:
    """Why the person's number has a wrong structure (rules.idnumber); [] when it is right."""
    if not person.personal_id:
        return []
    try:
        number = parse_id_number(person.personal_id)
    except InvalidIdNumber as exc:
        return [exc.reason]
    sex = Sex(person.sex) if person.sex in ("male", "female") else None
    return check_consistency(number, birth_year=person.birth_date.year, sex=sex)


def _expected_gyy():
    """Digits 4-6 the number must carry for the stored birth date and sex (vn_spec §1.2)."""
    before_2000 = Q(birth_date__lt=dt.date(2000, 1, 1))
    century = Case(
        When(before_2000 & Q(sex="male"), then=Value("0")),
        When(before_2000, then=Value("1")),
        When(sex="male", then=Value("2")),
        default=Value("3"),
        output_field=CharField(),
    )
    # The ISO text of a date is YYYY-MM-DD on both SQLite and PostgreSQL.
    yy = Substr(Cast("birth_date", CharField()), 3, 2)
    return Concat(century, yy, output_field=CharField())


def people_with_malformed_id_number(scope: Scope) -> QuerySet[Person]:
    """People in scope whose number is not 12 digits, has an unknown province code, or whose
    century/sex/year digits disagree with the recorded birth date and sex.

    The filter runs in SQL so a province is scanned in one query; callers explain each row
    with id_number_problems (the one implementation of the rule).
    """
    wrong = (
        ~Q(personal_id__regex=r"^[0-9]{12}$")
        | ~Q(id_prefix__in=list(PROVINCE_CODES))
        | ~Q(id_gyy=_expected_gyy())
    )
    return (
        Person.objects.filter(scope.q(), personal_id__isnull=False)
        .exclude(personal_id="")
        .annotate(
            id_prefix=Substr("personal_id", 1, 3),
            id_gyy=Substr("personal_id", 4, 3),
        )
        .filter(wrong)
        .select_related("unit")
        .order_by("unit__name", "name_folded", "pk")
    )


@dataclass(frozen=True)
class IdNumberCase:
    """A person whose number has a wrong structure and is not yet re-established."""

    person: Person
    problems: list[str]


def pending_id_number_cases(scope: Scope, *, limit: int | None = None) -> list[IdNumberCase]:
    """Detected cases, each with its explanation in Vietnamese."""
    people = people_with_malformed_id_number(scope)
    if limit is not None:
        people = people[:limit]
    cases = [IdNumberCase(p, id_number_problems(p)) for p in people]
    return [c for c in cases if c.problems]


def id_number_changes(scope: Scope) -> QuerySet[IdNumberChange]:
    """Numbers already cancelled or re-established in scope, newest first."""
    return (
        IdNumberChange.objects.filter(scope.q())
        .select_related("person", "unit")
        .order_by("-changed_on", "-pk")
    )


def people_by_any_id_number(scope: Scope, number: str) -> QuerySet[Person]:
    """People in scope who carry `number` now or carried it before it was cancelled."""
    former = IdNumberChange.objects.filter(person=OuterRef("pk"), old_number=number)
    return Person.objects.filter(scope.q()).filter(Q(personal_id=number) | Exists(former))


# --- DC01 / DC02 ------------------------------------------------------------------------


def collections_in_scope(scope: Scope) -> QuerySet[Collection]:
    return (
        Collection.objects.filter(scope.q())
        .select_related("person", "unit", "collector", "verifier")
        .order_by("-collected_on", "-pk")
    )


@dataclass(frozen=True)
class CoverageRow:
    """DC01 coverage of one commune: alive people and how many have a verified form."""

    unit_id: int
    name: str
    alive: int
    collected: int
    verified: int

    @property
    def verified_share(self) -> float:
        return round(100 * self.verified / self.alive, 1) if self.alive else 0.0

    @property
    def collected_share(self) -> float:
        return round(100 * self.collected / self.alive, 1) if self.alive else 0.0


def collection_coverage(scope: Scope) -> list[CoverageRow]:
    """Per commune: people alive, with a DC01 collected, and with a verified DC01 (seed 003:
    "phúc tra, kiểm tra 100% số Phiếu DC01"). Three grouped queries, whatever the size."""
    alive = Person.objects.filter(scope.q(), status=Person.Status.ALIVE)
    totals = dict(alive.values_list("unit").annotate(n=Count("pk")).values_list("unit", "n"))
    forms = Collection.objects.filter(
        scope.q("person__unit", "person__province"), person__status=Person.Status.ALIVE
    )
    verified = Q(status=Collection.Status.VERIFIED)
    counts = {
        row["person__unit"]: row
        for row in forms.values("person__unit").annotate(
            collected=Count("person", distinct=True),
            verified=Count("person", distinct=True, filter=verified),
        )
    }
    units = Unit.objects.filter(pk__in=totals).order_by("name").values_list("pk", "kind", "name")
    empty = {"collected": 0, "verified": 0}
    return [
        CoverageRow(pk, f"{kind} {name}".strip(), totals[pk], counts.get(pk, empty)["collected"],
                    counts.get(pk, empty)["verified"])
        for pk, kind, name in units
    ]  # fmt: skip


def corrections_in_scope(scope: Scope) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.filter(scope.q())
        .select_related("person", "unit", "submitted_by", "reviewed_by")
        .prefetch_related("items")
        .order_by("-submitted_at", "-pk")
    )


def correction_queue(scope: Scope) -> QuerySet[CorrectionRequest]:
    """DC02 forms waiting for the head: submitted first (oldest first), then approved."""
    waiting = (CorrectionRequest.Status.SUBMITTED, CorrectionRequest.Status.APPROVED)
    return corrections_in_scope(scope).filter(status__in=waiting).order_by("status", "submitted_at")


# --- events -----------------------------------------------------------------------------


def moves_out(scope: Scope) -> QuerySet[Move]:
    """People who moved their permanent residence out of a commune in scope (đã chuyển đi)."""
    return (
        Move.objects.filter(scope.q("from_unit", "from_province"))
        .select_related("person", "from_unit", "to_unit", "to_province")
        .order_by("-moved_on", "-pk")
    )


def moves_in(scope: Scope) -> QuerySet[Move]:
    """People who registered permanent residence in a commune in scope (chuyển đến)."""
    return (
        Move.objects.filter(scope.q("to_unit", "to_province"))
        .select_related("person", "from_unit", "from_province", "to_unit")
        .order_by("-moved_on", "-pk")
    )


def absences_in_scope(scope: Scope, *, on: dt.date) -> QuerySet[Absence]:
    """Absence declarations current on `on` (not returned, not yet ended)."""
    return (
        Absence.objects.filter(scope.q(), returned_on__isnull=True, ends_on__gte=on)
        .select_related("person")
        .order_by("ends_on", "pk")
    )


# Luật Cư trú 2020 Điều 28 khoản 3: extend within the 15 days before the term ends.
EXTENSION_WINDOW_DAYS = 15


def extension_window_start(on: dt.date) -> dt.date:
    """Stays ending on or before this day are due for extension (shown as "sắp hết hạn")."""
    return on + dt.timedelta(days=EXTENSION_WINDOW_DAYS)


def temporary_residences(scope: Scope) -> QuerySet[Residence]:
    """Active temporary residences registered in the communes of the scope, soonest end first."""
    stays = Residence.objects.filter(kind=Residence.Kind.TEMPORARY, ended_on__isnull=True)
    if not scope.national:
        stays = stays.filter(scope.q(unit_field="unit", province_field="unit__province"))
    return stays.select_related("person", "unit").order_by("expires_on", "pk")


def person_workflow_records(person: Person) -> dict[str, list]:
    """The person's DC01 and DC02 forms, moves, absences, number changes and lock requests."""
    return {
        "collections": list(person.collections.select_related("collector").order_by("-pk")),
        "corrections": list(person.correction_requests.order_by("-pk")),
        "moves": list(person.moves.select_related("from_unit", "to_unit").order_by("-pk")),
        "absences": list(person.absences.order_by("-starts_on")),
        "id_changes": list(person.id_number_changes.order_by("-pk")),
        "locks": list(person.lock_requests.select_related("document").order_by("-pk")),
        "stays": list(person.residences.filter(kind=Residence.Kind.TEMPORARY).order_by("-pk")),
    }
