"""create_person: a validated record with search keys and a field-level audit event."""

from __future__ import annotations

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Person
from cancuoc.registry.tests.registry_builders import new_person
from cancuoc.testing import actor_for


def test_it_creates_the_person_with_search_keys(commune_a, officer):
    person = new_person(commune_a, actor=actor_for(officer), full_name="nguyễn văn  đức",
                        personal_id="075090012345", ethnicity="kinh")  # fmt: skip
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Đức"
    assert (person.name_folded, person.given_folded) == ("nguyen van duc", "duc")
    assert (person.unit, person.province) == (commune_a, commune_a.province)
    assert (person.ethnicity, person.nationality, person.version) == ("01", "VN", 1)


def test_it_writes_the_filled_fields_to_the_audit_trail(commune_a, officer):
    person = new_person(commune_a, actor=actor_for(officer), birth_date="03/1962",
                        personal_id="")  # fmt: skip
    event = AuditEvent.objects.get(action="registry.person.created")
    assert (event.object_id, event.actor_user_id) == (str(person.pk), officer.pk)
    assert event.data["full_name"] == [None, "Nguyễn Văn An"]
    assert event.data["birth_date"] == [None, "03/1962"]
    assert event.data["unit_id"] == [None, commune_a.pk]
    assert "personal_id" not in event.data and "email" not in event.data


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"personal_id": "075190012345"}, "personal_id"),  # sex digit says female
        ({"birth_date": "30/02/1990"}, "birth_date"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_saved(commune_a, raw, field):
    with pytest.raises(RegistryError) as caught:
        new_person(commune_a, **raw)
    assert field in caught.value.errors
    assert caught.value.message.startswith(
        {"personal_id": "Số định danh", "birth_date": "Ngày sinh", "full_name": "Họ"}[field]
    )
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_personal_id_already_in_the_register(commune_a):
    new_person(commune_a, personal_id="075090012345")
    with pytest.raises(RegistryError) as caught:
        new_person(commune_a, full_name="Trần Văn Bình", personal_id="075090012345")
    assert "đã thuộc về một hồ sơ khác" in caught.value.errors["personal_id"]
    assert Person.objects.count() == 1


def test_it_refuses_an_unknown_commune(commune_a, province):
    with pytest.raises(RegistryError) as caught:
        new_person(province)  # a province is not a commune
    assert "unit" in caught.value.errors
    assert not Person.objects.exists()
