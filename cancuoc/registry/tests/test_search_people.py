"""search_people: names with or without diacritics, ID numbers, codes; always scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from cancuoc.accounts.scope import Scope, scope_of_user
from cancuoc.registry.models import Household, Person, Residence
from cancuoc.registry.queries import search_people
from cancuoc.testing import make_person


@pytest.fixture
def people(commune_a, commune_b):
    make = make_person
    return {
        "an": make(commune_a, full_name="Nguyễn Văn An", personal_id="075090012345",
                   old_id_number="271234567", record_id="DC-2024-0001"),
        "an2": make(commune_a, full_name="Nguyễn Văn Ân", personal_id="075090012346"),
        "anh": make(commune_a, full_name="Nguyễn Văn Anh", personal_id=None),
        "thi_an": make(commune_a, full_name="Trần Thị An", sex="female", personal_id=None),
        "lan": make(commune_a, full_name="Lê Thị Lan", sex="female", personal_id=None),
        "lan2": make(commune_a, full_name="Lê Thị Lân", sex="female", personal_id=None),
        "b_an": make(commune_b, full_name="Nguyễn Văn An", personal_id="075090099999"),
    }  # fmt: skip


def names(found):
    return [p.full_name for p in found]


def test_a_name_typed_without_diacritics_finds_the_person(officer, people):
    found = search_people(scope_of_user(officer), "nguyen van an")
    assert people["an"] in found and people["an2"] in found
    assert people["b_an"] not in found  # commune B is not the officer's area


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "nguyễn văn an", "NGUYEN VAN AN"])
def test_the_exact_full_name_comes_first(officer, people, text):
    assert search_people(scope_of_user(officer), text)[0] == people["an"]


def test_diacritics_in_the_query_rank_exact_spellings_first(officer, people):
    scope = scope_of_user(officer)
    assert names(search_people(scope, "Lê Thị Lân"))[:2] == ["Lê Thị Lân", "Lê Thị Lan"]
    assert names(search_people(scope, "Lê Thị Lan"))[:2] == ["Lê Thị Lan", "Lê Thị Lân"]
    assert names(search_people(scope, "Nguyễn Văn Ân"))[0] == "Nguyễn Văn Ân"


def test_a_given_name_alone_finds_everyone_with_it(officer, people):
    found = search_people(scope_of_user(officer), "an")
    assert set(found) == {people["an"], people["an2"], people["thi_an"]}


def test_surname_and_given_name_skip_the_middle_name(officer, people):
    found = search_people(scope_of_user(officer), "nguyen an")
    assert set(found) == {people["an"], people["an2"]}


def test_a_middle_and_given_name_find_people_with_any_surname(officer, people):
    assert search_people(scope_of_user(officer), "thi an") == [people["thi_an"]]


def test_a_name_prefix_finds_longer_names(officer, people):
    assert people["anh"] in search_people(scope_of_user(officer), "nguyen van a")


@pytest.mark.parametrize(
    ("text", "key"),
    [("075090012345", "an"), ("075 090 012 345", "an"), ("271234567", "an"),
     ("DC-2024-0001", "an")],
)  # fmt: skip
def test_numbers_and_codes_match_exactly(officer, people, text, key):
    assert search_people(scope_of_user(officer), text) == [people[key]]


def test_a_household_code_lists_its_members(officer, people, commune_a):
    household = Household.objects.create(code="HK0007", unit=commune_a, head=people["an"])
    Person.objects.filter(pk__in=[people["an"].pk, people["lan"].pk]).update(household=household)
    assert set(search_people(scope_of_user(officer), "hk0007")) == {people["an"], people["lan"]}


def test_the_outsider_never_finds_commune_a_people(outsider, people):
    scope = scope_of_user(outsider)
    assert search_people(scope, "075090012345") == []
    assert search_people(scope, "nguyen van an") == [people["b_an"]]
    assert search_people(scope, "lan") == []


def test_a_temporary_resident_is_found_where_they_reside(outsider, people, commune_b):
    Residence.objects.create(person=people["lan"], kind="temporary", unit=commune_b,
                             started_on=dt.date(2025, 7, 2))  # fmt: skip
    assert search_people(scope_of_user(outsider), "le thi lan") == [people["lan"]]


def test_the_province_sees_both_communes_and_an_empty_scope_nothing(provincial, people):
    found = search_people(scope_of_user(provincial), "nguyen van an")
    assert set(found[:3]) == {people["an"], people["an2"], people["b_an"]}
    assert found[3] == people["anh"]
    assert search_people(Scope(), "nguyen van an") == []


def test_filters_narrow_the_search(officer, people):
    base = Person.objects.filter(sex="female")
    assert search_people(scope_of_user(officer), "an", base=base) == [people["thi_an"]]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_name_prefix_range_is_answered_from_an_index(commune_a, province):
    # The same condition search_people builds for "nguyen van a" within a commune and a
    # province; the plan must use an index on name_folded, not scan the table.
    rows = Person.objects.filter(name_folded__gte="nguyen van a", name_folded__lt="nguyen van b")
    for scoped in (rows.filter(unit=commune_a), rows.filter(province=province)):
        plan = _plan(scoped.order_by("name_folded")[:50])
        assert "name_folded" in plan or "registry_pe" in plan, plan
        assert "SCAN registry_person\n" not in plan + "\n" and "Seq Scan" not in plan, plan
        assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


def test_a_given_name_match_outranks_a_longer_name_with_the_same_start(officer, commune_a):
    longer = make_person(commune_a, full_name="Nguyễn An Khang", personal_id=None)
    an = make_person(commune_a, full_name="Nguyễn Văn An", personal_id=None)
    exact = make_person(commune_a, full_name="Nguyễn An", personal_id=None)
    assert search_people(scope_of_user(officer), "nguyen an") == [exact, an, longer]
