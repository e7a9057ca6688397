"""Population events: births, deaths and moves of permanent residence."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.scope import Scope
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import IdentityDocument, Person, Relative, Residence
from cancuoc.registry.services import add_household_member, add_residence, create_household
from cancuoc.registry.workflows.common import WorkflowError
from cancuoc.registry.workflows.events import (
    Birth,
    move_permanent_residence,
    record_death,
    register_birth,
)
from cancuoc.registry.workflows.models import LockRequest, Move
from cancuoc.registry.workflows.queries import moves_in, moves_out
from cancuoc.rules.idnumber import Sex, check_consistency, parse_id_number
from cancuoc.testing import actor_for, make_person

HOME = "Tổ 1, ấp 2"


@pytest.fixture
def parents(commune_a, officer):
    """A married couple in one household with a permanent residence in commune A."""
    actor = actor_for(officer)
    father = make_person(commune_a, full_name="Nguyễn Văn Đức", personal_id="075090000002")
    mother = make_person(commune_a, full_name="Trần Thị Lan", sex="female",
                         birth_date=dt.date(1992, 3, 4), personal_id="075192000001")  # fmt: skip
    household = create_household(code="HK-01", unit=commune_a, head=father, address=HOME,
                                 actor=actor)  # fmt: skip
    add_household_member(household, mother, relation="Vợ", actor=actor)
    for parent in (father, mother):
        add_residence(parent, kind="permanent", unit=commune_a, address=HOME,
                      started_on=dt.date(2015, 1, 1), actor=actor)  # fmt: skip
    return Person.objects.get(pk=mother.pk), Person.objects.get(pk=father.pk)


BABY = Birth(full_name="Nguyễn Gia Bảo", birth_date=dt.date(2025, 9, 1), sex="male")


def test_a_birth_gets_a_well_formed_number_parents_household_and_residence(parents, officer):
    mother, father = parents

    child = register_birth(mother, father=father, birth=BABY, actor=actor_for(officer))

    number = parse_id_number(child.personal_id)
    assert number.place_code == "075" and number.birth_year == 2025 and number.sex is Sex.MALE
    assert check_consistency(number, birth_date=child.birth_date, sex=Sex.MALE) == []
    assert set(child.relatives.values_list("kind", "relative")) == {
        (Relative.Kind.MOTHER, mother.pk),
        (Relative.Kind.FATHER, father.pk),
    }
    assert mother.relatives.get(kind=Relative.Kind.CHILD).relative == child
    assert (child.household.code, child.relation_to_head) == ("HK-01", "Con")
    home = child.residences.get()
    assert (home.kind, home.address, home.started_on) == ("permanent", HOME, BABY.birth_date)
    assert AuditEvent.objects.filter(action="registry.birth.registered").count() == 1


def test_a_birth_without_a_parent_or_in_the_future_writes_nothing(parents, officer):
    mother, _father = parents
    with pytest.raises(WorkflowError, match="cha hoặc mẹ"):
        register_birth(None, birth=BABY, actor=actor_for(officer))
    future = Birth(full_name="Bé Tương Lai", birth_date=dt.date(2999, 1, 1), sex="female")
    with pytest.raises(WorkflowError, match="tương lai"):
        register_birth(mother, birth=future, actor=actor_for(officer))
    bad_name = Birth(full_name="Bé 123", birth_date=dt.date(2025, 1, 1), sex="female")
    with pytest.raises(RegistryError, match="chữ số"):
        register_birth(mother, birth=bad_name, actor=actor_for(officer))
    assert Person.objects.count() == 2


def test_a_death_ends_residences_and_asks_to_lock_documents_and_eid(parents, officer):
    _mother, father = parents
    IdentityDocument.objects.create(person=father, kind="cccd", number=father.personal_id)
    Person.objects.filter(pk=father.pk).update(eid_level=2)
    father.refresh_from_db()

    record_death(father, death_date=dt.date(2025, 10, 2), actor=actor_for(officer))

    father.refresh_from_db()
    assert (father.status, father.death_date) == ("dead", dt.date(2025, 10, 2))
    home = father.residences.get()
    assert home.ended_on == dt.date(2025, 10, 2) and "Điều 24 khoản 1 điểm a" in home.end_reason
    locks = LockRequest.objects.filter(person=father)
    assert sorted(locks.values_list("target", flat=True)) == ["document", "eid"]
    assert {lock.reason for lock in locks} == {"Người đã chết"}
    history = AuditEvent.objects.filter(action="registry.person.updated").last()
    assert history.data["status"] == ["alive", "dead"]


def test_a_death_is_recorded_once_and_not_before_birth(parents, officer):
    _mother, father = parents
    with pytest.raises(RegistryError, match="trước ngày sinh"):
        record_death(father, death_date=dt.date(1980, 1, 1), actor=actor_for(officer))
    father.refresh_from_db()
    assert father.status == "alive" and father.residences.get().ended_on is None

    record_death(father, death_date=dt.date(2025, 10, 2), actor=actor_for(officer))
    with pytest.raises(WorkflowError, match="Đã chết"):
        record_death(father, death_date=dt.date(2025, 10, 3), actor=actor_for(officer))


def test_a_move_transfers_the_record_and_shows_in_both_lists(parents, officer, commune_b):
    mother, _father = parents
    add_residence(mother, kind="temporary", unit=commune_b, address="Phòng trọ 4",
                  started_on=dt.date(2025, 8, 1), actor=actor_for(officer))  # fmt: skip

    move = move_permanent_residence(
        mother,
        to_unit=commune_b,
        address="Số 9, đường 3",
        moved_on=dt.date(2025, 9, 1),
        actor=actor_for(officer),
    )

    mother.refresh_from_db()
    assert mother.unit == commune_b and mother.household is None
    old = Residence.objects.get(person=mother, kind="permanent", unit__isnull=False,
                                ended_on__isnull=False)  # fmt: skip
    assert old.end_reason.startswith("Chuyển thường trú đến Phường Tam Hiệp")
    stay = Residence.objects.get(person=mother, kind="temporary")
    assert "Điều 29 khoản 1 điểm đ" in stay.end_reason
    assert mother.residences.get(ended_on__isnull=True).unit == commune_b
    a, b = (Scope(commune_ids=frozenset({u.pk})) for u in (move.from_unit, commune_b))
    assert list(moves_out(a)) == [move] and list(moves_in(b)) == [move]
    assert list(moves_out(b)) == [] and list(moves_in(a)) == []


def test_moving_within_the_same_commune_is_refused(parents, officer, commune_a):
    mother, _father = parents
    with pytest.raises(WorkflowError, match="cùng xã/phường"):
        move_permanent_residence(
            mother,
            to_unit=commune_a,
            address="Nhà mới",
            moved_on=dt.date(2025, 9, 1),
            actor=actor_for(officer),
        )
    assert not Move.objects.exists()
    assert mother.residences.get().ended_on is None
