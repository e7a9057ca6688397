"""Builders for the register's own tests: people created through the real service."""

from __future__ import annotations

from cancuoc.registry.models import Person
from cancuoc.registry.services import create_person
from cancuoc.registry.validation import PersonInput
from cancuoc.testing import system_actor


def new_person(unit, *, actor=None, **raw) -> Person:
    """A person in `unit` created by create_person; raw text fields override the defaults."""
    values = {"full_name": "Nguyễn Văn An", "birth_date": "15/05/1990", "sex": "Nam"} | raw
    data = PersonInput.from_mapping({**values, "unit": unit.code})
    return create_person(data=data, actor=actor or system_actor())
