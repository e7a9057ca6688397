"""Fetch register objects for a user: out of area answers 404, like a missing record."""

from __future__ import annotations

from django.http import Http404

from cancuoc.accounts.access import require_reader, require_writer
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.models import Household, Person
from cancuoc.registry.queries import people_in_scope


def access_person(user, person_id, *, write: bool = False) -> Person:
    """The person `person_id` if `user` may see it (and change it, with write=True), else 404."""
    # The role gate comes first: a role without register access is refused outright.
    if write:
        require_writer(user)
    else:
        require_reader(user)
    # A malformed id is a missing record.
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise Http404 from None
    # Scope filter: a record outside the user's area is indistinguishable from a missing one.
    person = people_in_scope(scope_of_user(user)).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def access_household(user, household_id) -> Household:
    """The household if `user` may read the register and it is registered in their area."""
    require_reader(user)
    try:
        pk = int(household_id)
    except (TypeError, ValueError):
        raise Http404 from None
    scope = scope_of_user(user)
    households = Household.objects.select_related("unit", "head")
    if not scope.national:
        households = households.filter(scope.q(unit_field="unit", province_field="unit__province"))
    household = households.filter(pk=pk).first()
    if household is None:
        raise Http404
    return household
