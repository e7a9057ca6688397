"""Temporary residence (tạm trú, Luật Cư trú 2020 Điều 27-29) and declared absence (tạm vắng,
Điều 31). Registration and deletion go through registry.services (add_residence,
end_residence); extension and absence are recorded here.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import Unit
from cancuoc.registry import services
from cancuoc.registry.models import Person, Residence
from cancuoc.registry.workflows.common import WorkflowError, acting_user, require_text, today
from cancuoc.registry.workflows.models import Absence, ResidenceExtension, TemporaryDeletionReason
from cancuoc.rules.ages import birthday_at
from cancuoc.rules.dates import format_date_vi

# Luật Cư trú 2020 Điều 27 khoản 3: a term of at most 2 years, renewable many times; each
# extension (Điều 28) is again at most 2 years, counted from the end of the current term.
TEMPORARY_MAX_YEARS = 2


def _check_alive(person: Person) -> None:
    if person.status != Person.Status.ALIVE:
        raise WorkflowError(f"{person.full_name} có tình trạng “{person.get_status_display()}”.")


@transaction.atomic
def register_temporary_residence(
    person: Person,
    *,
    unit: Unit,
    address: str,
    started_on: dt.date,
    expires_on: dt.date | None,
    actor: Actor,
) -> Residence:
    """Register a temporary residence (đăng ký tạm trú, Luật Cư trú 2020 Điều 27).

    Preconditions: the person is alive; `unit` is not the commune of their active permanent
    residence (Điều 27 k1: tạm trú is outside it); a term of at most 2 years from the start
    (default: 2 years), start not in the future. Effects: through add_residence, any active
    temporary residence ends and the new one opens (audit `registry.residence.added`).
    """
    _check_alive(person)
    permanent = person.residences.filter(
        kind=Residence.Kind.PERMANENT, ended_on__isnull=True, unit=unit
    )
    if permanent.exists():
        raise WorkflowError(
            f"{person.full_name} thường trú tại {unit.full_name}: chỉ đăng ký tạm trú ngoài "
            "xã/phường nơi thường trú (Luật Cư trú 2020, Điều 27 khoản 1)."
        )
    return services.add_residence(
        person, kind=Residence.Kind.TEMPORARY, unit=unit, address=address,
        started_on=started_on, expires_on=expires_on, actor=actor,
    )  # fmt: skip


def _active_temporary(residence: Residence) -> Residence:
    residence = Residence.objects.select_for_update().select_related("person").get(pk=residence.pk)
    if residence.kind != Residence.Kind.TEMPORARY:
        raise WorkflowError("Đây không phải nơi tạm trú.")
    if residence.ended_on is not None:
        raise WorkflowError(
            f"Đăng ký tạm trú này đã kết thúc ngày {format_date_vi(residence.ended_on)}."
        )
    return residence


@transaction.atomic
def extend_temporary_residence(
    residence: Residence, *, new_expires_on: dt.date, actor: Actor
) -> ResidenceExtension:
    """Extend a temporary residence (gia hạn tạm trú, Luật Cư trú 2020 Điều 28).

    Preconditions: an active temporary residence of a living person whose term has not yet
    ended (an expired term must be registered anew); the new end after the current one and at
    most 2 years after it. Effects: the residence's end date moves; a ResidenceExtension row
    keeps the old and new dates; audit `registry.temporary_residence.extended`.
    """
    residence = _active_temporary(residence)
    _check_alive(residence.person)
    old = residence.expires_on
    if old is not None and old < today():
        raise WorkflowError(
            f"Tạm trú đã hết hạn ngày {format_date_vi(old)}: không gia hạn được, phải đăng ký "
            "tạm trú mới."
        )
    base = old or today()
    limit = birthday_at(base, TEMPORARY_MAX_YEARS)
    if not base < new_expires_on <= limit:
        message = (
            f"Thời hạn mới phải sau {format_date_vi(base)} và không quá {TEMPORARY_MAX_YEARS} "
            f"năm (đến {format_date_vi(limit)}) — Luật Cư trú 2020 Điều 27, 28."
        )
        raise WorkflowError(message, errors={"new_expires_on": message})
    residence.expires_on = new_expires_on
    residence.save(update_fields=["expires_on"])
    extension = ResidenceExtension.objects.create(
        residence=residence, previous_expires_on=base, new_expires_on=new_expires_on,
        extended_on=today(), extended_by=acting_user(actor),
    )  # fmt: skip
    audit.record(actor, "registry.temporary_residence.extended", residence, data={
        "person_id": residence.person_id, "expires_on": [old, new_expires_on],
    })  # fmt: skip
    return extension


@transaction.atomic
def delete_temporary_residence(
    residence: Residence, *, reason: str, on: dt.date, actor: Actor
) -> Residence:
    """Delete a temporary residence (xóa đăng ký tạm trú) for one of the 8 cases of Luật Cư
    trú 2020 Điều 29 khoản 1.

    Preconditions: an active temporary residence; `reason` one of TemporaryDeletionReason;
    a date between its start and today. Effects: the residence ends with the legal wording
    and reference as its reason (end_residence, audit `registry.residence.ended`).
    """
    if reason not in TemporaryDeletionReason.values:
        message = "Chọn một trong 8 trường hợp xóa đăng ký tạm trú (Điều 29 khoản 1)."
        raise WorkflowError(message, errors={"reason": message})
    residence = _active_temporary(residence)
    choice = TemporaryDeletionReason(reason)
    text = f"{choice.label} ({choice.legal_ref})"
    return services.end_residence(residence, on=on, reason=text, actor=actor)


@transaction.atomic
def declare_absence(
    person: Person,
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    destination: str,
    reason: str,
    actor: Actor,
) -> Absence:
    """Record a declaration of temporary absence (khai báo tạm vắng, Luật Cư trú 2020 Điều 31).

    Preconditions: the person is alive; a destination and a reason; the end on or after the
    start; no other open declaration overlapping these dates. Effects: an Absence kept at the
    commune managing the person; audit `registry.absence.declared`.
    """
    _check_alive(person)
    destination = require_text(destination, field="destination", label="nơi đến")
    reason = require_text(reason, field="reason", label="lý do tạm vắng")
    if ends_on < starts_on:
        message = "Ngày kết thúc tạm vắng phải sau ngày bắt đầu."
        raise WorkflowError(message, errors={"ends_on": message})
    overlapping = person.absences.filter(
        returned_on__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if overlapping.exists():
        raise WorkflowError(f"{person.full_name} đã có khai báo tạm vắng trùng thời gian này.")
    absence = Absence.objects.create(
        person=person, unit_id=person.unit_id, province_id=person.province_id,
        starts_on=starts_on, ends_on=ends_on, destination=destination[:255],
        reason=reason[:255], declared_by=acting_user(actor),
    )  # fmt: skip
    audit.record(actor, "registry.absence.declared", absence, data={
        "person_id": person.pk, "starts_on": starts_on, "ends_on": ends_on,
        "destination": absence.destination, "reason": absence.reason,
    })  # fmt: skip
    return absence


@transaction.atomic
def end_absence(absence: Absence, *, returned_on: dt.date, actor: Actor) -> Absence:
    """Record the return of an absent person.

    Preconditions: the declaration is open; the return date is not before its start nor in
    the future. Effects: returned_on set; audit `registry.absence.ended`.
    """
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.returned_on is not None:
        raise WorkflowError(f"Đã ghi nhận trở về ngày {format_date_vi(absence.returned_on)}.")
    if not absence.starts_on <= returned_on <= today():
        raise WorkflowError(f"Ngày trở về {format_date_vi(returned_on)} không hợp lệ.")
    absence.returned_on = returned_on
    absence.save(update_fields=["returned_on"])
    audit.record(actor, "registry.absence.ended", absence, data={
        "person_id": absence.person_id, "returned_on": [None, returned_on],
    })  # fmt: skip
    return absence
