"""What the workflow services share: their error, role gates, today, and person fields as
officers read them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cancuoc.accounts.actor import Actor
from cancuoc.accounts.models import User
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Person
from cancuoc.registry.services import stored_values
from cancuoc.registry.validation import FIELD_LABELS, validate_person_changes
from cancuoc.rules import catalogues
from cancuoc.rules.dates import format_date_vi

# Seed 003 and the brief: commune officers file; the commune head decides; PC06 does both.
REVIEWER_ROLES = frozenset({User.Role.COMMUNE_HEAD, User.Role.PROVINCIAL_OFFICER})


class WorkflowError(RegistryError):
    """A register workflow refused a change (wrong state, wrong person, bad value)."""


def today() -> dt.date:
    return timezone.localdate()


def acting_user(actor: Actor) -> User | None:
    """The signed-in user behind `actor`, or None for a system job."""
    if actor.user_id is None:
        return None
    return User.objects.select_related("agency").get(pk=actor.user_id)


def require_officer(actor: Actor, what: str) -> User:
    """The acting user; a system job cannot sign a form that names its officer."""
    user = acting_user(actor)
    if user is None:
        raise WorkflowError(f"{what} phải do một cán bộ đăng nhập thực hiện.")
    return user


def require_reviewer(actor: Actor) -> User:
    """The acting user, who must be a commune head or a provincial officer."""
    user = acting_user(actor)
    if user is None or user.role not in REVIEWER_ROLES:
        raise WorkflowError(
            "Chỉ Trưởng Công an xã hoặc cán bộ Phòng PC06 được duyệt hoặc từ chối phiếu."
        )
    return user


def require_text(value: str, *, field: str, label: str) -> str:
    """`value` stripped; WorkflowError naming the field when it is empty."""
    value = (value or "").strip()
    if not value:
        message = f"Chưa nhập {label}."
        raise WorkflowError(message, errors={field: message})
    return value


_CATALOGUE_FIELDS = {
    "ethnicity": catalogues.ETHNICITIES,
    "religion": catalogues.RELIGIONS,
    "nationality": catalogues.NATIONALITIES,
    "blood_group": catalogues.BLOOD_GROUPS,
    "marital_status": catalogues.MARITAL_STATUSES,
}


def display_value(person: Person, field: str) -> str:
    """A field of the person as an officer reads and types it: dates dd/mm/yyyy (or mm/yyyy,
    yyyy at their precision), "Nam"/"Nữ", catalogue names instead of codes."""
    if field == "birth_date":
        return str(person.birth)
    value = getattr(person, field)
    if value in (None, ""):
        return ""
    if field == "sex":
        return person.get_sex_display()
    if field in _CATALOGUE_FIELDS and value in _CATALOGUE_FIELDS[field]:
        return _CATALOGUE_FIELDS[field].get(value).name
    if isinstance(value, dt.date):
        return format_date_vi(value)
    return str(value)


def clean_display(field: str, text: str, person: Person) -> str:
    """What `text` would display as once stored in `field` (validation.validate_person_changes
    cleans it); raises WorkflowError with the field's message when it is invalid."""
    clean, errors = validate_person_changes(
        {field: text}, current=stored_values(person), on=today()
    )
    if errors:
        label = FIELD_LABELS.get(field, field)
        raise WorkflowError(f"{label}: {errors[next(iter(errors))]}", errors=errors)
    probe = Person(**{k: v for k, v in stored_values(person).items()} | clean)
    return display_value(probe, field)
