"""Write side of the register: every change to a person, household, residence or relative.

Each service validates through `registry.validation`, changes the rows and writes its audit
event in the same transaction; a refusal raises RegistryError and leaves nothing written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import Unit
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Household, Person, Relative, Residence
from cancuoc.registry.queries import commune_refs
from cancuoc.registry.validation import (
    CLEANERS,
    FIELD_LABELS,
    PersonInput,
    first_error,
    name_keys,
    validate_person_changes,
    validate_person_fields,
)
from cancuoc.rules.ages import birthday_at
from cancuoc.rules.dates import PartialDate, format_date_vi

# Fields an edit may change (the raw names of validation.FIELD_LABELS).
EDITABLE_FIELDS = frozenset(FIELD_LABELS)
# Stored columns that validation produces, in audit order.
STORED_FIELDS = (*CLEANERS, "birth_precision", "unit_id", "province_id")
HEAD_RELATION = "Chủ hộ"


def _today() -> dt.date:
    return timezone.localdate()


def _refuse(errors: dict[str, str]) -> RegistryError:
    return RegistryError(first_error(errors), errors=errors)


def _check_personal_id_free(number: str | None, *, exclude_pk: int | None = None) -> None:
    if not number:
        return
    taken = Person.objects.filter(personal_id=number).exclude(pk=exclude_pk)
    if taken.exists():
        message = f"Số định danh {number} đã thuộc về một hồ sơ khác trong cơ sở dữ liệu"
        raise _refuse({"personal_id": message})


@transaction.atomic
def create_person(*, data: PersonInput, actor: Actor) -> Person:
    """Add a person to the register.

    Preconditions: the fields pass validation (name, birth date and sex present; ID number
    consistent with birth year and sex; catalogue values known), the commune is a current
    commune valid today, and the personal ID number is not already on another record.
    Effects: one Person (version 1) with its search keys; audit `registry.person.created`
    with {field: [None, value]} for every filled field.
    """
    units = commune_refs(codes=[data.unit.strip()])
    clean, errors = validate_person_fields(data.as_raw(), on=_today(), units=units)
    if errors:
        raise _refuse(errors)
    _check_personal_id_free(clean.get("personal_id"))
    clean["name_folded"], clean["given_folded"] = name_keys(clean["full_name"])
    try:
        with transaction.atomic():
            person = Person.objects.create(**clean)
    except IntegrityError:
        raise _refuse({"personal_id": "Số định danh vừa được ghi cho hồ sơ khác"}) from None
    filled = {f: [None, clean[f]] for f in STORED_FIELDS if clean.get(f) not in (None, "")}
    audit.record(actor, "registry.person.created", person, data=_audit_data(filled, {}, clean))
    return person


def stored_values(person: Person) -> dict[str, Any]:
    """The person's current clean values, keyed like validation's output."""
    return {f: getattr(person, f) for f in STORED_FIELDS}


def _audit_data(diff: dict[str, list], old: dict, new: dict) -> dict[str, list]:
    """The diff as audited: the birth date as written at its precision ("1957", "03/1962")."""
    data = {f: pair for f, pair in diff.items() if f not in ("birth_date", "birth_precision")}
    if "birth_date" in diff or "birth_precision" in diff:
        data["birth_date"] = [_birth_text(old), _birth_text(new)]
    return data


def _birth_text(values: dict) -> str | None:
    if not values.get("birth_date"):
        return None
    return str(PartialDate.from_date(values["birth_date"], values.get("birth_precision") or "day"))


def _conflict(person_pk: int) -> RegistryError:
    stamp = Person.objects.filter(pk=person_pk).values_list("updated_at", flat=True).first()
    when = timezone.localtime(stamp).strftime("%H:%M ngày %d/%m/%Y") if stamp else "vừa rồi"
    return RegistryError(
        f"Hồ sơ đã được người khác cập nhật lúc {when}; vui lòng tải lại trang trước khi lưu."
    )


def _apply_update(person: Person, diff: dict[str, list], expected_version: int) -> None:
    """Conditional UPDATE ... WHERE version = expected: of two concurrent saves one wins."""
    values = {f: new for f, (_old, new) in diff.items()}
    if "full_name" in values:
        values["name_folded"], values["given_folded"] = name_keys(values["full_name"])
    try:
        with transaction.atomic():
            updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
                **values, version=F("version") + 1, updated_at=timezone.now()
            )
    except IntegrityError:
        raise _refuse({"personal_id": "Số định danh vừa được ghi cho hồ sơ khác"}) from None
    if updated != 1:
        raise _conflict(person.pk)


@transaction.atomic
def update_person(
    person: Person, *, changes: dict[str, Any], expected_version: int, actor: Actor
) -> Person:
    """Change some fields of a person (raw text per field, like the edit form sends).

    Preconditions: the stored version equals `expected_version` (nobody saved in between;
    otherwise RegistryError asking to reload, and nothing changes); the changed fields pass
    validation, re-checking the ID number when it, the birth date or the sex changes.
    Effects: only fields whose clean value differs are written, the version goes up by one,
    the search keys follow the name; audit `registry.person.updated` with {field: [old, new]}.
    Unchanged input changes nothing and writes no event.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"update_person: unknown fields {sorted(unknown)}")
    current = Person.objects.filter(pk=person.pk).first()
    if current is None or current.version != expected_version:
        raise _conflict(person.pk)
    units = commune_refs(codes=[str(changes["unit"]).strip()]) if "unit" in changes else None
    clean, errors = validate_person_changes(
        changes, current=stored_values(current), on=_today(), units=units
    )
    if errors:
        raise _refuse(errors)
    old = stored_values(current)
    diff = {f: [old[f], new] for f, new in clean.items() if old.get(f) != new}
    if not diff:
        return current
    if "personal_id" in diff:
        _check_personal_id_free(diff["personal_id"][1], exclude_pk=current.pk)
    _apply_update(current, diff, expected_version)
    data = _audit_data(diff, old, old | clean)
    audit.record(actor, "registry.person.updated", current, data=data)
    return Person.objects.get(pk=current.pk)


