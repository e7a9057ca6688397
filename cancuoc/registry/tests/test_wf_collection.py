"""DC01 collection and its phúc tra by a second officer (seed 003)."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.scope import Scope
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Person, Relative, Residence
from cancuoc.registry.workflows.collection import (
    record_collection,
    return_collection,
    verify_collection,
)
from cancuoc.registry.workflows.common import WorkflowError
from cancuoc.registry.workflows.models import Collection
from cancuoc.registry.workflows.queries import collection_coverage
from cancuoc.testing import actor_for, make_person, system_actor

DECLARED = {
    "full_name": "trần thị mai", "birth_date": "02/03/1985", "sex": "Nữ",
    "personal_id": "075185000321", "ethnicity": "Kinh", "religion": "Không",
    "hometown": "Nhơn Trạch, Đồng Nai", "permanent_address": "Tổ 5, khu phố 2",
    "current_address": "Tổ 5, khu phố 2", "father_name": "Trần Văn Hùng",
    "mother_name": "Lê Thị Hoa",
}  # fmt: skip
ON = dt.date(2024, 6, 1)


def collect(officer, person=None, unit=None, **declared):
    return record_collection(
        person, unit=unit or officer.agency.unit, declared=DECLARED | declared,
        source=Collection.Source.DIRECT, collected_on=ON, actor=actor_for(officer),
    )  # fmt: skip


def test_it_creates_a_new_person_with_residences_and_parents(officer):
    collection = collect(officer)

    person = collection.person
    assert collection.created_person and collection.status == Collection.Status.PENDING
    assert (person.full_name, person.sex, person.ethnicity) == ("Trần Thị Mai", "female", "01")
    assert set(person.residences.values_list("kind", flat=True)) == {"permanent", "current"}
    assert set(person.relatives.values_list("kind", "name")) == {
        (Relative.Kind.FATHER, "Trần Văn Hùng"),
        (Relative.Kind.MOTHER, "Lê Thị Hoa"),
    }
    assert collection.collector == officer and collection.unit == officer.agency.unit
    assert AuditEvent.objects.filter(action="registry.collection.recorded").count() == 1


def test_it_fills_blanks_of_an_existing_person_and_lists_conflicts(officer, commune_a):
    person = make_person(commune_a, full_name="Trần Thị Mai", sex="female",
                         birth_date=dt.date(1985, 3, 2), personal_id="075185000321",
                         religion="", hometown="Biên Hòa")  # fmt: skip

    collection = collect(officer, person=person)

    person.refresh_from_db()
    assert person.ethnicity == "01" and person.religion == "00"  # blanks filled
    assert person.hometown == "Biên Hòa"  # a filled field is not overwritten
    assert [c["field"] for c in collection.conflicts] == ["hometown"]
    assert collection.conflicts[0]["declared"] == "Nhơn Trạch, Đồng Nai"
    assert not collection.created_person


def test_invalid_declared_values_write_nothing(officer):
    with pytest.raises(RegistryError, match="Ngày sinh"):
        collect(officer, birth_date="31/02/1985")

    with pytest.raises(RegistryError, match="Cha"):
        collect(officer, father_id="12345")

    assert not Person.objects.exists() and not Residence.objects.exists()
    assert not Collection.objects.exists() and not AuditEvent.objects.exists()


def test_an_invalid_value_for_an_existing_person_names_the_field(officer, commune_a):
    person = make_person(
        commune_a,
        full_name="Trần Thị Mai",
        sex="female",
        birth_date=dt.date(1985, 3, 2),
        personal_id="075185000321",
    )
    with pytest.raises(RegistryError, match="Dân tộc"):
        collect(officer, person=person, ethnicity="Không có dân tộc này")
    assert not Collection.objects.exists()


def test_a_future_collection_date_is_refused(officer):
    with pytest.raises(WorkflowError, match="tương lai"):
        record_collection(
            None,
            unit=officer.agency.unit,
            declared=DECLARED,
            source="direct",
            collected_on=dt.date(2999, 1, 1),
            actor=actor_for(officer),
        )


def test_a_second_officer_verifies(officer, head):
    collection = collect(officer)

    verify_collection(collection, actor=actor_for(head), note="Đã đối chiếu sổ hộ khẩu")

    collection.refresh_from_db()
    assert collection.status == Collection.Status.VERIFIED and collection.verifier == head
    event = AuditEvent.objects.get(action="registry.collection.verified")
    assert event.data["status"] == ["pending", "verified"]


def test_the_collector_cannot_verify_their_own_form(officer):
    collection = collect(officer)

    with pytest.raises(WorkflowError, match="không được tự phúc tra"):
        verify_collection(collection, actor=actor_for(officer))
    collection.refresh_from_db()
    assert collection.status == Collection.Status.PENDING


def test_returning_needs_a_note_and_closes_the_form(officer, head):
    collection = collect(officer)
    with pytest.raises(WorkflowError, match="Chưa nhập"):
        return_collection(collection, note="", actor=actor_for(head))

    return_collection(collection, note="Sai quê quán", actor=actor_for(head))

    collection.refresh_from_db()
    assert collection.status == Collection.Status.RETURNED
    with pytest.raises(WorkflowError, match="đã được phúc tra"):
        verify_collection(collection, actor=actor_for(head))


def test_coverage_counts_verified_people_over_living_people(officer, head, commune_a):
    verified = collect(officer)
    verify_collection(verified, actor=actor_for(head))
    collect(
        officer, full_name="Phạm Văn Bình", personal_id="075085000999", sex="Nam", birth_date="1985"
    )  # collected, not verified
    make_person(commune_a, full_name="Người Chưa Thu", personal_id=None)
    make_person(
        commune_a,
        full_name="Người Đã Mất",
        personal_id=None,
        status="dead",
        death_date=dt.date(2020, 1, 1),
    )

    [row] = collection_coverage(Scope(commune_ids=frozenset({commune_a.pk})))

    assert (row.alive, row.collected, row.verified) == (3, 2, 1)
    assert row.verified_share == 33.3


def test_a_system_job_cannot_sign_a_dc01_form(officer):
    with pytest.raises(WorkflowError, match="cán bộ đăng nhập"):
        record_collection(None, unit=officer.agency.unit, declared=DECLARED, source="direct",
                          collected_on=ON, actor=system_actor())  # fmt: skip
    assert not Person.objects.exists()


def test_an_old_flaw_in_the_register_does_not_block_the_form(officer, commune_a):
    # The number says 1980, the register 1982 (a flaw found by the ID-number checks): a form
    # that repeats the register is recorded; a different valid date is a conflict to settle
    # with DC02, not a refusal; a date that is invalid in itself is still refused.
    person = make_person(commune_a, full_name="Lê Văn Cũ", birth_date=dt.date(1982, 5, 1),
                         personal_id="075080000123")  # fmt: skip
    same = {"full_name": "Lê Văn Cũ", "birth_date": "01/05/1982", "sex": "Nam"}
    form = record_collection(person, unit=commune_a, declared=same, source="direct",
                             collected_on=ON, actor=actor_for(officer))  # fmt: skip
    assert form.conflicts == []
    other = record_collection(person, unit=commune_a, declared={"birth_date": "02/05/1983"},
                              source="direct", collected_on=ON, actor=actor_for(officer))  # fmt: skip
    assert [(c["field"], c["register"], c["declared"]) for c in other.conflicts] == [
        ("birth_date", "01/05/1982", "02/05/1983")
    ]
    with pytest.raises(WorkflowError, match="Ngày sinh"):
        record_collection(person, unit=commune_a, declared={"birth_date": "31/02/1982"},
                          source="direct", collected_on=ON, actor=actor_for(officer))  # fmt: skip
    person.refresh_from_db()
    assert person.birth_date == dt.date(1982, 5, 1)
