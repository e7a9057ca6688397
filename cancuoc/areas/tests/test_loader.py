"""The loader against the real vietnamadminunits package, loaded once for this module.

The load runs inside a transaction that is rolled back when the module ends, so other test
modules never see these 14 thousand units; each test runs in its own savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from cancuoc.accounts.audit import AuditEvent, verify_chain
from cancuoc.areas.loader import load_units
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.areas.queries import predecessors_of, successors_of, unit_by_code
from cancuoc.areas.services import retire_unit
from cancuoc.testing import system_actor

V2025, LEGACY = Unit.Scheme.V2025, Unit.Scheme.LEGACY
PROVINCE, DISTRICT, COMMUNE = Unit.Level.PROVINCE, Unit.Level.DISTRICT, Unit.Level.COMMUNE


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_units(actor=system_actor())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _count(scheme, level) -> int:
    return Unit.objects.filter(scheme=scheme, level=level).count()


def test_it_loads_the_current_structure(loaded, db):
    assert _count(V2025, PROVINCE) == 34
    assert _count(V2025, COMMUNE) == 3321
    assert _count(V2025, DISTRICT) == 0
    kinds = Counter(Unit.objects.filter(scheme=V2025).values_list("kind", flat=True))
    assert kinds == {"Xã": 2621, "Phường": 687, "Đặc khu": 13, "Tỉnh": 28, "Thành phố": 6}
    assert not Unit.objects.filter(scheme=V2025).exclude(valid_from=dt.date(2025, 7, 1)).exists()
    assert not Unit.objects.filter(scheme=V2025, valid_to__isnull=False).exists()


def test_it_loads_the_legacy_structure(loaded, db):
    assert _count(LEGACY, PROVINCE) == 63
    assert _count(LEGACY, DISTRICT) == 696
    assert _count(LEGACY, COMMUNE) == 10035
    assert not Unit.objects.filter(scheme=LEGACY).exclude(valid_to=dt.date(2025, 6, 30)).exists()
    assert loaded.created == {
        "v2025.province": 34,
        "v2025.commune": 3321,
        "legacy63.province": 63,
        "legacy63.district": 696,
        "legacy63.commune": 10035,
    }


def test_it_sets_parent_province_and_search_keys(loaded, db):
    ward = unit_by_code("25993", scheme=V2025)
    assert (ward.kind, ward.name, ward.name_folded, ward.name_key) == (
        "Phường",
        "Trảng Dài",
        "trang dai",
        "trangdai",
    )
    assert ward.parent == ward.province == unit_by_code("75", scheme=V2025, level=PROVINCE)
    assert ward.province.full_name == "Tỉnh Đồng Nai"
    old = unit_by_code("25993", scheme=LEGACY)
    assert old.parent.full_name == "Thành phố Biên Hòa"
    assert old.province.full_name == "Tỉnh Đồng Nai" and old.province.scheme == LEGACY
    assert not Unit.objects.filter(level=COMMUNE, parent__isnull=True).exists()


def test_it_prefers_the_name_prefix_over_a_wrong_type_column(loaded, db):
    # The package types "Phường Việt Hòa" (Hải Phòng) as "Xã"; the name is right.
    assert unit_by_code("10543", scheme=V2025).full_name == "Phường Việt Hòa"
    assert unit_by_code("27046", scheme=LEGACY).full_name == "Phường 5"


def test_bien_hoa_ward_is_formed_from_four_old_wards(loaded, db):
    # converter_2025.json: tinhdongnai / phuongbienhoa <- Bửu Hòa, Tân Vạn, Tân Hạnh, Hóa An.
    bien_hoa = unit_by_code("26068", scheme=V2025)
    olds = predecessors_of(bien_hoa)
    assert {u.code for u in olds} == {"26053", "26059", "26062", "26068"}
    assert {u.name for u in olds} == {"Bửu Hòa", "Tân Vạn", "Tân Hạnh", "Hóa An"}
    assert not any(u.link_partial for u in olds)


def test_a_divided_ward_links_to_each_part_with_one_default(loaded, db):
    # tinhdongnai_huyenxuanloc_xaxuantam -> xaxuandong, xaxuanhoa (isDefaultNewWard).
    xuan_tam = Unit.objects.get(scheme=LEGACY, level=COMMUNE, name="Xuân Tâm", province__code="75")
    parts = {u.name: (u.link_partial, u.link_default) for u in successors_of(xuan_tam)}
    assert parts == {"Xuân Hòa": (True, True), "Xuân Đông": (True, False)}


def test_island_districts_and_provinces_have_successors(loaded, db):
    con_dao = Unit.objects.get(scheme=LEGACY, level=DISTRICT, name="Côn Đảo")
    assert [u.full_name for u in successors_of(con_dao)] == ["Đặc khu Côn Đảo"]
    binh_phuoc = Unit.objects.get(scheme=LEGACY, level=PROVINCE, name="Bình Phước")
    assert [u.full_name for u in successors_of(binh_phuoc)] == ["Tỉnh Đồng Nai"]
    # Every legacy commune has a successor; exactly one default for each divided one.
    assert not Unit.objects.filter(scheme=LEGACY, level=COMMUNE, links_to_new=None).exists()
    defaults = Counter(
        UnitLink.objects.filter(is_partial=True, is_default=True).values_list("old", flat=True)
    )
    divided = set(UnitLink.objects.filter(is_partial=True).values_list("old", flat=True))
    assert set(defaults) == divided and set(defaults.values()) == {1}
    assert loaded.links_created == UnitLink.objects.count() == 10665


def test_it_writes_one_audit_event_with_the_counts(loaded, db):
    event = AuditEvent.objects.get(action="areas.units.loaded")
    assert event.data["units_created"] == 14149
    assert event.data["links_created"] == 10665
    assert event.data["source"].startswith("vietnamadminunits ")
    assert verify_chain().ok


def test_a_second_run_changes_nothing(loaded, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        report = load_units(actor=system_actor())
    assert not report.changed and report.units_created == report.links_created == 0
    assert AuditEvent.objects.filter(action="areas.units.loaded").count() == 1
    assert "không có thay đổi" in report.summary()


def test_a_reload_restores_a_corrupted_name_but_not_a_retirement(loaded, db):
    ward = unit_by_code("25993", scheme=V2025)
    Unit.objects.filter(pk=ward.pk).update(name="Trang Dai")
    retire_unit(ward, valid_to=dt.date(2026, 12, 31), actor=system_actor())
    report = load_units(actor=system_actor())
    ward.refresh_from_db()
    assert report.updated == ["v2025.commune.25993"]
    assert (ward.name, ward.valid_to) == ("Trảng Dài", dt.date(2026, 12, 31))


def test_the_command_prints_json(loaded, db, capsys):
    call_command("load_units", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["units_created"] == 0 and out["total_units"] == 14149