def record_person_view(person: Person, *, actor: Actor) -> None:
    """Audit a read of the full record (every read of personal data is audited, DESIGN §8).

    Effects: audit `registry.person.viewed`; nothing else changes.
    """
    audit.record(actor, "registry.person.viewed", person)


def _move_to_household(
    person: Person, household: Household | None, relation: str, actor: Actor
) -> Person:
    """Set household and relation with the version check; audit registry.person.updated."""
    diff = {}
    if person.household_id != (household.pk if household else None):
        diff["household_id"] = [person.household_id, household.pk if household else None]
    if person.relation_to_head != relation:
        diff["relation_to_head"] = [person.relation_to_head, relation]
    if diff:
        _apply_update(person, diff, person.version)
        audit.record(actor, "registry.person.updated", person, data=diff)
    return Person.objects.get(pk=person.pk)


# --- households ------------------------------------------------------------------------------


def _check_current_commune(unit: Unit, on: dt.date) -> None:
    if unit.scheme != Unit.Scheme.V2025 or unit.level != Unit.Level.COMMUNE:
        raise RegistryError(f"{unit} không phải xã/phường theo đơn vị hành chính hiện hành")
    if not unit.is_valid_on(on):
        raise RegistryError(f"{unit} không còn hiệu lực ngày {format_date_vi(on)}")


def _check_alive(person: Person) -> None:
    if person.status != Person.Status.ALIVE:
        raise RegistryError(f"{person.full_name} có tình trạng “{person.get_status_display()}”")


