"""The bulk write path: round trip, links between rows, audit, atomicity of a batch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from cancuoc.accounts.audit import AuditEvent, verify_chain
from cancuoc.registry import bulk
from cancuoc.registry.bulk import (
    AUDIT_ACTION,
    BulkWriteError,
    DocumentRecord,
    PersonRecord,
    RelativeRecord,
    ResidenceRecord,
    fold_words,
    write_people,
)
from cancuoc.registry.models import Household, IdentityDocument, Person, Relative, Residence
from cancuoc.rules.names import fold, split_name
from cancuoc.testing import system_actor


def family(code: str, unit, province, *, n: int = 0) -> list[PersonRecord]:
    """A head, his wife and their son in household `code`."""
    home = (ResidenceRecord("permanent", unit.pk, "Ấp 3", dt.date(2001, 5, 2)),)
    father = PersonRecord(
        full_name="Nguyễn Văn Đức",
        birth_date=dt.date(1975, 3, 9),
        sex="male",
        unit_id=unit.pk,
        province_id=province.pk,
        record_id=f"R{n}-1",
        personal_id=f"0750750{n:05d}",
        household_code=code,
        relation_to_head="Chủ hộ",
        household_address="Ấp 3",
        residences=home,
        ethnicity="01",
        documents=(
            DocumentRecord(
                "cccd",
                f"0750750{n:05d}",
                dt.date(2021, 4, 1),
                dt.date(2035, 3, 9),
                "Cục Cảnh sát QLHC về TTXH",
            ),
        ),
        relatives=(RelativeRecord("spouse", "Trần Thị Ngọc Ánh", record_id=f"R{n}-2"),),
    )
    mother = PersonRecord(
        full_name="Trần Thị Ngọc Ánh",
        birth_date=dt.date(1978, 1, 1),
        sex="female",
        birth_precision="year",
        unit_id=unit.pk,
        province_id=province.pk,
        record_id=f"R{n}-2",
        household_code=code,
        relation_to_head="Vợ",
        residences=home,
        relatives=(RelativeRecord("spouse", "Nguyễn Văn Đức", record_id=f"R{n}-1"),),
    )
    son = PersonRecord(
        full_name="Nguyễn Đức Khang",
        birth_date=dt.date(2015, 8, 20),
        sex="male",
        unit_id=unit.pk,
        province_id=province.pk,
        record_id=f"R{n}-3",
        household_code=code,
        relation_to_head="Con",
        residences=home,
        relatives=(
            RelativeRecord("father", "Nguyễn Văn Đức", record_id=f"R{n}-1"),
            RelativeRecord("mother", "Trần Thị Ngọc Ánh", record_id=f"R{n}-2"),
            RelativeRecord("representative", "Nguyễn Văn Đức", "075075000001"),
        ),
    )
    return [father, mother, son]


def test_round_trip_writes_every_table_with_links(commune_a, province):
    result = write_people(family("HK-1", commune_a, province), actor=system_actor(), source="test")

    assert result.counts.as_dict() == {
        "people": 3,
        "households": 1,
        "residences": 3,
        "documents": 1,
        "relatives": 5,
    }
    father = Person.objects.get(record_id="R0-1")
    son = Person.objects.get(record_id="R0-3")
    assert father.name_folded == "nguyen van duc" and father.given_folded == "duc"
    assert son.household.head == father and son.household.code == "HK-1"
    assert son.relation_to_head == "Con" and son.household.unit == commune_a
    assert Person.objects.get(record_id="R0-2").birth_precision == "year"
    assert father.residences.get().unit == commune_a
    assert father.documents.get().expires_on == dt.date(2035, 3, 9)
    assert son.relatives.get(kind="father").relative == father
    assert son.relatives.get(kind="representative").relative is None
    assert father.version == 1 and father.created_at is not None


def test_rows_equal_orm_inserts_and_sequences_continue(commune_a, province):
    write_people(family("HK-1", commune_a, province), actor=system_actor(), source="test")
    last = Person.objects.order_by("-pk").first()

    orm = Person.objects.create(
        full_name="Lê Thị Hoa",
        birth_date=dt.date(1990, 1, 2),
        sex="female",
        unit=commune_a,
        province=province,
        name_folded="le thi hoa",
        given_folded="hoa",
    )
    household = Household.objects.create(code="HK-ORM", unit=commune_a)
    residence = Residence.objects.create(person=orm, kind="permanent", unit=commune_a)

    assert orm.pk > last.pk
    assert household.pk > Household.objects.get(code="HK-1").pk
    assert residence.pk > last.residences.get().pk
    fetched = Person.objects.get(pk=last.pk)  # dates and times read back as the ORM wrote them
    assert fetched.created_at.tzinfo is not None and fetched.birth_date == dt.date(2015, 8, 20)


def test_people_get_the_ids_the_sequence_hands_out_even_when_they_are_not_consecutive(
    commune_a, province
):
    write_people(family("HK-0", commune_a, province), actor=system_actor(), source="test")
    before = set(Person.objects.values_list("pk", flat=True))
    if connection.vendor == "postgresql":  # as if another session took every other value
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER SEQUENCE {bulk._sequence('registry_person')} INCREMENT BY 2")

    result = write_people(family("HK-1", commune_a, province, n=1), actor=system_actor(),
                          source="test")  # fmt: skip

    ids = sorted(set(Person.objects.values_list("pk", flat=True)) - before)
    assert len(ids) == result.counts.people == 3 and min(ids) > max(before)
    if connection.vendor == "postgresql":
        assert {b - a for a, b in zip(ids, ids[1:], strict=False)} == {2}
    head = Person.objects.get(record_id="R1-1")
    assert Household.objects.get(code="HK-1").head == head
    assert Person.objects.get(record_id="R1-2").household.head == head


def test_one_audit_event_per_batch_with_counts(commune_a, province):
    records = [r for n in range(4) for r in family(f"HK-{n}", commune_a, province, n=n)]

    result = write_people(records, actor=system_actor(), source="synth:test", batch_size=5)

    events = list(AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("seq"))
    assert result.batches == 2 and len(events) == 2  # 6 + 6: households are never split
    assert [e.data["people"] for e in events] == [6, 6]
    assert events[0].data["source"] == "synth:test"
    assert verify_chain().ok


def test_failing_batch_leaves_nothing_and_keeps_earlier_batches(commune_a, province):
    records = family("HK-1", commune_a, province) + family("HK-2", commune_a, province, n=0)

    with pytest.raises(BulkWriteError) as caught:
        write_people(records, actor=system_actor(), source="test", batch_size=3)

    assert "075075000000" in caught.value.reason and caught.value.batch == 2
    assert Person.objects.count() == 3  # batch 1 committed, batch 2 (duplicate id) not at all
    assert not Household.objects.filter(code="HK-2").exists()
    assert Residence.objects.count() == 3 and Relative.objects.count() == 5


def test_hook_runs_inside_the_batch_transaction(commune_a, province):
    seen = []

    def on_batch(info):
        seen.append(info.last_record_id)
        if info.index == 2:
            raise RuntimeError("importer could not save its progress")

    records = family("HK-1", commune_a, province) + family("HK-2", commune_a, province, n=1)
    with pytest.raises(RuntimeError):
        write_people(records, actor=system_actor(), source="t", batch_size=3, on_batch=on_batch)

    assert seen == ["R0-3", "R1-3"]
    assert set(Person.objects.values_list("record_id", flat=True)) == {"R0-1", "R0-2", "R0-3"}
    assert IdentityDocument.objects.count() == 1
    assert AuditEvent.objects.filter(action=AUDIT_ACTION).count() == 1


def test_unknown_unit_is_refused_with_the_record_named(commune_a, province):
    bad = family("HK-1", commune_a, province)
    bad[2] = PersonRecord(
        full_name="Ngô Bảo An",
        birth_date=dt.date(2020, 1, 1),
        sex="male",
        unit_id=commune_a.pk,
        province_id=province.pk,
        record_id="BAD",
        residences=(ResidenceRecord("temporary", 987654),),
    )

    with pytest.raises(BulkWriteError) as caught:
        write_people(bad, actor=system_actor(), source="test")

    assert "BAD" in caught.value.reason and "không tồn tại" in caught.value.reason
    assert Person.objects.count() == 0


def test_database_refusal_becomes_a_vietnamese_error(commune_a, province):
    broken = PersonRecord(
        full_name="Lý Văn Tám",
        birth_date=dt.date(1950, 1, 1),
        sex="male",
        unit_id=commune_a.pk,
        province_id=province.pk,
        record_id="DEAD",
        status="alive",
        death_date=dt.date(2020, 1, 1),
    )

    with pytest.raises(BulkWriteError) as caught:
        write_people([broken], actor=system_actor(), source="test")

    assert caught.value.reason.startswith("Lô số 1: cơ sở dữ liệu từ chối ghi (Người còn sống")
    assert Person.objects.count() == 0


NAMES = ["Nguyễn  Thị Ánh", "ĐẶNG Hà 中 Vy", "H'Hen Niê", "Lê\u00a0Văn", "Vy", "Lê Vă\u0300n"]


@pytest.mark.parametrize("text", NAMES)
def test_fold_words_matches_rules_fold(text):
    assert fold_words(text) == fold(text)


@pytest.mark.parametrize("text", NAMES)
def test_search_keys_are_those_of_the_rules(commune_a, province, text):
    record = PersonRecord(
        full_name=text,
        birth_date=dt.date(2000, 1, 1),
        sex="female",
        unit_id=commune_a.pk,
        province_id=province.pk,
    )
    write_people([record], actor=system_actor(), source="test")

    person = Person.objects.get()
    assert person.name_folded == fold(text)
    assert person.given_folded == fold(split_name(text).given)
