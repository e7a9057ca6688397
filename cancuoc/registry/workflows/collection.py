"""DC01: Phiếu thu thập thông tin dân cư (Thông tư 66/2015/TT-BCA Điều 18, mẫu theo Thông tư
104/2020/TT-BCA), collected for a new or an existing person, then checked by a second officer
(phúc tra: seed 003, "phúc tra, kiểm tra 100% số Phiếu thu thập thông tin dân cư (DC01)").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import Unit
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Person, Relative, Residence
from cancuoc.registry.services import add_relative, add_residence, create_person, update_person
from cancuoc.registry.validation import FIELD_LABELS, PersonInput, validate_person_changes
from cancuoc.registry.workflows.common import (
    WorkflowError,
    clean_display,
    display_value,
    require_officer,
    require_text,
    today,
)
from cancuoc.registry.workflows.models import Collection
from cancuoc.rules.dates import format_date_vi
from cancuoc.rules.names import fold

# Person items of the DC01 form, in the order of the form (names of validation.FIELD_LABELS).
PERSON_FIELDS = (
    "full_name", "other_name", "birth_date", "sex", "personal_id", "old_id_number",
    "birthplace", "birth_registration_place", "hometown", "ethnicity", "religion",
    "nationality", "blood_group", "marital_status", "relation_to_head", "phone", "email",
)  # fmt: skip
RESIDENCE_FIELDS = {
    "permanent_address": Residence.Kind.PERMANENT,
    "current_address": Residence.Kind.CURRENT,
}
# Prefix of the "<prefix>_name" / "<prefix>_id" pairs on the form.
RELATIVE_FIELDS = {
    "father": Relative.Kind.FATHER,
    "mother": Relative.Kind.MOTHER,
    "spouse": Relative.Kind.SPOUSE,
    "representative": Relative.Kind.REPRESENTATIVE,
}
EXTRA_LABELS = {
    "permanent_address": "Nơi thường trú",
    "current_address": "Nơi ở hiện tại",
    "father": "Cha",
    "mother": "Mẹ",
    "spouse": "Vợ/chồng",
    "representative": "Người đại diện hợp pháp",
}


def _text(declared: Mapping[str, str], key: str) -> str:
    return " ".join(str(declared.get(key) or "").split())


def _conflict(field: str, register: str, declared: str) -> dict[str, str]:
    label = FIELD_LABELS.get(field) or EXTRA_LABELS.get(field, field)
    return {"field": field, "label": label, "register": register, "declared": declared}


def _new_person(declared: Mapping[str, str], unit: Unit, actor: Actor) -> Person:
    data = {f: _text(declared, f) for f in PERSON_FIELDS} | {"unit": unit.code}
    return create_person(data=PersonInput.from_mapping(data), actor=actor)


def _complete_person(person: Person, declared: Mapping[str, str], actor: Actor) -> list[dict]:
    """Fill the person's blank fields from the form; a declared value that differs from a
    filled one is not applied but returned as a conflict (it needs a DC02 correction)."""
    fills, conflicts, errors = {}, [], {}
    for field in PERSON_FIELDS:
        text = _text(declared, field)
        if not text:
            continue
        current, alone = display_value(person, field), _alone(field, text)
        if current and alone == current:  # the register already says so: nothing to check
            continue
        try:
            wanted = clean_display(field, text, person)
        except WorkflowError as exc:
            if current and alone is not None:  # valid, but at odds with the register's data
                conflicts.append(_conflict(field, current, alone))
            else:
                errors.update(exc.errors)
            continue
        if not current:
            fills[field] = text
        elif current != wanted:
            conflicts.append(_conflict(field, current, wanted))
    if errors:
        label = FIELD_LABELS.get(next(iter(errors)), "")
        raise WorkflowError(f"{label}: {next(iter(errors.values()))}", errors=errors)
    if fills:
        update_person(person, changes=fills, expected_version=person.version, actor=actor)
    return conflicts


def _alone(field: str, text: str) -> str | None:
    """How a declared value displays once cleaned on its own (None if it is invalid in
    itself): an old flaw between the register's other fields (a number whose birth year
    differs from the recorded one) must not block a form that repeats what the register says."""
    clean, errors = validate_person_changes({field: text}, current={}, on=today())
    return None if errors else display_value(Person(**clean), field)


def _residences(person: Person, declared, unit: Unit, actor: Actor) -> list[dict]:
    conflicts = []
    for field, kind in RESIDENCE_FIELDS.items():
        address = _text(declared, field)
        if not address:
            continue
        active = person.residences.filter(kind=kind, ended_on__isnull=True).first()
        if active is None:
            add_residence(person, kind=kind, unit=unit, address=address, actor=actor)
        elif fold(active.address) != fold(address):
            conflicts.append(_conflict(field, active.address, address))
    return conflicts


def _add_relative(person, prefix: str, kind: str, name: str, number: str, actor: Actor) -> None:
    try:
        add_relative(person, kind=kind, name=name, id_number=number, actor=actor)
    except RegistryError as exc:
        message = f"{EXTRA_LABELS[prefix]} — {exc.message}"
        raise WorkflowError(message, errors={f"{prefix}_id": exc.message}) from None


def _relatives(person: Person, declared, actor: Actor) -> list[dict]:
    conflicts = []
    for prefix, kind in RELATIVE_FIELDS.items():
        name, number = _text(declared, f"{prefix}_name"), _text(declared, f"{prefix}_id")
        if not name:
            continue
        known = person.relatives.filter(kind=kind).first()
        if known is None:
            _add_relative(person, prefix, kind, name, number, actor)
        elif fold(known.name) != fold(name) or (number and known.id_number != number):
            register = f"{known.name} {known.id_number}".strip()
            conflicts.append(_conflict(prefix, register, f"{name} {number}".strip()))
    return conflicts


def _check_header(source: str, collected_on: dt.date) -> None:
    if source not in Collection.Source.values:
        raise WorkflowError("Chưa chọn nguồn thông tin của phiếu.", errors={"source": "Chưa chọn"})
    if collected_on > today():
        message = f"Ngày thu thập {format_date_vi(collected_on)} ở tương lai."
        raise WorkflowError(message, errors={"collected_on": message})


@transaction.atomic
def record_collection(
    person: Person | None,
    *,
    unit: Unit,
    declared: Mapping[str, str],
    source: str,
    collected_on: dt.date,
    actor: Actor,
    form_no: str = "",
) -> Collection:
    """Record a DC01 form for a new person (`person` None) or an existing one.

    Preconditions: a known source; a collection date not in the future; for a new person the
    fields pass create_person (name, birth date, sex; `unit` a current commune); an existing
    person is alive. Effects: a new person is created with the declared residences and
    relatives; an existing one gets only their blank fields, missing residences and relatives
    filled (update_person, add_residence, add_relative), and every declared value that differs
    from the register is stored as a conflict to settle with a DC02 form. The Collection is
    "Chờ phúc tra"; audit `registry.collection.recorded`.
    """
    collector = require_officer(actor, "Phiếu DC01")
    _check_header(source, collected_on)
    created = person is None
    if created:
        person = _new_person(declared, unit, actor)
        conflicts = []
    else:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.status != Person.Status.ALIVE:
            raise WorkflowError(
                f"{person.full_name} có tình trạng “{person.get_status_display()}”."
            )
        conflicts = _complete_person(person, declared, actor)
        person.refresh_from_db()
    conflicts += _residences(person, declared, person.unit, actor)
    conflicts += _relatives(person, declared, actor)
    collection = Collection.objects.create(
        person=person, unit_id=person.unit_id, province_id=person.province_id,
        form_no=form_no.strip()[:30], source=source, collected_on=collected_on,
        collector=collector, created_person=created,
        declared={k: str(v) for k, v in declared.items() if v not in (None, "")},
        conflicts=conflicts,
    )  # fmt: skip
    audit.record(actor, "registry.collection.recorded", collection, data={
        "person_id": person.pk, "source": source, "created_person": created,
        "conflicts": len(conflicts),
    })  # fmt: skip
    return collection


def _lock_pending(collection: Collection, actor: Actor):
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if collection.status != Collection.Status.PENDING:
        raise WorkflowError(f"Phiếu đã được phúc tra ({collection.get_status_display().lower()}).")
    user = require_officer(actor, "Phúc tra")
    if user.pk == collection.collector_id:
        raise WorkflowError(
            "Cán bộ thu thập phiếu không được tự phúc tra: phiếu phải do cán bộ khác kiểm tra."
        )
    return collection, user


def _close(collection, user, status, note, actor, action) -> Collection:
    collection.status, collection.verifier = status, user
    collection.verified_at, collection.verify_note = timezone.now(), note
    collection.save(update_fields=["status", "verifier", "verified_at", "verify_note"])
    audit.record(actor, action, collection, data={
        "status": [Collection.Status.PENDING, status], "note": note,
    })  # fmt: skip
    return collection


@transaction.atomic
def verify_collection(collection: Collection, *, actor: Actor, note: str = "") -> Collection:
    """Confirm a DC01 form after checking it (phúc tra).

    Preconditions: the form is "Chờ phúc tra"; the actor is an officer other than the
    collector. Effects: status "Đã phúc tra", verifier and time recorded; audit
    `registry.collection.verified`.
    """
    collection, user = _lock_pending(collection, actor)
    return _close(collection, user, Collection.Status.VERIFIED, note.strip(), actor,
                  "registry.collection.verified")  # fmt: skip


@transaction.atomic
def return_collection(collection: Collection, *, note: str, actor: Actor) -> Collection:
    """Send a DC01 form back because the check found it wrong or incomplete.

    Preconditions: a note saying what is wrong; the form is "Chờ phúc tra"; the actor is an
    officer other than the collector. Effects: status "Trả lại"; audit
    `registry.collection.returned`. The collector then records a new DC01 for the person.
    """
    note = require_text(note, field="note", label="nội dung cần thu thập lại")
    collection, user = _lock_pending(collection, actor)
    return _close(collection, user, Collection.Status.RETURNED, note, actor,
                  "registry.collection.returned")  # fmt: skip
