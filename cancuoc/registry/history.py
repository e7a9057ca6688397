"""Audit events of register objects, turned into lines a person can read: who, when, what,
and each changed field as label: old -> new in display form (dates dd/mm/yyyy, names of
catalogue codes, communes and households instead of ids)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cancuoc.areas.models import Unit
from cancuoc.registry.models import Household, Person, Relative, Residence
from cancuoc.registry.validation import FIELD_LABELS
from cancuoc.rules import catalogues
from cancuoc.rules.dates import PartialDate

ACTION_LABELS = {
    "registry.person.created": "Tạo hồ sơ",
    "registry.person.updated": "Cập nhật hồ sơ",
    "registry.person.viewed": "Xem hồ sơ",
    "registry.residence.added": "Đăng ký cư trú",
    "registry.residence.ended": "Kết thúc cư trú",
    "registry.relative.added": "Thêm thân nhân",
    "registry.household.created": "Lập hộ gia đình",
}
LABELS = FIELD_LABELS | {
    "birth_precision": "Độ chính xác ngày sinh",
    "unit_id": "Xã/phường",
    "province_id": "Tỉnh/thành phố",
    "household_id": "Hộ gia đình",
    "kind": "Loại",
    "address": "Địa chỉ",
    "started_on": "Từ ngày",
    "expires_on": "Thời hạn đến",
    "ended_on": "Kết thúc ngày",
    "end_reason": "Lý do kết thúc",
    "name": "Họ và tên",
    "id_number": "Số định danh/CMND",
    "code": "Số hộ",
    "head_id": "Chủ hộ (hồ sơ)",
    "relative_id": "Hồ sơ thân nhân",
}
CATALOGUE_FIELDS = {
    "ethnicity": catalogues.ETHNICITIES,
    "religion": catalogues.RELIGIONS,
    "nationality": catalogues.NATIONALITIES,
    "blood_group": catalogues.BLOOD_GROUPS,
    "marital_status": catalogues.MARITAL_STATUSES,
}
CHOICE_FIELDS = {
    "sex": dict(Person._meta.get_field("sex").choices),
    "status": dict(Person.Status.choices),
    "birth_precision": dict(Person._meta.get_field("birth_precision").choices),
    "kind": dict(Residence.Kind.choices) | dict(Relative.Kind.choices),
}
DATE_FIELDS = frozenset({"birth_date", "death_date", "started_on", "expires_on", "ended_on"})


@dataclass(frozen=True)
class Change:
    """One field of an event: its label and the old and new values as displayed."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One audited action on the record, ready for the history table."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    action_label: str
    object_type: str
    changes: tuple[Change, ...]


def _date(value: str) -> str:
    """ISO dates as dd/mm/yyyy; a birth date is already audited at its precision ("1957")."""
    try:
        return str(PartialDate.from_date(dt.date.fromisoformat(value)))
    except (TypeError, ValueError):
        return str(value)


class _Display:
    """Formats values; the ids of communes and households are resolved in one query each."""

    def __init__(self, events: list[Any]) -> None:
        unit_ids, household_ids = set(), set()
        for event in events:
            for field, pair in _pairs(event.data):
                target = unit_ids if field in ("unit_id", "province_id") else household_ids
                if field in ("unit_id", "province_id", "household_id"):
                    target.update(v for v in pair if v)
        self.units = {u.pk: u.full_name for u in Unit.objects.filter(pk__in=unit_ids)}
        self.households = dict(
            Household.objects.filter(pk__in=household_ids).values_list("pk", "code")
        )

    def value(self, field: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if field in DATE_FIELDS:
            return _date(value)
        if field in CATALOGUE_FIELDS:
            values = CATALOGUE_FIELDS[field]
            return values.get(value).name if value in values else str(value)
        if field in CHOICE_FIELDS:
            return str(CHOICE_FIELDS[field].get(value, value))
        if field in ("unit_id", "province_id"):
            return self.units.get(value, f"#{value}")
        if field == "household_id":
            return self.households.get(value, f"#{value}")
        if field in ("head_id", "relative_id", "person_id"):
            return f"hồ sơ #{value}"
        return str(value)


def _pairs(data: dict) -> Iterable[tuple[str, list]]:
    for field, pair in (data or {}).items():
        if isinstance(pair, list) and len(pair) == 2:
            yield field, pair


def describe_events(events: Iterable[Any]) -> list[HistoryEntry]:
    """AuditEvents -> HistoryEntry lines (two extra queries at most, for names of ids)."""
    events = list(events)
    display = _Display(events)
    entries = []
    for e in events:
        shown = (
            (f, display.value(f, old), display.value(f, new)) for f, (old, new) in _pairs(e.data)
        )
        changes = tuple(Change(LABELS.get(f, f), a, b) for f, a, b in shown if a != b)
        label = ACTION_LABELS.get(e.action, e.action)
        entries.append(
            HistoryEntry(e.seq, e.at, e.actor_label, e.action, label, e.object_type, changes)
        )
    return entries
