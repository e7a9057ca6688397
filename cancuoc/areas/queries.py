"""Reads of administrative units: by code, by name typed without diacritics, on a date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from cancuoc.areas.models import Unit, UnitLink
from cancuoc.areas.naming import parse_typed_name
from cancuoc.areas.resolver import UnitResolver, code_variants, describe, resolve_unit
from cancuoc.rules.names import compact_key

__all__ = [
    "UnitResolver",
    "children_of",
    "current_communes_of",
    "describe",
    "find_units",
    "predecessors_of",
    "provinces",
    "resolve_unit",
    "successors_of",
    "unit_by_code",
    "unit_list",
    "units_matching",
    "units_valid_on",
    "valid_on",
]

V2025 = Unit.Scheme.V2025
_LEVEL_RANK = Case(
    When(level=Unit.Level.PROVINCE, then=Value(1)),
    When(level=Unit.Level.DISTRICT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def valid_on(on: dt.date) -> Q:
    """Filter for units valid on `on` (open-ended validity on either side counts as valid)."""
    starts = Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    ends = Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    return starts & ends


def units_valid_on(on: dt.date) -> QuerySet[Unit]:
    return Unit.objects.filter(valid_on(on))


def unit_by_code(
    code: str, *, scheme: str = V2025, level: str | None = None, on: dt.date | None = None
) -> Unit | None:
    """The unit with this code in `scheme` (valid on `on` if given), or None; leading zeros
    may be omitted ("2" finds province "02")."""
    code = (code or "").strip()
    codes = code_variants(code, level) if code.isdigit() else {code}
    units = Unit.objects.filter(scheme=scheme, code__in=codes)
    if level:
        units = units.filter(level=level)
    if on:
        units = units.filter(valid_on(on))
    return units.select_related("parent", "province").order_by(_LEVEL_RANK).first()


def units_matching(
    text: str,
    *,
    level: str | None = None,
    scheme: str | None = None,
    on: dt.date | None = None,
) -> QuerySet[Unit]:
    """Units whose code is `text` or whose name contains it (diacritics optional), best first:
    exact names, then names starting with the text, then the rest; current structure first."""
    units = Unit.objects.all()
    if level:
        units = units.filter(level=level)
    if scheme:
        units = units.filter(scheme=scheme)
    if on:
        units = units.filter(valid_on(on))
    text = " ".join((text or "").split())
    if text.isdigit():
        units = units.filter(code__in=code_variants(text, level)).annotate(rank=Value(0))
    elif text:
        units = _named_like(units, text)
    else:
        units = units.annotate(rank=Value(0))
    return units.order_by("rank", "-scheme", _LEVEL_RANK, "name_key", "code")


def _named_like(units: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    typed = parse_typed_name(text)
    whole, bare = compact_key(typed.whole), compact_key(typed.name)
    if not whole:
        return units.none()
    match = Q(name_key__contains=whole)
    if bare:
        match |= Q(name_key__contains=bare, **({"kind": typed.kind} if typed.kind else {}))
    rank = Case(
        When(name_key__in=[whole, bare], then=Value(0)),
        When(Q(name_key__startswith=whole) | Q(name_key__startswith=bare or whole), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return units.filter(match).annotate(rank=rank)


def find_units(
    text: str,
    *,
    level: str | None = None,
    scheme: str | None = None,
    on: dt.date | None = None,
    limit: int = 20,
) -> list[Unit]:
    """Up to `limit` units matching `text` by code or folded name ("trang dai" → Trảng Dài)."""
    if not (text or "").strip():
        return []
    units = units_matching(text, level=level, scheme=scheme, on=on)
    return list(units.select_related("parent", "province")[:limit])


def unit_list(
    *, text: str = "", scheme: str = "", province: Unit | None = None, level: str = ""
) -> QuerySet[Unit]:
    """The units page: search, structure, province and level filters, with the crosswalk."""
    units = units_matching(text, scheme=scheme or None, level=level or None)
    if province is not None:
        units = units.filter(Q(province=province) | Q(pk=province.pk))
    if not text.strip():
        units = units.order_by(Coalesce("province__code", "code"), _LEVEL_RANK, "code")
    return _with_crosswalk(units.select_related("parent", "province"))


def _with_crosswalk(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Each unit with `links_to_new` (and their `new`) and `links_from_old` (and their `old`)."""
    return units.prefetch_related(
        Prefetch("links_to_new", UnitLink.objects.select_related("new").order_by("-is_default")),
        Prefetch("links_from_old", UnitLink.objects.select_related("old").order_by("old__code")),
    )


def provinces(*, scheme: str = V2025) -> QuerySet[Unit]:
    return Unit.objects.filter(scheme=scheme, level=Unit.Level.PROVINCE).order_by("code")


def children_of(unit: Unit) -> QuerySet[Unit]:
    return _with_crosswalk(unit.children.select_related("parent", "province").order_by("code"))


def successors_of(old_unit: Unit) -> QuerySet[Unit]:
    """Units `old_unit` became (default successor first); each carries `link_partial`."""
    units = Unit.objects.filter(links_from_old__old=old_unit)
    units = units.annotate(
        link_partial=F("links_from_old__is_partial"),
        link_default=F("links_from_old__is_default"),
        link_effective_on=F("links_from_old__effective_on"),
    )
    return units.select_related("province").order_by("-link_default", "code")


def predecessors_of(new_unit: Unit) -> QuerySet[Unit]:
    """Units that became all (or, with `link_partial`, part) of `new_unit`."""
    units = Unit.objects.filter(links_to_new__new=new_unit)
    units = units.annotate(
        link_partial=F("links_to_new__is_partial"),
        link_default=F("links_to_new__is_default"),
        link_effective_on=F("links_to_new__effective_on"),
    )
    return units.select_related("parent", "province").order_by("scheme", "level", "code")


def current_communes_of(province: Unit, *, on: dt.date | None = None) -> QuerySet[Unit]:
    """Communes valid on `on` (default today) in `province`, or in the province(s) it became."""
    on = on or timezone.localdate()
    province_ids = {province.pk}
    if not province.is_valid_on(on):
        links = UnitLink.objects.filter(old=province).values_list("new_id", flat=True)
        province_ids = set(links)
    communes = Unit.objects.filter(
        valid_on(on), level=Unit.Level.COMMUNE, province_id__in=province_ids
    )
    return communes.select_related("province").order_by("code")
