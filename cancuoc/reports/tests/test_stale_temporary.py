"""Stale temporary residences are counted where the tạm trú is registered, whoever manages the person.

The demo showed 0 for its communes: the count only looked at temporary residences of people the
commune manages, while temporary residents are managed in their home commune; and a resident who
had gone home for six months or more was never counted.
"""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cancuoc.accounts.scope import Scope, scope_of_user
from cancuoc.registry.models import Residence
from cancuoc.reports.queries import dashboard, stale_temporary_residences
from cancuoc.testing import make_person

TODAY = dt.date(2026, 11, 22)


def _temporary(person, unit, *, expires_on, ended_on=None):
    return Residence.objects.create(person=person, kind="temporary", unit=unit,
                                    started_on=dt.date(2025, 1, 1), expires_on=expires_on,
                                    ended_on=ended_on)  # fmt: skip


def _away(person, unit, *, since):
    Residence.objects.create(person=person, kind="current", unit=unit, started_on=since)


@pytest.fixture
def residents_of_a(commune_a, commune_b):
    """People managed in commune B, registered as temporary residents of commune A."""
    make = make_person
    expired = make(commune_b, full_name="Hồ Văn Hết", personal_id="075090000101")
    gone = make(commune_b, full_name="Hồ Văn Đi", personal_id="075090000102")
    recent = make(commune_b, full_name="Hồ Văn Mới", personal_id="075090000103")
    valid = make(commune_b, full_name="Hồ Văn Còn", personal_id="075090000104")
    deleted = make(commune_b, full_name="Hồ Văn Xóa", personal_id="075090000105")
    _temporary(expired, commune_a, expires_on=dt.date(2026, 5, 1))
    _temporary(gone, commune_a, expires_on=dt.date(2027, 6, 1))
    _away(gone, commune_b, since=dt.date(2026, 5, 22))  # exactly six months before TODAY
    _temporary(recent, commune_a, expires_on=dt.date(2027, 6, 1))
    _away(recent, commune_b, since=dt.date(2026, 5, 23))  # a day short of six months
    _temporary(valid, commune_a, expires_on=dt.date(2027, 6, 1))
    _temporary(deleted, commune_a, expires_on=dt.date(2026, 5, 1), ended_on=dt.date(2026, 6, 1))
    return {"expired": expired, "gone": gone}


def test_the_commune_where_the_tam_tru_is_registered_counts_it(officer, residents_of_a):
    stale = stale_temporary_residences(scope_of_user(officer), TODAY)
    assert {r.person for r in stale} == {residents_of_a["expired"], residents_of_a["gone"]}
    assert dashboard(scope_of_user(officer), TODAY).flaws.stale_temporary == 2


def test_the_managing_commune_does_not_count_them_again(outsider, provincial, residents_of_a):
    assert dashboard(scope_of_user(outsider), TODAY).flaws.stale_temporary == 0
    assert dashboard(scope_of_user(provincial), TODAY).flaws.stale_temporary == 2


def test_the_synthetic_register_shows_its_planted_stale_residences(commune_a, commune_b, tmp_path):
    truth = tmp_path / "truth.csv"
    call_command("synth", "--people", "2000", "--seed", "13", "--db", "--truth", str(truth),
                 "--commune-count", "2", "--workers", "1", stdout=StringIO())  # fmt: skip
    planted = [
        row for row in csv.DictReader(truth.open(encoding="utf-8"))
        if row["defect"] == "stale_temporary"
    ]  # fmt: skip
    # This seed plants both kinds: an expired term, and six months or more back home.
    assert {"hết hạn" in r["detail"] for r in planted} == {True, False}
    stale = stale_temporary_residences(Scope(national=True), TODAY).select_related("person")
    assert sorted(r.person.record_id for r in stale) == sorted(r["record_id"] for r in planted)
    # Temporary residents are managed in their home commune, not where they stay.
    assert any(r.person.unit_id != r.unit_id for r in stale)
    for commune in (commune_a, commune_b):
        board = dashboard(Scope(commune_ids=frozenset({commune.pk})), TODAY)
        assert board.flaws.stale_temporary == sum(r.unit_id == commune.pk for r in stale) > 0
