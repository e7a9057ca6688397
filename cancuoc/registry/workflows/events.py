"""Population events (biến động dân cư): births, deaths and moves of permanent residence.

Temporary residence and absence live in residence_events.py. Every event changes the person
through registry.services (field-level audit) and adds its own audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import Unit
from cancuoc.registry import services
from cancuoc.registry.models import Household, Person, Relative, Residence
from cancuoc.registry.validation import PersonInput
from cancuoc.registry.workflows.common import WorkflowError, acting_user, today
from cancuoc.registry.workflows.idnumbers import place_code_of, with_new_id_number
from cancuoc.registry.workflows.models import LockRequest, Move, TemporaryDeletionReason
from cancuoc.rules.dates import format_date_vi

CHILD_RELATION = "Con"
# Luật Cư trú 2020 Điều 24 khoản 1 điểm a and Điều 29 khoản 1 điểm a: death ends the
# permanent and the temporary residence.
DEATH_END_REASONS = {
    Residence.Kind.PERMANENT: "Chết (Luật Cư trú 2020, Điều 24 khoản 1 điểm a)",
    Residence.Kind.TEMPORARY: "Chết (Luật Cư trú 2020, Điều 29 khoản 1 điểm a)",
    Residence.Kind.CURRENT: "Chết",
}
# Luật Căn cước 2023 Điều 34 khoản 1 điểm d: the electronic identity is locked on death.
DEATH_LOCK_REASON = "Người đã chết"


@dataclass(frozen=True)
class Birth:
    """What the birth registration (giấy khai sinh) says about the child."""

    full_name: str
    birth_date: dt.date
    sex: str
    birthplace: str = ""
    ethnicity: str = ""
    nationality: str = ""
    religion: str = ""


def _parents(mother: Person | None, father: Person | None) -> list[tuple[str, Person]]:
    parents = [(Relative.Kind.MOTHER, mother), (Relative.Kind.FATHER, father)]
    parents = [(kind, p) for kind, p in parents if p is not None]
    if not parents:
        raise WorkflowError("Khai sinh phải có thông tin cha hoặc mẹ trong cơ sở dữ liệu.")
    return parents


def _check_birth(birth: Birth, parents: list[tuple[str, Person]]) -> None:
    if birth.birth_date > today():
        message = f"Ngày sinh {format_date_vi(birth.birth_date)} ở tương lai."
        raise WorkflowError(message, errors={"birth_date": message})
    for _kind, parent in parents:
        if parent.birth_date >= birth.birth_date:
            raise WorkflowError(f"Ngày sinh của con phải sau ngày sinh của {parent.full_name}.")


def _child_input(birth: Birth, parent: Person, unit: Unit, number: str) -> PersonInput:
    return PersonInput(
        full_name=birth.full_name, birth_date=format_date_vi(birth.birth_date), sex=birth.sex,
        unit=unit.code, personal_id=number, birthplace=birth.birthplace,
        birth_registration_place=f"{unit.full_name}, {unit.province or ''}".strip(", "),
        ethnicity=birth.ethnicity or parent.ethnicity,
        nationality=birth.nationality or parent.nationality, religion=birth.religion,
    )  # fmt: skip


def _link_parents(child: Person, parents, actor: Actor) -> None:
    for kind, parent in parents:
        services.add_relative(child, kind=kind, relative=parent, actor=actor)
        services.add_relative(parent, kind=Relative.Kind.CHILD, relative=child, actor=actor)


def _settle_child(child: Person, parents, actor: Actor) -> Household | None:
    """Into the mother's (else father's) household, with that parent's permanent residence."""
    home = next((p for _k, p in parents if p.household_id), parents[0][1])
    household = home.household
    if household is not None:
        services.add_household_member(household, child, relation=CHILD_RELATION, actor=actor)
    residence = home.residences.filter(kind=Residence.Kind.PERMANENT, ended_on__isnull=True).first()
    if residence is not None:
        services.add_residence(child, kind=Residence.Kind.PERMANENT, unit=residence.unit,
                               address=residence.address, started_on=child.birth_date,
                               actor=actor)  # fmt: skip
    elif household is not None and household.address:
        services.add_residence(child, kind=Residence.Kind.PERMANENT, unit=household.unit,
                               address=household.address, started_on=child.birth_date,
                               actor=actor)  # fmt: skip
    return household


