"""The indexes of the biggest table: each one earns its upkeep on every write and its rebuild
after a bulk load, so none may duplicate another."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import IntegrityError, connection, transaction

from cancuoc.registry.models import Household, Person
from cancuoc.registry.tests.test_search_people import _plan
from cancuoc.testing import make_person


def _indexed_columns(table: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return [tuple(info["columns"]) for info in found.values() if info["index"] or info["unique"]]


@pytest.mark.django_db
def test_no_two_person_indexes_cover_the_same_columns():
    # On PostgreSQL a field declared unique=True or db_index=True also gets a
    # varchar_pattern_ops twin on the same column; Meta.indexes and constraints do not.
    counts = Counter(_indexed_columns(Person._meta.db_table))
    assert [columns for columns, n in counts.items() if n > 1] == []
    for column in ("personal_id", "old_id_number", "record_id", "name_folded"):
        assert (column,) in counts, column


@pytest.mark.django_db
def test_no_two_household_indexes_cover_the_same_columns():
    counts = Counter(_indexed_columns(Household._meta.db_table))
    assert [columns for columns, n in counts.items() if n > 1] == []
    assert ("code",) in counts


@pytest.mark.django_db
def test_a_household_code_stays_unique(commune_a):
    Household.objects.create(code="HK-1", unit=commune_a)
    with pytest.raises(IntegrityError, match="code"), transaction.atomic():
        Household.objects.create(code="HK-1", unit=commune_a)


@pytest.mark.django_db
def test_a_personal_id_stays_unique(commune_a):
    make_person(commune_a, personal_id="075090012345")
    with pytest.raises(IntegrityError, match="personal_id"), transaction.atomic():
        make_person(commune_a, personal_id="075090012345")


@pytest.mark.django_db
def test_a_name_prefix_with_like_is_answered_from_the_plain_index(commune_a):
    # name_folded has the "C" collation on PostgreSQL (migration 0002), so LIKE 'x%' (the
    # word-in-name filter of the search) can use its ordinary btree index.
    make_person(commune_a, full_name="Nguyễn Văn An", personal_id=None)
    plan = _plan(Person.objects.filter(name_folded__startswith="nguyen van "))
    assert "Seq Scan" not in plan and "SCAN registry_person\n" not in plan + "\n", plan
