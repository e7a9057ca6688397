"""Who may see and change administrative units.

Units are reference data, not personal data: every signed-in user may browse all of them.
Changing them is for the provincial PC06 team, inside their own province (including the old
provinces merged into it), and for administrators anywhere; a whole province only for admins.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cancuoc.accounts.models import User
from cancuoc.accounts.scope import scope_of_user
from cancuoc.areas.models import Unit, UnitLink

UNIT_MANAGER_ROLES = frozenset({User.Role.PROVINCIAL_OFFICER, User.Role.ADMIN})


def can_manage_units(user) -> bool:
    return user.is_authenticated and user.role in UNIT_MANAGER_ROLES


def require_unit_manager(user) -> None:
    """Only PC06 officers and administrators change units; others get 403."""
    if not can_manage_units(user):
        raise PermissionDenied


def _province_ids(user) -> set[int] | None:
    """Provinces (current and merged legacy ones) the user manages; None means all."""
    if user.role == User.Role.ADMIN:
        return None
    scope = scope_of_user(user)
    if scope.national:
        return None
    if scope.province_id is None:
        return set()
    merged = UnitLink.objects.filter(new_id=scope.province_id, old__level=Unit.Level.PROVINCE)
    return {scope.province_id, *merged.values_list("old_id", flat=True)}


def may_change(user, unit: Unit) -> bool:
    """May `user` retire `unit`?"""
    if not can_manage_units(user):
        return False
    ids = _province_ids(user)
    if ids is None:
        return True
    if unit is None or unit.level == Unit.Level.PROVINCE:
        return False  # adding or retiring a province is decided nationally
    return unit.province_id in ids


def may_add_under(user, parent: Unit | None) -> bool:
    """May `user` add a unit whose parent is `parent` (None: a new province)?"""
    if not can_manage_units(user):
        return False
    ids = _province_ids(user)
    if ids is None:
        return True
    if parent is None:
        return False
    return parent.pk in ids or parent.province_id in ids


def access_unit(unit_id) -> Unit:
    """Any unit by id, for every signed-in user; a malformed or unknown id is 404."""
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        raise Http404 from None
    unit = Unit.objects.select_related("parent", "province").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def access_unit_for_change(user, unit_id) -> Unit:
    """The unit if `user` may retire it; 403 for other roles or areas, 404 if unknown."""
    require_unit_manager(user)
    unit = access_unit(unit_id)
    if not may_change(user, unit):
        raise PermissionDenied
    return unit
