"""Changes to administrative units. Units keep changing after 2025: a new unit is added with the
date it takes effect, an old one is retired with its last day and, optionally, its successor.
Nothing is deleted or overwritten, so records keyed on an old unit keep their meaning.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.errors import AreasError
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.areas.resolver import describe
from cancuoc.rules.dates import format_date_vi

PROVINCE, DISTRICT, COMMUNE = Unit.Level.PROVINCE, Unit.Level.DISTRICT, Unit.Level.COMMUNE
LEGACY, V2025 = Unit.Scheme.LEGACY, Unit.Scheme.V2025

# The level of the parent of each (scheme, level); None: no parent. Since 1 July 2025 local
# government has two levels, tỉnh and xã (Luật Tổ chức chính quyền địa phương 2025, Điều 2).
PARENT_LEVEL = {
    (V2025, PROVINCE): None,
    (V2025, COMMUNE): PROVINCE,
    (LEGACY, PROVINCE): None,
    (LEGACY, DISTRICT): PROVINCE,
    (LEGACY, COMMUNE): DISTRICT,
}


def child_level(unit: Unit) -> str | None:
    """The level of the units directly under `unit` in its structure (None for communes)."""
    below = [
        lvl
        for (scheme, lvl), up in PARENT_LEVEL.items()
        if (scheme, up) == (unit.scheme, unit.level)
    ]
    return below[0] if below else None


# Kinds of unit allowed at each level (Luật Tổ chức chính quyền địa phương 2025, Điều 2:
# tỉnh, thành phố; xã, phường, đặc khu. Before: quận, huyện, thị xã, thành phố; thị trấn).
LEVEL_KINDS = {
    PROVINCE: ("Tỉnh", "Thành phố"),
    DISTRICT: ("Quận", "Huyện", "Thị xã", "Thành phố"),
    COMMUNE: ("Xã", "Phường", "Đặc khu", "Thị trấn"),
}


def _label(scheme: str) -> str:
    return Unit.Scheme(scheme).label


def _check_parent(scheme: str, level: str, parent: Unit | None, valid_from: dt.date) -> None:
    if (scheme, level) not in PARENT_LEVEL:
        raise AreasError(f"{_label(scheme)} không có cấp «{Unit.Level(level).label}».")
    expected = PARENT_LEVEL[(scheme, level)]
    if expected is None and parent is not None:
        raise AreasError("Đơn vị cấp tỉnh không có đơn vị cấp trên.")
    if expected is None:
        return
    if parent is None or parent.pk is None:
        raise AreasError(f"Chưa chọn đơn vị cấp trên ({Unit.Level(expected).label}).")
    if parent.scheme != scheme or parent.level != expected:
        raise AreasError(
            f"Đơn vị cấp trên phải là {Unit.Level(expected).label.lower()} "
            f"thuộc hệ thống «{_label(scheme)}»; {describe(parent)} không phù hợp."
        )
    if not parent.is_valid_on(valid_from):
        raise AreasError(
            f"Đơn vị cấp trên {describe(parent)} không có hiệu lực vào ngày "
            f"{format_date_vi(valid_from)}."
        )


def _clean_fields(code: str, name: str, kind: str, level: str) -> tuple[str, str]:
    code, name = (code or "").strip(), " ".join((name or "").split())
    if not code.isdigit() or len(code) > 10:
        raise AreasError(f"Mã đơn vị «{code}» không hợp lệ: chỉ gồm chữ số, tối đa 10 ký tự.")
    if not name or len(name) > 120:
        raise AreasError("Tên đơn vị không được để trống và tối đa 120 ký tự.")
    if kind not in LEVEL_KINDS.get(level, ()):
        allowed = ", ".join(LEVEL_KINDS.get(level, ()))
        raise AreasError(f"Loại đơn vị «{kind}» không hợp lệ ở cấp này (chọn: {allowed}).")
    return code, name


@transaction.atomic
def add_unit(
    *,
    scheme: str,
    level: str,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    valid_from: dt.date,
    actor: Actor,
) -> Unit:
    """Add a unit that takes effect on `valid_from`.

    Preconditions: the level exists in the scheme; the parent is of the level above, in the same
    scheme and valid on `valid_from` (none for a province); the code is digits and not yet used
    at that level of the scheme; the kind fits the level.
    Effects: creates the Unit (province taken from the parent) and writes `areas.unit.created`.
    """
    code, name = _clean_fields(code, name, kind, level)
    if not isinstance(valid_from, dt.date):
        raise AreasError("Chưa nhập ngày có hiệu lực.")
    _check_parent(scheme, level, parent, valid_from)
    taken = Unit.objects.filter(scheme=scheme, level=level, code=code).first()
    if taken is not None:
        raise AreasError(f"Mã {code} đã được dùng cho {describe(taken)}.")
    province = None
    if parent is not None:
        province = parent if parent.level == PROVINCE else parent.province
    fields = {"scheme": scheme, "level": level, "code": code, "name": name, "kind": kind}
    try:
        with transaction.atomic():
            unit = Unit.objects.create(
                **fields, parent=parent, province=province, valid_from=valid_from
            )
    except IntegrityError:  # the same code added concurrently
        raise AreasError(f"Mã {code} vừa được dùng cho một đơn vị khác.") from None
    fields = ["scheme", "level", "code", "name", "kind", "parent_id", "valid_from"]
    audit.record(
        actor, "areas.unit.created", unit, data={f: [None, getattr(unit, f)] for f in fields}
    )
    return unit


def _check_retirement(unit: Unit, valid_to: dt.date, successor: Unit | None) -> None:
    if unit.valid_to is not None:
        raise AreasError(
            f"{describe(unit)} đã hết hiệu lực từ sau ngày {format_date_vi(unit.valid_to)}."
        )
    if unit.valid_from and valid_to < unit.valid_from:
        raise AreasError(
            f"Ngày hết hiệu lực {format_date_vi(valid_to)} không được trước ngày có hiệu lực "
            f"{format_date_vi(unit.valid_from)} của {unit.full_name}."
        )
    live_children = unit.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to))
    live_children = live_children.count()
    if live_children:
        raise AreasError(
            f"{unit.full_name} còn {live_children} đơn vị trực thuộc có hiệu lực sau ngày "
            f"{format_date_vi(valid_to)}; hãy chuyển hoặc cho các đơn vị đó hết hiệu lực trước."
        )
    if successor is None:
        return
    takes_over = valid_to + dt.timedelta(days=1)
    if successor.pk == unit.pk or successor.level != unit.level:
        raise AreasError(f"Đơn vị kế thừa phải là đơn vị khác, cùng cấp với {unit.full_name}.")
    if not successor.is_valid_on(takes_over):
        raise AreasError(
            f"Đơn vị kế thừa {describe(successor)} không có hiệu lực vào ngày "
            f"{format_date_vi(takes_over)}."
        )


@transaction.atomic
def retire_unit(
    unit: Unit,
    *,
    valid_to: dt.date,
    successor: Unit | None = None,
    is_partial: bool = False,
    actor: Actor,
) -> Unit:
    """End a unit's validity on `valid_to` (its last day), optionally naming its successor.

    Preconditions: the unit is still valid (no end date); `valid_to` is not before its start;
    no child unit stays valid after `valid_to`; a successor is another unit of the same level,
    valid on the day after `valid_to`.
    Effects: sets `valid_to`; with a successor, adds the crosswalk link old → new effective the
    next day (`is_partial` when only part of the unit went to it); writes `areas.unit.retired`.
    """
    if not isinstance(valid_to, dt.date):
        raise AreasError("Chưa nhập ngày hết hiệu lực.")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_retirement(unit, valid_to, successor)
    unit.valid_to = valid_to
    unit.save(update_fields=["valid_to"])
    data = {"valid_to": [None, valid_to]}
    if successor is not None:
        UnitLink.objects.update_or_create(
            old=unit,
            new=successor,
            defaults={
                "is_partial": is_partial,
                "is_default": not is_partial,
                "effective_on": valid_to + dt.timedelta(days=1),
            },
        )
        data["successor"] = [None, {"id": successor.pk, "code": successor.code}]
    audit.record(actor, "areas.unit.retired", unit, data=data)
    return unit
