"""Search agrees with access: every person an officer may open can be found by name or number."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.access import access_person
from cancuoc.registry.models import Residence
from cancuoc.registry.queries import people_in_scope, search_people
from cancuoc.testing import make_person, make_province, make_unit


@pytest.fixture
def other_commune(db):
    """A commune of another province, where some of the people below are managed."""
    return make_unit(
        code="01001",
        name="Ba Đình",
        kind="Phường",
        parent=make_province(code="01", name="Hà Nội", kind="Thành phố"),
    )


def _reside(person, unit, kind):
    Residence.objects.create(person=person, kind=kind, unit=unit, started_on=dt.date(2025, 7, 2))


@pytest.fixture
def people(commune_a, commune_b, other_commune):
    """Managed elsewhere (commune B, or another province), each with an active residence in A."""
    made = {
        "permanent_b": make_person(commune_b, full_name="Phạm Thị Hoa", sex="female",
                                   personal_id="075190000001"),
        "permanent_far": make_person(other_commune, full_name="Đỗ Văn Hùng",
                                     personal_id="001090000002"),
        "temporary_b": make_person(commune_b, full_name="Võ Thị Mai", sex="female",
                                   personal_id="075190000003"),
        "ended_b": make_person(commune_b, full_name="Lý Văn Tâm", personal_id="075090000004"),
    }  # fmt: skip
    _reside(made["permanent_b"], commune_a, Residence.Kind.PERMANENT)
    _reside(made["permanent_far"], commune_a, Residence.Kind.PERMANENT)
    _reside(made["temporary_b"], commune_a, Residence.Kind.TEMPORARY)
    _reside(made["ended_b"], commune_a, Residence.Kind.PERMANENT)
    Residence.objects.filter(person=made["ended_b"]).update(ended_on=dt.date(2025, 9, 1))
    return made


def _found_by_name_and_number(scope, person) -> bool:
    by_name = person in search_people(scope, person.full_name)
    by_folded_name = person in search_people(scope, person.name_folded)
    by_number = person in search_people(scope, person.personal_id)
    return by_name and by_folded_name and by_number


@pytest.mark.parametrize("key", ["permanent_b", "permanent_far", "temporary_b"])
def test_a_person_the_commune_officer_may_open_is_found(officer, people, key):
    person = people[key]
    assert access_person(officer, person.pk) == person
    assert _found_by_name_and_number(scope_of_user(officer), person)


@pytest.mark.parametrize("key", ["permanent_far"])
def test_a_person_the_province_may_open_is_found(provincial, people, key):
    person = people[key]
    assert access_person(provincial, person.pk) == person
    assert _found_by_name_and_number(scope_of_user(provincial), person)


def test_an_ended_residence_brings_nobody_into_access_or_search(officer, people):
    scope = scope_of_user(officer)
    assert people["ended_b"] not in people_in_scope(scope)
    assert search_people(scope, "ly van tam") == []
    assert search_people(scope, "075090000004") == []


@pytest.mark.parametrize("persona", ["officer", "outsider", "provincial"])
def test_search_finds_exactly_the_people_access_allows(request, people, commune_a, persona):
    make_person(commune_a, full_name="Phạm Văn Hoa", personal_id="075090000005")
    scope = scope_of_user(request.getfixturevalue(persona))
    allowed = set(people_in_scope(scope))
    everyone = [*people.values(), *people_in_scope(scope)]
    found = {p for person in everyone for p in search_people(scope, person.name_folded)}
    assert found == allowed
