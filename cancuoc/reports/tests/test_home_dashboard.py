"""The home dashboard counts the register of the user's area, with its flaws."""

from __future__ import annotations

import datetime as dt

import time_machine

from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.models import IdentityDocument, Person, Residence
from cancuoc.reports.queries import dashboard
from cancuoc.testing import make_person

TODAY = dt.date(2026, 11, 22)


def _people(commune_a, commune_b):
    adult = make_person(
        commune_a, ethnicity="01", birth_registration_place="Đồng Nai", hometown="Đồng Nai"
    )
    IdentityDocument.objects.create(
        person=adult,
        kind="cccd",
        number=adult.personal_id,
        issued_on=dt.date(2021, 5, 1),
        expires_on=dt.date(2030, 5, 15),
    )
    child = make_person(
        commune_a,
        full_name="Trần Thị Bé",
        birth_date=dt.date(2020, 2, 29),
        sex="female",
        personal_id="075333000001",
    )  # year digits say 2033
    make_person(
        commune_a,
        full_name="Lê Văn Cụ",
        birth_date=dt.date(1940, 1, 1),
        personal_id=None,
        status=Person.Status.DEAD,
        death_date=dt.date(2025, 1, 1),
    )
    Residence.objects.create(
        person=child, kind="temporary", unit=commune_a, expires_on=dt.date(2026, 1, 1)
    )
    make_person(commune_b, full_name="Phạm Văn Ngoài", personal_id="075090099999")
    return adult, child


def test_it_counts_people_cards_and_flaws_in_scope(officer, commune_a, commune_b):
    _people(commune_a, commune_b)
    board = dashboard(scope_of_user(officer), TODAY)
    assert board.total == 3
    assert board.by_status == {"Còn sống": 2, "Đã chết": 1, "Mất tích": 0}
    bands = {r["band"]: r for r in board.card_by_band}
    assert bands["25-39"]["people"] == 1 and bands["25-39"]["holders"] == 1
    assert bands["6-13"]["people"] == 1 and bands["6-13"]["holders"] == 0
    assert board.flaws.id_inconsistent == 1
    assert board.flaws.missing_id == 1
    assert board.flaws.missing_fields == 1
    assert board.flaws.stale_temporary == 1


def test_provincial_officer_sees_both_communes(provincial, commune_a, commune_b):
    _people(commune_a, commune_b)
    board = dashboard(scope_of_user(provincial), TODAY)
    assert board.total == 4
    assert len(board.by_unit) == 2


@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0), tick=False)
def test_home_page_renders_in_vietnamese(client, officer, commune_a, commune_b):
    _people(commune_a, commune_b)
    client.force_login(officer)
    r = client.get("/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "Tổng quan dân cư" in body
    assert 'data-testid="total-people">3<' in body
    assert "22/11/2026" in body
    assert "Nguyễn Văn An" not in body  # no personal data on the dashboard
