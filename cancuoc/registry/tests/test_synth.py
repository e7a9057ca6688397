"""The synthetic population: determinism, realistic shape, valid numbers, labelled defects."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from random import Random

import pytest

from cancuoc.accounts.actor import Actor
from cancuoc.registry.synth.csvout import PEOPLE_COLUMNS, PeopleWriter, write_truth
from cancuoc.registry.synth.generator import Population, SynthConfig
from cancuoc.registry.synth.geography import Geography, Place, plan_sizes
from cancuoc.registry.synth.households import relation_to_head
from cancuoc.registry.synth.run import synthesize
from cancuoc.rules.ages import age_on, card_expiry
from cancuoc.rules.errors import InvalidIdNumber
from cancuoc.rules.idnumber import Sex, check_consistency, parse_id_number
from cancuoc.rules.names import fold

AS_OF = date(2026, 11, 22)
ID_DEFECTS = {"id_wrong_year", "id_wrong_sex", "id_unknown_province"}


def geography(people: int, communes: int = 2) -> Geography:
    """Communes of Đồng Nai plus a few elsewhere, without touching the database."""
    local = tuple(
        Place(10 + i, f"2648{i}", f"Xã Thử {i}", 1, "75", True,
              ((f"Xã Cũ {i}, Huyện Nhơn Trạch, Tỉnh Đồng Nai", "075"),))
        for i in range(communes)
    )  # fmt: skip
    foreign = {"79": (Place(90, "26734", "Phường Sài Gòn", 9, "79", False),),
               "38": (Place(80, "16000", "Xã Thanh Hóa", 8, "38", True),)}  # fmt: skip
    return Geography(1, "75", local, tuple(plan_sizes(people, communes, Random(1))),
                     elsewhere=(Place(50, "26999", "Xã Bên Cạnh", 1, "75", True),),
                     foreign=foreign)  # fmt: skip


def generate(people: int, seed: int = 3) -> Population:
    population = Population(SynthConfig(people=people, seed=seed), geography(people))
    population.records = list(population)
    return population


@pytest.fixture(scope="module")
def big():
    return generate(6000)


def csv_bytes(population: Population) -> bytes:
    out = io.StringIO()
    writer = PeopleWriter(out, unit_codes=population.geo.code_of(), abroad=population.abroad)
    for record in population:
        writer.write_one(record)
    write_truth(out, population.truth)
    return out.getvalue().encode()


def test_same_seed_same_bytes_other_seed_other_bytes():
    geo = geography(400)
    first = csv_bytes(Population(SynthConfig(people=400, seed=7), geo))
    again = csv_bytes(Population(SynthConfig(people=400, seed=7), geo))
    other = csv_bytes(Population(SynthConfig(people=400, seed=8), geo))

    assert first == again
    assert first != other
    assert first.count(b"\n") > 400


def test_exact_count_and_unique_record_ids(big):
    ids = [r.record_id for r in big.records]
    assert len(ids) == 6000 == len(set(ids))
    assert ids[0] == "SYN-26480-000001"


def test_age_pyramid_and_sex_ratio(big):
    ages = [age_on(r.birth_date, AS_OF) for r in big.records]
    share = lambda low, high: sum(low <= a <= high for a in ages) / len(ages)  # noqa: E731
    assert 0.21 <= share(0, 14) <= 0.28  # 2019 census: 24 %
    assert 0.63 <= share(15, 64) <= 0.72
    assert 0.05 <= share(65, 120) <= 0.11
    assert share(30, 39) > share(55, 64) > share(75, 84)  # broad base, narrowing after 50
    males = sum(r.sex == "male" for r in big.records) / len(big.records)
    assert 0.47 <= males <= 0.52


def test_names_follow_vietnamese_frequencies(big):
    surnames = Counter(r.full_name.split()[0] for r in big.records)
    total = len(big.records)
    assert 0.30 <= surnames["Nguyễn"] / total <= 0.42
    assert surnames["Nguyễn"] > surnames["Trần"] > surnames["Đỗ"]
    old = [r for r in big.records if r.birth_date.year < 1960 and r.sex == "female"]
    young = [r for r in big.records if r.birth_date.year >= 2005 and r.sex == "female"]
    thi = lambda rs: sum(" Thị " in r.full_name for r in rs) / len(rs)  # noqa: E731
    assert thi(old) > 0.6 > 0.25 > thi(young)


def test_households_have_a_head_and_family_labels(big):
    homes: dict[str, list] = {}
    for r in big.records:
        if r.household_code:
            homes.setdefault(r.household_code, []).append(r)
    heads = Counter(sum(m.relation_to_head == "Chủ hộ" for m in ms) for ms in homes.values())
    assert set(heads) == {1}  # exactly one head each
    labels = Counter(r.relation_to_head for r in big.records)
    assert {"Chủ hộ", "Vợ", "Con", "Cha", "Mẹ", "Cháu"} <= set(labels)
    assert 2.8 <= len([r for r in big.records if r.household_code]) / len(homes) <= 4.0
    child = next(r for r in big.records if any(k.kind == "father" for k in r.relatives))
    father = next(k for k in child.relatives if k.kind == "father")
    assert child.full_name.split()[0] == father.name.split()[0]  # children take the surname


def test_every_number_is_valid_except_labelled_defects(big):
    labelled = {t.record_id for t in big.truth if t.defect in ID_DEFECTS}
    numbers = [r.personal_id for r in big.records if r.personal_id]
    assert len(numbers) == len(set(numbers))
    for r in big.records:
        if not r.personal_id:
            continue
        try:
            problems = check_consistency(parse_id_number(r.personal_id),
                                         birth_year=r.birth_date.year, sex=Sex(r.sex))  # fmt: skip
        except InvalidIdNumber:
            problems = ["invalid"]
        assert bool(problems) == (r.record_id in labelled), r


def test_cards_are_plausible(big):
    for r in big.records:
        for doc in r.documents:
            assert doc.issued_on <= AS_OF
            if doc.kind == "can_cuoc":
                assert doc.issued_on >= date(2024, 7, 1)
            if doc.kind in ("cccd", "can_cuoc") and r.birth_precision == "day":
                assert doc.expires_on == card_expiry(r.birth_date, doc.issued_on)
            if doc.kind == "cmnd":
                assert doc.number == r.old_id_number and len(doc.number) == 9
        if r.eid_level == 2:
            assert any(d.kind in ("cccd", "can_cuoc") for d in r.documents)
    adults = [r for r in big.records if age_on(r.birth_date, AS_OF) >= 18]
    children = [r for r in big.records if age_on(r.birth_date, AS_OF) < 14]
    carded = lambda rs: sum(any(d.kind != "cmnd" for d in r.documents) for r in rs) / len(rs)  # noqa: E731
    assert carded(adults) > 0.8 and carded(children) < 0.15
    assert sum(r.eid_level == 2 for r in adults) / len(adults) > 0.5


def test_residence_mix(big):
    kinds = Counter(x.kind for r in big.records for x in r.residences if x.ended_on is None)
    people = len(big.records)
    assert kinds["permanent"] > 0.9 * people
    assert 0.02 < kinds["temporary"] / people < 0.15 and kinds["current"] > 0
    assert big.abroad and all(country for country in big.abroad.values())
    migrant = next(r for r in big.records if any(x.kind == "temporary" for x in r.residences))
    assert migrant.unit_id != next(x.unit_id for x in migrant.residences if x.kind == "temporary")


def test_every_labelled_defect_is_in_the_data(big):
    by_id = {r.record_id: r for r in big.records}
    counts = Counter(t.defect for t in big.truth)
    assert set(counts) == {
        "duplicate", "id_wrong_year", "id_wrong_sex", "id_unknown_province", "dead_still_alive",
        "stale_temporary", "missing_ethnicity", "missing_birth_registration_place",
        "missing_permanent_address"}  # fmt: skip
    assert 0.015 < len(big.truth) / len(big.records) < 0.05  # a few per cent in total
    for t in big.truth:
        r = by_id[t.record_id]
        if t.defect == "duplicate":
            original = by_id[t.related_record_id]
            assert original.record_id != r.record_id and original.sex == r.sex
            assert fold(original.full_name).split()[0] == fold(r.full_name).split()[0]
            assert original.birth_date.year == r.birth_date.year
            assert r.personal_id != original.personal_id
        elif t.defect == "dead_still_alive":
            assert r.status == "alive" and age_on(r.birth_date, AS_OF) >= 64
        elif t.defect == "stale_temporary":
            temporary = next(x for x in r.residences if x.kind == "temporary")
            away = [x for x in r.residences if x.kind == "current"]
            assert temporary.expires_on < AS_OF or (AS_OF - away[0].started_on).days > 183
            assert not away or away[0].started_on > temporary.started_on  # left after arriving
        elif t.defect == "missing_ethnicity":
            assert r.ethnicity == ""
        elif t.defect == "missing_birth_registration_place":
            assert r.birth_registration_place == ""
        elif t.defect == "missing_permanent_address":
            assert next(x for x in r.residences if x.kind == "permanent").address == ""
    clean_temporary = [r for r in big.records if r.record_id not in {t.record_id for t in big.truth}
                       for x in r.residences if x.kind == "temporary"]  # fmt: skip
    assert all(x.expires_on > AS_OF for r in clean_temporary for x in r.residences
               if x.kind == "temporary")  # fmt: skip


def test_csv_layout_matches_the_import_columns(big):
    rows = list(csv.DictReader(io.StringIO(csv_bytes(big).decode().split("record_id,defect")[0])))
    assert tuple(rows[0]) == PEOPLE_COLUMNS
    assert len(rows) == 6000
    assert {row["sex"] for row in rows} == {"Nam", "Nữ"}
    assert all(row["permanent_unit_code"] or row["current_unit_code"] for row in rows)
    birth_formats = Counter(len(row["birth_date"]) for row in rows)
    assert set(birth_formats) <= {10, 7, 4} and birth_formats[10] > 0.9 * len(rows)
    abroad = [row for row in rows if row["abroad_country"]]
    assert abroad and not any(row["current_unit_code"] for row in abroad)
    assert {row["card_kind"] for row in rows} <= {"", "cmnd", "cccd", "can_cuoc"}


def test_relation_labels_seen_from_the_head():
    from cancuoc.registry.synth.households import Member

    grandpa, father, mother, son = (Member(70, "male"), Member(45, "male"),
                                    Member(43, "female"), Member(12, "male"))  # fmt: skip
    father.father, father.spouse, mother.spouse = grandpa, mother, father
    son.father, son.mother = father, mother
    assert [relation_to_head(m, father) for m in (grandpa, mother, son)] == ["Cha", "Vợ", "Con"]
    assert [relation_to_head(m, grandpa) for m in (father, mother, son)] == [
        "Con", "Con dâu", "Cháu"]  # fmt: skip
    assert relation_to_head(grandpa, mother) == "Cha chồng"


def test_parallel_generation_writes_the_same_file(tmp_path):
    geo = geography(900, communes=3)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    actor = Actor.system("test")
    synthesize(Population(SynthConfig(people=900, seed=4), geo), actor=actor, out=one,
               truth=tmp_path / "t1.csv")  # fmt: skip
    result = synthesize(Population(SynthConfig(people=900, seed=4), geo), actor=actor, out=two,
                        truth=tmp_path / "t2.csv", workers=2)  # fmt: skip

    assert result.workers == 2
    assert one.read_bytes() == two.read_bytes()
    assert (tmp_path / "t1.csv").read_bytes() == (tmp_path / "t2.csv").read_bytes()