@transaction.atomic
def register_birth(
    mother: Person | None,
    *,
    father: Person | None = None,
    birth: Birth,
    actor: Actor,
    place_code: str | None = None,
) -> Person:
    """Register a newborn (khai sinh) and establish their personal ID number.

    Preconditions: at least one parent in the register, born before the child; a birth date
    not in the future; the child's fields pass create_person. Effects: a new person managed by
    the commune of the mother's (else father's) household, with a new unique 12-digit number
    (place code: `place_code` or that commune's province, Thông tư 07/2016; serial drawn at
    random, retried on collision); mother and father linked both ways as relatives; the child
    joins that household as "Con" with the parent's permanent residence; audit
    `registry.birth.registered`.
    """
    parents = _parents(mother, father)
    _check_birth(birth, parents)
    home = next((p for _k, p in parents if p.household_id), parents[0][1])
    unit = home.household.unit if home.household_id else home.unit
    code = place_code or place_code_of(unit.province or unit)

    def write(number: str) -> Person:
        return services.create_person(data=_child_input(birth, home, unit, number), actor=actor)

    child = with_new_id_number(write, place_code=code, sex=birth.sex,
                               birth_year=birth.birth_date.year)  # fmt: skip
    _link_parents(child, parents, actor)
    household = _settle_child(child, parents, actor)
    audit.record(actor, "registry.birth.registered", child, data={
        "personal_id": [None, child.personal_id], "unit_id": unit.pk,
        "parents": {kind: p.pk for kind, p in parents},
        "household_id": household.pk if household else None,
    })  # fmt: skip
    return Person.objects.get(pk=child.pk)


def _lock_requests(person: Person, actor: Actor) -> list[LockRequest]:
    requests = [
        LockRequest(person=person, target=LockRequest.Target.DOCUMENT, document=doc,
                    reason=DEATH_LOCK_REASON, requested_by=actor.label)
        for doc in person.documents.all()
    ]  # fmt: skip
    if person.eid_level:
        requests.append(
            LockRequest(
                person=person,
                target=LockRequest.Target.EID,
                reason=DEATH_LOCK_REASON,
                requested_by=actor.label,
            )
        )
    return LockRequest.objects.bulk_create(requests)