@transaction.atomic
def create_household(
    *, code: str, unit: Unit, head: Person, address: str = "", actor: Actor
) -> Household:
    """Open a household (hộ gia đình) with its head.

    Preconditions: a household code not yet used (stored upper case, without spaces), a
    current commune valid today, a living head. Effects: the Household; the head joins it as
    "Chủ hộ" (version + 1, audit `registry.person.updated`); audit `registry.household.created`.
    """
    code = "".join(code.split()).upper()
    if not code or len(code) > 30:
        raise RegistryError(
            "Số hộ phải có từ 1 đến 30 ký tự", errors={"code": "Số hộ không hợp lệ"}
        )
    if Household.objects.filter(code=code).exists():
        raise RegistryError(f"Số hộ {code} đã tồn tại", errors={"code": "Số hộ đã tồn tại"})
    _check_current_commune(unit, _today())
    _check_alive(head)
    household = Household.objects.create(code=code, unit=unit, address=address.strip(), head=head)
    audit.record(actor, "registry.household.created", household, data={
        "code": [None, code], "unit_id": [None, unit.pk], "address": [None, household.address],
        "head_id": [None, head.pk],
    })  # fmt: skip
    _move_to_household(head, household, HEAD_RELATION, actor)
    return household


@transaction.atomic
def add_household_member(
    household: Household, person: Person, *, relation: str, actor: Actor
) -> Person:
    """Add a living person to a household with their relation to the head ("Vợ", "Con"...).

    Preconditions: the person is alive and not already in this household; a relation of at
    most 40 characters other than "Chủ hộ" (a head comes with create_household). Effects: the
    person's household and relation change (version + 1); audit `registry.person.updated`.
    """
    relation = " ".join(relation.split())
    relation = relation[:1].upper() + relation[1:]
    if not relation or len(relation) > 40:
        raise RegistryError("Chưa nhập quan hệ với chủ hộ (tối đa 40 ký tự)")
    if relation.casefold() == HEAD_RELATION.casefold():
        raise RegistryError("Hộ đã có chủ hộ; chọn quan hệ khác với chủ hộ")
    _check_alive(person)
    if person.household_id == household.pk:
        raise RegistryError(f"{person.full_name} đã là thành viên hộ {household.code}")
    return _move_to_household(person, household, relation, actor)


# --- residences ------------------------------------------------------------------------------

# Luật Cư trú 2020 Điều 27 khoản 3: a temporary residence is registered for at most 2 years
# (renewable).
TEMPORARY_MAX_YEARS = 2


def _temporary_expiry(started_on: dt.date, expires_on: dt.date | None) -> dt.date:
    limit = birthday_at(started_on, TEMPORARY_MAX_YEARS)
    if expires_on is None:
        return limit
    if expires_on <= started_on or expires_on > limit:
        raise RegistryError(
            f"Thời hạn tạm trú phải sau ngày bắt đầu và không quá {TEMPORARY_MAX_YEARS} năm "
            f"(đến {format_date_vi(limit)}) — Luật Cư trú 2020 Điều 27"
        )
    return expires_on


def _end(residence: Residence, on: dt.date, reason: str, actor: Actor) -> None:
    residence.ended_on, residence.end_reason = on, reason
    residence.save(update_fields=["ended_on", "end_reason"])
    audit.record(actor, "registry.residence.ended", residence, data={
        "person_id": residence.person_id, "ended_on": [None, on], "end_reason": ["", reason],
    })  # fmt: skip


@transaction.atomic
def add_residence(
    person: Person,
    *,
    kind: str,
    unit: Unit,
    address: str,
    started_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    actor: Actor,
) -> Residence:
    """Register a permanent, temporary or current residence of a living person.

    Preconditions: a known kind, a current commune valid today, an address, a start date not
    in the future; a temporary residence lasts at most 2 years (default: exactly 2), others
    have no expiry. Effects: the person's active residence of the same kind ends on the start
    date (audit `registry.residence.ended`); the new one is added (audit
    `registry.residence.added`).
    """
    today = _today()
    started_on = started_on or today
    if kind not in Residence.Kind.values:
        raise RegistryError(f"Loại cư trú “{kind}” không hợp lệ")
    if not address.strip():
        raise RegistryError("Chưa nhập địa chỉ nơi cư trú", errors={"address": "Chưa nhập địa chỉ"})
    if started_on > today:
        raise RegistryError(f"Ngày bắt đầu {format_date_vi(started_on)} ở tương lai")
    _check_current_commune(unit, today)
    _check_alive(person)
    if kind == Residence.Kind.TEMPORARY:
        expires_on = _temporary_expiry(started_on, expires_on)
    elif expires_on is not None:
        raise RegistryError("Chỉ nơi tạm trú mới có thời hạn")
    kind_label = Residence.Kind(kind).label.lower()
    for old in person.residences.filter(kind=kind, ended_on__isnull=True):
        _end(old, max(started_on, old.started_on or started_on), f"Đăng ký {kind_label} mới", actor)
    residence = Residence.objects.create(
        person=person, kind=kind, unit=unit, address=address.strip(),
        started_on=started_on, expires_on=expires_on,
    )  # fmt: skip
    audit.record(actor, "registry.residence.added", residence, data={
        "person_id": person.pk, "kind": [None, kind], "unit_id": [None, unit.pk],
        "address": [None, residence.address], "started_on": [None, started_on],
        "expires_on": [None, expires_on],
    })  # fmt: skip
    return residence


