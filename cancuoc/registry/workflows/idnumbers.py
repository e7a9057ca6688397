"""Establishing, cancelling and re-establishing personal ID numbers (số định danh cá nhân).

Luật Căn cước 2023 Điều 12: the number is unique and never reused for another person, so a
new number avoids every number in use and every number ever cancelled. Seed 002: numbers with
a wrong structure are cancelled and re-established, each case explained upward.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import Unit
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Person
from cancuoc.registry.services import update_person
from cancuoc.registry.workflows.common import WorkflowError, acting_user, require_text, today
from cancuoc.registry.workflows.models import IdNumberChange
from cancuoc.registry.workflows.queries import id_number_problems
from cancuoc.rules.errors import RuleError
from cancuoc.rules.idnumber import PROVINCE_CODES, Sex, generate_id_number

T = TypeVar("T")
SERIAL_RANGE = 1_000_000  # 6 random digits (vn_spec §1.1)
DRAWS_PER_NUMBER = 50
WRITE_ATTEMPTS = 5


def _draw_serial() -> int:
    return secrets.randbelow(SERIAL_RANGE)


def place_code_of(province: Unit) -> str:
    """The 3-digit code (Thông tư 07/2016/TT-BCA) of a province: "0" + its GSO code."""
    code = province.code.zfill(3)
    if code not in PROVINCE_CODES:
        raise WorkflowError(
            f"{province.full_name} (mã {province.code}) không có mã nơi đăng ký khai sinh "
            "trong bảng mã tỉnh của Thông tư 07/2016/TT-BCA."
        )
    return code


def number_in_use(number: str) -> bool:
    """True if a person carries `number` or it was ever cancelled (never reused, Điều 12)."""
    return (
        Person.objects.filter(personal_id=number).exists()
        or IdNumberChange.objects.filter(old_number=number).exists()
    )


def unused_id_number(*, place_code: str, sex: str, birth_year: int) -> str:
    """A well-formed number for these parts whose random serial is not in use."""
    for _ in range(DRAWS_PER_NUMBER):
        try:
            number = generate_id_number(
                place_code=place_code,
                sex=Sex(sex),
                birth_year=birth_year,
                serial_int=_draw_serial(),
            )
        except RuleError as exc:
            raise WorkflowError(f"Không lập được số định danh: {exc.reason}") from None
        if not number_in_use(number):
            return number
    raise WorkflowError("Không tìm được khoảng số ngẫu nhiên còn trống; vui lòng thử lại.")


def with_new_id_number(
    write: Callable[[str], T], *, place_code: str, sex: str, birth_year: int
) -> T:
    """Call `write(number)` with an unused number inside a savepoint; when a concurrent
    transaction took the same number first (unique constraint), draw again."""
    for _ in range(WRITE_ATTEMPTS):
        number = unused_id_number(place_code=place_code, sex=sex, birth_year=birth_year)
        try:
            with transaction.atomic():
                return write(number)
        except IntegrityError:
            if not number_in_use(number):
                raise
        except RegistryError as exc:
            if "personal_id" not in exc.errors or not number_in_use(number):
                raise
    raise WorkflowError("Số định danh vừa lập bị trùng nhiều lần; vui lòng thử lại.")


def _place_code_for(person: Person, old: str) -> str:
    """Keep the old birth-registration code when it is a real one, else the province's."""
    prefix = old[:3]
    if len(old) == 12 and old.isdigit() and prefix in PROVINCE_CODES:
        return prefix
    return place_code_of(person.province)


def _record_change(person, *, kind, old, new, problems, reason, actor, on) -> IdNumberChange:
    user = acting_user(actor)
    return IdNumberChange.objects.create(
        person=person,
        kind=kind,
        old_number=old,
        new_number=new or "",
        problems=problems,
        reason=reason,
        changed_on=on,
        officer=user,
        officer_label=str(user or actor.label),
        unit_id=person.unit_id,
        province_id=person.province_id,
    )


def _locked_with_problems(person: Person, *, require_problems: bool) -> tuple[Person, list]:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.personal_id:
        raise WorkflowError(f"{person.full_name} chưa có số định danh cá nhân để hủy.")
    problems = id_number_problems(person)
    if require_problems and not problems:
        raise WorkflowError(
            f"Số định danh {person.personal_id} của {person.full_name} đúng cấu trúc và khớp "
            "năm sinh, giới tính: không có căn cứ hủy, xác lập lại."
        )
    return person, problems


@transaction.atomic
def reestablish_id_number(
    person: Person, *, reason: str, actor: Actor, place_code: str | None = None
) -> IdNumberChange:
    """Cancel a number with a wrong structure and establish a well-formed one (seed 002).

    Preconditions: a reason; the person has a number and rules.idnumber finds it malformed or
    inconsistent with the recorded birth year and sex; `place_code`, if given, is in the table
    of Thông tư 07/2016 (default: the old code when valid, else the managing province's).
    Effects: the person gets a new unique number (through update_person, so the field history
    shows it); an IdNumberChange row keeps old number, new number, problems, reason, officer
    and date; audit `registry.idnumber.reestablished`.
    """
    reason = require_text(reason, field="reason", label="lý do hủy, xác lập lại")
    person, problems = _locked_with_problems(person, require_problems=True)
    old = person.personal_id
    code = place_code or _place_code_for(person, old)
    if code not in PROVINCE_CODES:
        raise WorkflowError(f"Mã nơi đăng ký khai sinh “{code}” không có trong bảng mã tỉnh.")

    def write(number: str) -> Person:
        return update_person(
            person, changes={"personal_id": number}, expected_version=person.version, actor=actor
        )

    updated = with_new_id_number(
        write, place_code=code, sex=person.sex, birth_year=person.birth_date.year
    )
    change = _record_change(
        updated,
        kind=IdNumberChange.Kind.REESTABLISHED,
        old=old,
        new=updated.personal_id,
        problems=problems,
        reason=reason,
        actor=actor,
        on=today(),
    )
    audit.record(actor, "registry.idnumber.reestablished", updated, data={
        "personal_id": [old, updated.personal_id], "reason": reason, "problems": problems,
    })  # fmt: skip
    return change


@transaction.atomic
def cancel_id_number(person: Person, *, reason: str, actor: Actor) -> IdNumberChange:
    """Cancel a person's number without a replacement (e.g. a duplicate record).

    Preconditions: a reason; the person has a number. Effects: the number is removed from the
    person (update_person) and kept in an IdNumberChange row so it stays searchable and is
    never reused; audit `registry.idnumber.cancelled`.
    """
    reason = require_text(reason, field="reason", label="lý do hủy số định danh")
    person, problems = _locked_with_problems(person, require_problems=False)
    old = person.personal_id
    updated = update_person(
        person, changes={"personal_id": ""}, expected_version=person.version, actor=actor
    )
    change = _record_change(
        updated,
        kind=IdNumberChange.Kind.CANCELLED,
        old=old,
        new="",
        problems=problems,
        reason=reason,
        actor=actor,
        on=today(),
    )
    audit.record(actor, "registry.idnumber.cancelled", updated, data={
        "personal_id": [old, None], "reason": reason,
    })  # fmt: skip
    return change