@transaction.atomic
def record_death(
    person: Person, *, death_date: dt.date, actor: Actor, document_ref: str = ""
) -> Person:
    """Record a death (khai tử).

    Preconditions: the person is alive; the death date is not in the future nor before the
    birth (registry.validation). Effects: status "Đã chết" and the date (update_person, field
    audit); every active residence ends on the death date (or its own start, if later) with
    the reason of Luật Cư trú Điều 24 k1a / Điều 29 k1a; a LockRequest "Người đã chết" for
    each identity document and for the e-ID when there is one, for the cards and e-ID apps to
    act on; audit `registry.death.recorded`.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != Person.Status.ALIVE:
        raise WorkflowError(f"{person.full_name} có tình trạng “{person.get_status_display()}”.")
    person = services.update_person(
        person, changes={"status": "dead", "death_date": format_date_vi(death_date)},
        expected_version=person.version, actor=actor,
    )  # fmt: skip
    ended = []
    for residence in person.residences.filter(ended_on__isnull=True):
        on = max(death_date, residence.started_on or death_date)
        services.end_residence(residence, on=on, reason=DEATH_END_REASONS[residence.kind],
                               actor=actor)  # fmt: skip
        ended.append(residence.pk)
    locks = _lock_requests(person, actor)
    audit.record(actor, "registry.death.recorded", person, data={
        "death_date": [None, death_date], "document_ref": document_ref.strip(),
        "residences_ended": ended, "lock_requests": [lock.pk for lock in locks],
    })  # fmt: skip
    return person


def _end_old_permanent(person, to_unit: Unit, moved_on: dt.date, actor) -> Residence | None:
    old = person.residences.filter(kind=Residence.Kind.PERMANENT, ended_on__isnull=True).first()
    if old is not None and old.unit_id == to_unit.pk:
        raise WorkflowError(
            f"{person.full_name} đã thường trú tại {to_unit.full_name}: thay đổi địa chỉ trong "
            "cùng xã/phường không phải chuyển thường trú."
        )
    if old is not None:
        reason = f"Chuyển thường trú đến {to_unit.full_name}, {to_unit.province or ''}".strip(", ")
        services.end_residence(old, on=max(moved_on, old.started_on or moved_on), reason=reason,
                               actor=actor)  # fmt: skip
    return old


def _end_temporary_at(person, unit: Unit, on: dt.date, actor) -> None:
    """Luật Cư trú Điều 29 k1 đ: permanent residence at the place of temporary residence."""
    reason = TemporaryDeletionReason.PERMANENT_HERE
    text = f"{reason.label} ({reason.legal_ref})"
    temporary = person.residences.filter(
        kind=Residence.Kind.TEMPORARY, unit=unit, ended_on__isnull=True
    )
    for residence in temporary:
        services.end_residence(residence, on=max(on, residence.started_on or on), reason=text,
                               actor=actor)  # fmt: skip


def _change_household(person, household, relation, to_unit, actor) -> None:
    if household is not None:
        services.add_household_member(household, person, relation=relation, actor=actor)
    elif person.household_id and person.household.unit_id != to_unit.pk:
        # Leaving the old commune's household; register-core has no public service for this.
        services._move_to_household(person, None, "", actor)


@transaction.atomic
def move_permanent_residence(
    person: Person,
    *,
    to_unit: Unit,
    address: str,
    moved_on: dt.date,
    actor: Actor,
    household: Household | None = None,
    relation: str = "",
) -> Move:
    """Register permanent residence in another commune (chuyển thường trú).

    Preconditions: the person is alive; `to_unit` a current commune other than that of the
    active permanent residence; an address; a date not in the future; `household`, if given,
    belongs to `to_unit`. Effects: the old permanent residence ends with "Chuyển thường trú
    đến …"; a temporary residence at the new commune ends (Điều 29 k1 đ); the new permanent
    residence opens; the person is managed by the new commune (unit/province through
    update_person); they join `household` or leave the old commune's household; a Move row
    for the "chuyển đi" / "chuyển đến" lists; audit `registry.move.recorded`.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != Person.Status.ALIVE:
        raise WorkflowError(f"{person.full_name} có tình trạng “{person.get_status_display()}”.")
    if moved_on > today():
        raise WorkflowError(f"Ngày chuyển {format_date_vi(moved_on)} ở tương lai.")
    if household is not None and household.unit_id != to_unit.pk:
        raise WorkflowError(f"Hộ {household.code} không thuộc {to_unit.full_name}.")
    from_unit, from_province = person.unit, person.province
    old = _end_old_permanent(person, to_unit, moved_on, actor)
    _end_temporary_at(person, to_unit, moved_on, actor)
    new = services.add_residence(person, kind=Residence.Kind.PERMANENT, unit=to_unit,
                                 address=address, started_on=moved_on, actor=actor)  # fmt: skip
    person = services.update_person(person, changes={"unit": to_unit.code},
                                    expected_version=person.version, actor=actor)  # fmt: skip
    _change_household(person, household, relation, to_unit, actor)
    move = Move.objects.create(
        person=person, from_unit=from_unit, from_province=from_province, to_unit=to_unit,
        to_province_id=person.province_id, moved_on=moved_on, address=new.address,
        old_residence=old, new_residence=new, recorded_by=acting_user(actor),
    )  # fmt: skip
    audit.record(actor, "registry.move.recorded", move, data={
        "person_id": person.pk, "unit_id": [from_unit.pk, to_unit.pk], "moved_on": moved_on,
    })  # fmt: skip
    return move
