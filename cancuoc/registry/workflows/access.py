"""Fetch workflow records for a user: out of area answers 404, like a missing record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from cancuoc.accounts.access import require_reader, require_writer
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.models import Person, Residence
from cancuoc.registry.workflows.common import REVIEWER_ROLES
from cancuoc.registry.workflows.models import Absence, Collection, CorrectionRequest
from cancuoc.rules.dates import DatePrecision, parse_partial_date
from cancuoc.rules.errors import RuleError
from cancuoc.rules.idnumber import clean_digits
from cancuoc.rules.names import fold


def require_reviewer_role(user) -> None:
    """Only the commune head and provincial officers approve or reject (brief, seed 003)."""
    require_writer(user)
    if user.role not in REVIEWER_ROLES:
        raise PermissionDenied


def _pk(value) -> int:
    # A malformed id is a missing record.
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _one(queryset: QuerySet, pk) -> Model:
    obj = queryset.filter(pk=_pk(pk)).first()
    if obj is None:
        raise Http404
    return obj


def _gate(user, write: bool) -> None:
    # The role gate comes first: a role without register access is refused outright.
    if write:
        require_writer(user)
    else:
        require_reader(user)


def access_collection(user, collection_id, *, write: bool = False) -> Collection:
    """A DC01 form of a commune in the user's area, else 404."""
    _gate(user, write)
    scope = scope_of_user(user)
    forms = Collection.objects.select_related("person", "unit", "collector", "verifier")
    return _one(forms.filter(scope.q()), collection_id)


def access_correction(user, request_id, *, write: bool = False) -> CorrectionRequest:
    """A DC02 form of a commune in the user's area, else 404."""
    _gate(user, write)
    scope = scope_of_user(user)
    forms = CorrectionRequest.objects.select_related(
        "person", "unit", "submitted_by", "reviewed_by", "applied_by"
    )
    return _one(forms.filter(scope.q()), request_id)


def access_temporary_residence(user, residence_id) -> Residence:
    """An active or past temporary residence registered in a commune of the user's area."""
    require_writer(user)
    scope = scope_of_user(user)
    stays = Residence.objects.filter(kind=Residence.Kind.TEMPORARY).select_related("person", "unit")
    if not scope.national:
        stays = stays.filter(scope.q(unit_field="unit", province_field="unit__province"))
    return _one(stays, residence_id)


def access_absence(user, absence_id) -> Absence:
    """An absence declared at a commune of the user's area, else 404."""
    require_writer(user)
    scope = scope_of_user(user)
    return _one(Absence.objects.filter(scope.q()).select_related("person"), absence_id)


def _same_birth(person: Person, text: str) -> bool:
    try:
        given = parse_partial_date(text)
    except RuleError:
        return False
    if given == person.birth:
        return True
    # A record that keeps only the year (or month) matches the full date on the card.
    return given.precision is DatePrecision.DAY and person.birth.contains(given.to_date())


def person_for_registration(
    user, *, personal_id: str, full_name: str, birth_date: str
) -> Person | None:
    """The person a citizen identifies with their card (number, name and birth date, all
    matching) when they register residence at a commune that does not manage them yet
    (Luật Cư trú 2020 Điều 20, 27: registration is made at the new place). None otherwise,
    without saying which of the three did not match."""
    require_writer(user)
    number = clean_digits(personal_id or "")
    person = (
        Person.objects.filter(personal_id=number).select_related("unit").first() if number else None
    )
    if person is None or fold(person.full_name) != fold(full_name or ""):
        return None
    return person if _same_birth(person, birth_date or "") else None
