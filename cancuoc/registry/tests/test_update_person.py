"""update_person: field-level audit, search keys kept in step, optimistic locking."""

from __future__ import annotations

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry import services
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Person
from cancuoc.registry.services import update_person
from cancuoc.registry.tests.registry_builders import new_person
from cancuoc.testing import actor_for


@pytest.fixture
def person(commune_a):
    return new_person(commune_a, personal_id="075090012345", phone="0912345678")


def updates():
    return AuditEvent.objects.filter(action="registry.person.updated")


def test_it_audits_only_the_fields_that_changed(person, officer):
    changes = {"full_name": "Nguyễn Văn Ân", "phone": "0912345678", "ethnicity": "Tày"}
    updated = update_person(person, changes=changes, expected_version=1, actor=actor_for(officer))
    assert (updated.full_name, updated.ethnicity, updated.version) == ("Nguyễn Văn Ân", "02", 2)
    assert (updated.name_folded, updated.given_folded) == ("nguyen van an", "an")
    event = updates().get()
    assert event.data == {
        "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"],
        "ethnicity": ["", "02"],
    }
    assert event.actor_user_id == officer.pk


def test_the_birth_date_is_audited_at_its_precision(person, officer):
    update_person(person, changes={"birth_date": "05/1990"}, expected_version=1,
                  actor=actor_for(officer))  # fmt: skip
    assert updates().get().data == {"birth_date": ["15/05/1990", "05/1990"]}


def test_a_stale_version_is_refused_and_nothing_is_overwritten(person, officer, head):
    update_person(person, changes={"phone": "0987654321"}, expected_version=1,
                  actor=actor_for(head))  # fmt: skip
    with pytest.raises(RegistryError) as caught:
        update_person(person, changes={"phone": "0911111111", "full_name": "Lê Văn Tám"},
                      expected_version=1, actor=actor_for(officer))  # fmt: skip
    assert "Hồ sơ đã được người khác cập nhật lúc" in caught.value.message
    assert "vui lòng tải lại trang trước khi lưu" in caught.value.message
    person.refresh_from_db()
    assert (person.phone, person.full_name, person.version) == ("0987654321", "Nguyễn Văn An", 2)
    assert updates().count() == 1


def test_the_conditional_update_lets_only_one_of_two_saves_win(person, officer, head):
    # Both loaded version 1; the first save bumps the row, so the second's UPDATE ... WHERE
    # version = 1 matches nothing even though it passed the early check with a stale copy.
    stale = Person.objects.get(pk=person.pk)
    update_person(person, changes={"phone": "0987654321"}, expected_version=1,
                  actor=actor_for(head))  # fmt: skip
    with pytest.raises(RegistryError):
        services._apply_update(stale, {"phone": ["0912345678", "0900000000"]}, 1)
    assert Person.objects.get(pk=person.pk).phone == "0987654321"


def test_invalid_changes_are_refused_with_the_field_named(person, officer):
    with pytest.raises(RegistryError) as caught:
        update_person(person, changes={"sex": "Nữ", "phone": "0900000000"}, expected_version=1,
                      actor=actor_for(officer))  # fmt: skip
    assert "khác giới tính" in caught.value.errors["personal_id"]
    person.refresh_from_db()
    assert (person.sex, person.phone, person.version) == ("male", "0912345678", 1)
    assert not updates().exists()


def test_unchanged_input_writes_nothing(person, officer):
    result = update_person(person, changes={"full_name": "nguyễn văn an"}, expected_version=1,
                           actor=actor_for(officer))  # fmt: skip
    assert result.version == 1 and not updates().exists()


def test_moving_the_record_to_another_commune_updates_unit_and_province(person, commune_b, officer):
    updated = update_person(person, changes={"unit": commune_b.code}, expected_version=1,
                            actor=actor_for(officer))  # fmt: skip
    assert updated.unit == commune_b
    assert updates().get().data == {"unit_id": [person.unit_id, commune_b.pk]}