@transaction.atomic
def end_residence(residence: Residence, *, on: dt.date, reason: str, actor: Actor) -> Residence:
    """Close an active residence (xóa đăng ký, chuyển đi...).

    Preconditions: still active; `on` between its start and today; a reason. Effects:
    ended_on and end_reason set; audit `registry.residence.ended`.
    """
    if residence.ended_on is not None:
        raise RegistryError(f"Nơi cư trú này đã kết thúc ngày {format_date_vi(residence.ended_on)}")
    if not reason.strip():
        raise RegistryError("Chưa nhập lý do kết thúc cư trú")
    if on > _today() or (residence.started_on and on < residence.started_on):
        raise RegistryError(f"Ngày kết thúc {format_date_vi(on)} không hợp lệ")
    _end(residence, on, reason.strip(), actor)
    return residence


# --- relatives (item 15) ---------------------------------------------------------------------

SINGLE_KINDS = (Relative.Kind.FATHER, Relative.Kind.MOTHER)


def _relative_values(relative: Person | None, name: str, id_number: str, nationality: str):
    if relative is not None:
        number = relative.personal_id or relative.old_id_number
        return relative.full_name, number, relative.nationality
    clean, errors = validate_person_fields(
        {"full_name": name, "personal_id": id_number if len(id_number.strip()) != 9 else "",
         "old_id_number": id_number if len(id_number.strip()) == 9 else "",
         "nationality": nationality},
        on=_today(),
    )  # fmt: skip
    errors = {k: v for k, v in errors.items() if k not in ("birth_date", "sex")}
    if errors:
        raise _refuse(errors)
    return clean["full_name"], clean["personal_id"] or clean["old_id_number"], clean["nationality"]


@transaction.atomic
def add_relative(
    person: Person,
    *,
    kind: str,
    relative: Person | None = None,
    name: str = "",
    id_number: str = "",
    nationality: str = "",
    actor: Actor,
) -> Relative:
    """Record a father, mother, spouse, child or legal representative of a person.

    Preconditions: a known kind; either a register record (`relative`, not the person
    themself) or a name, with a valid 12-digit or 9-digit number if one is given; at most one
    father and one mother. Effects: the Relative row, copying name, number and nationality
    from the linked record; audit `registry.relative.added`.
    """
    if kind not in Relative.Kind.values:
        raise RegistryError(f"Quan hệ “{kind}” không hợp lệ")
    if relative is not None and relative.pk == person.pk:
        raise RegistryError("Không thể ghi một người là thân nhân của chính mình")
    label = Relative.Kind(kind).label.lower()
    if kind in SINGLE_KINDS and person.relatives.filter(kind=kind).exists():
        raise RegistryError(f"Hồ sơ đã có thông tin {label}")
    full_name, number, nationality = _relative_values(relative, name, id_number, nationality)
    row = Relative.objects.create(
        person=person, kind=kind, relative=relative, name=full_name, id_number=number or "",
        nationality=nationality or "",
    )  # fmt: skip
    audit.record(actor, "registry.relative.added", row, data={
        "person_id": person.pk, "kind": [None, kind], "name": [None, row.name],
        "id_number": [None, row.id_number], "nationality": [None, row.nationality],
        "relative_id": [None, relative.pk if relative else None],
    })  # fmt: skip
    return row
