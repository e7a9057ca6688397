"""The area a user may see, as a filter on records keyed by commune and province."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from cancuoc.areas.models import Unit, UnitLink


@dataclass(frozen=True)
class Scope:
    """Everything (national), one current province, or an explicit set of current communes."""

    national: bool = False
    province_id: int | None = None
    commune_ids: frozenset[int] = frozenset()

    def q(self, unit_field: str = "unit", province_field: str = "province") -> Q:
        """A filter for rows whose commune (and province) fields fall inside the scope."""
        if self.national:
            return Q()
        if self.province_id is not None:
            return Q(**{f"{province_field}_id": self.province_id})
        return Q(**{f"{unit_field}_id__in": self.commune_ids})

    def contains_unit(self, unit: Unit) -> bool:
        if self.national:
            return True
        if self.province_id is not None:
            return unit.province_id == self.province_id or unit.pk == self.province_id
        return unit.pk in self.commune_ids

    @property
    def is_empty(self) -> bool:
        return not self.national and self.province_id is None and not self.commune_ids


NOTHING = Scope()


def scope_of_unit(unit: Unit | None) -> Scope:
    """Current-structure communes covered by `unit`, whichever structure the unit belongs to."""
    if unit is None:
        return NOTHING
    if unit.scheme == Unit.Scheme.V2025:
        if unit.level == Unit.Level.PROVINCE:
            return Scope(province_id=unit.pk)
        return Scope(commune_ids=frozenset({unit.pk}))
    # A legacy unit (e.g. a district police team before 2025) sees the current communes its
    # old communes became, including partly merged ones.
    old_communes = Unit.objects.filter(
        Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit), level=Unit.Level.COMMUNE
    )
    new_ids = UnitLink.objects.filter(old__in=old_communes).values_list("new_id", flat=True)
    return Scope(commune_ids=frozenset(new_ids))


def scope_of_user(user) -> Scope:
    """The scope of a signed-in user: their agency's area; national for the Ministry."""
    if not user.is_authenticated or not user.agency_id:
        return NOTHING
    agency = user.agency
    if agency.kind == agency.Kind.MINISTRY:
        return Scope(national=True)
    return scope_of_unit(agency.unit)
