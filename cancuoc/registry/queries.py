"""Reads of the register, always through a Scope."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from cancuoc.accounts.scope import Scope
from cancuoc.registry.models import Person, Residence


def people_in_scope(scope: Scope) -> QuerySet[Person]:
    """People managed in the scope, plus those with an active residence there (tạm trú)."""
    if scope.national:
        return Person.objects.all()
    if scope.is_empty:
        return Person.objects.none()
    residing = Residence.objects.filter(
        scope.q(unit_field="unit", province_field="unit__province"),
        person=OuterRef("pk"),
        ended_on__isnull=True,
    )
    return Person.objects.filter(scope.q() | Exists(residing))
