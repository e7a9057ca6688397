"""Households, residences and relatives: preconditions, history kept, audit events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Household, Residence
from cancuoc.registry.services import (
    add_household_member,
    add_relative,
    add_residence,
    create_household,
    end_residence,
)
from cancuoc.registry.tests.registry_builders import new_person
from cancuoc.testing import system_actor

ACTOR = system_actor()


@pytest.fixture
def head(commune_a):
    return new_person(commune_a, personal_id="075090012345")


@pytest.fixture
def wife(commune_a):
    return new_person(commune_a, full_name="Trần Thị Bích", sex="Nữ", birth_date="1992")


def test_create_household_makes_the_head_its_first_member(commune_a, head):
    household = create_household(code="hk 0001", unit=commune_a, head=head, actor=ACTOR)
    head.refresh_from_db()
    assert household.code == "HK0001"
    assert (head.household, head.relation_to_head, head.version) == (household, "Chủ hộ", 2)
    event = AuditEvent.objects.get(action="registry.household.created")
    assert event.data["code"] == [None, "HK0001"]


def test_household_codes_are_unique(commune_a, head, wife):
    create_household(code="HK1", unit=commune_a, head=head, actor=ACTOR)
    with pytest.raises(RegistryError, match="đã tồn tại"):
        create_household(code="hk1", unit=commune_a, head=wife, actor=ACTOR)
    assert Household.objects.count() == 1


def test_add_household_member_records_the_relation(commune_a, head, wife):
    household = create_household(code="HK1", unit=commune_a, head=head, actor=ACTOR)
    member = add_household_member(household, wife, relation="vợ", actor=ACTOR)
    assert (member.household, member.relation_to_head) == (household, "Vợ")
    event = AuditEvent.objects.filter(action="registry.person.updated", object_id=wife.pk).get()
    assert event.data == {"household_id": [None, household.pk], "relation_to_head": ["", "Vợ"]}
    with pytest.raises(RegistryError, match="đã là thành viên"):
        add_household_member(household, member, relation="Vợ", actor=ACTOR)


@time_machine.travel(dt.datetime(2025, 9, 1, 9, 0), tick=False)
def test_a_new_permanent_residence_ends_the_previous_one(commune_a, commune_b, head):
    first = add_residence(head, kind="permanent", unit=commune_a, address="12 Lê Lợi",
                          started_on=dt.date(2025, 7, 2), actor=ACTOR)  # fmt: skip
    second = add_residence(head, kind="permanent", unit=commune_b, address="3 Trần Phú",
                           started_on=dt.date(2025, 8, 20), actor=ACTOR)  # fmt: skip
    first.refresh_from_db()
    assert first.ended_on == dt.date(2025, 8, 20) and "thường trú mới" in first.end_reason
    assert second.is_active
    assert Residence.objects.filter(person=head).count() == 2  # history kept
    assert AuditEvent.objects.filter(action="registry.residence.ended").count() == 1


@time_machine.travel(dt.datetime(2025, 9, 1, 9, 0), tick=False)
def test_a_temporary_residence_lasts_at_most_two_years(commune_b, head):
    residence = add_residence(head, kind="temporary", unit=commune_b, address="Phòng trọ 5",
                              started_on=dt.date(2025, 8, 1), actor=ACTOR)  # fmt: skip
    assert residence.expires_on == dt.date(2027, 8, 1)
    with pytest.raises(RegistryError, match="không quá 2 năm"):
        add_residence(head, kind="temporary", unit=commune_b, address="Phòng trọ 6",
                      started_on=dt.date(2025, 8, 1), expires_on=dt.date(2027, 9, 1),
                      actor=ACTOR)  # fmt: skip
    ended = end_residence(residence, on=dt.date(2025, 8, 31), reason="Chuyển đi", actor=ACTOR)
    assert ended.ended_on == dt.date(2025, 8, 31)


def test_relatives_copy_the_linked_record_and_father_is_unique(commune_a, head, wife):
    link = add_relative(wife, kind="spouse", relative=head, actor=ACTOR)
    assert (link.name, link.id_number, link.nationality) == ("Nguyễn Văn An", "075090012345", "VN")
    add_relative(wife, kind="father", name="trần văn cả", id_number="271234567", actor=ACTOR)
    with pytest.raises(RegistryError, match="đã có thông tin cha"):
        add_relative(wife, kind="father", name="Trần Văn Hai", actor=ACTOR)
    with pytest.raises(RegistryError, match="12 chữ số"):
        add_relative(wife, kind="child", name="Nguyễn Văn Con", id_number="0750", actor=ACTOR)
    assert wife.relatives.count() == 2
    assert AuditEvent.objects.filter(action="registry.relative.added").count() == 2
