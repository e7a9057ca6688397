"""add_unit and retire_unit: validation with Vietnamese messages, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.areas.errors import AreasError
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.areas.naming import KINDS
from cancuoc.areas.services import LEVEL_KINDS, add_unit, retire_unit
from cancuoc.testing import make_unit, system_actor

V2025, LEGACY = Unit.Scheme.V2025, Unit.Scheme.LEGACY
COMMUNE = Unit.Level.COMMUNE
JAN_2026, DEC_2025 = dt.date(2026, 1, 1), dt.date(2025, 12, 31)


def _add(province, **overrides):
    fields = dict(
        scheme=V2025,
        level=COMMUNE,
        code="26999",
        name="Phước  Tân Mới",
        kind="Phường",
        parent=province,
        valid_from=JAN_2026,
        actor=system_actor(),
    )
    return add_unit(**{**fields, **overrides})


def test_every_kind_belongs_to_a_level():
    assert {k for kinds in LEVEL_KINDS.values() for k in kinds} == set(KINDS)


def test_it_adds_a_commune_under_its_province(province):
    unit = _add(province)
    assert (unit.full_name, unit.code, unit.province, unit.valid_from) == (
        "Phường Phước Tân Mới",
        "26999",
        province,
        JAN_2026,
    )
    assert unit.name_key == "phuoctanmoi"


def test_it_writes_an_audit_event(province):
    unit = _add(province)
    event = AuditEvent.objects.get(action="areas.unit.created")
    assert event.object_id == str(unit.pk)
    assert event.data["code"] == [None, "26999"]
    assert event.data["valid_from"] == [None, "2026-01-01"]


def test_it_rejects_a_duplicate_code(province, commune_a):
    with pytest.raises(AreasError, match="Mã 26041 đã được dùng cho Phường Trảng Dài"):
        _add(province, code="26041")
    assert not AuditEvent.objects.filter(action="areas.unit.created").exists()


def test_it_rejects_a_commune_without_parent(db):
    with pytest.raises(AreasError, match="Chưa chọn đơn vị cấp trên"):
        _add(None)


def test_it_rejects_a_parent_of_another_structure_or_level(province, commune_a):
    legacy_province = make_unit(
        code="75", name="Đồng Nai", kind="Tỉnh", level="province", scheme=LEGACY
    )
    with pytest.raises(AreasError, match="Đơn vị cấp trên phải là tỉnh/thành phố"):
        _add(legacy_province)
    with pytest.raises(AreasError, match="Đơn vị cấp trên phải là"):
        _add(commune_a)


def test_it_rejects_a_parent_not_valid_on_the_start_date(province):
    with pytest.raises(AreasError, match="không có hiệu lực vào ngày 01/01/2025"):
        _add(province, valid_from=dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "26a99"}, "chỉ gồm chữ số"),
        ({"name": "   "}, "Tên đơn vị không được để trống"),
        ({"kind": "Huyện"}, "Loại đơn vị «Huyện» không hợp lệ"),
        ({"level": "district"}, "không có cấp «Quận/huyện»"),
        ({"valid_from": None}, "Chưa nhập ngày có hiệu lực"),
    ],
)
def test_it_rejects_bad_fields(province, overrides, message):
    if overrides.get("level") == "district":
        overrides["kind"] = "Huyện"
    with pytest.raises(AreasError, match=message):
        _add(province, **overrides)
    assert not Unit.objects.filter(code="26999").exists()


def test_retire_sets_the_last_day_and_links_the_successor(commune_a, commune_b):
    successor = _add(commune_a.province)
    retire_unit(commune_a, valid_to=DEC_2025, successor=successor, actor=system_actor())
    commune_a.refresh_from_db()
    assert commune_a.valid_to == DEC_2025
    link = UnitLink.objects.get(old=commune_a)
    assert (link.new, link.effective_on, link.is_partial) == (successor, JAN_2026, False)
    event = AuditEvent.objects.get(action="areas.unit.retired")
    assert event.data["valid_to"] == [None, "2025-12-31"]
    assert event.data["successor"][1]["code"] == "26999"


def test_retire_rejects_an_end_before_the_start(commune_a):
    with pytest.raises(AreasError, match="không được trước ngày có hiệu lực 01/07/2025"):
        retire_unit(commune_a, valid_to=dt.date(2025, 6, 1), actor=system_actor())
    commune_a.refresh_from_db()
    assert commune_a.valid_to is None


def test_retire_rejects_a_unit_already_retired(commune_a):
    retire_unit(commune_a, valid_to=DEC_2025, actor=system_actor())
    with pytest.raises(AreasError, match="đã hết hiệu lực từ sau ngày 31/12/2025"):
        retire_unit(commune_a, valid_to=JAN_2026, actor=system_actor())
    assert AuditEvent.objects.filter(action="areas.unit.retired").count() == 1


def test_retire_rejects_a_successor_not_yet_valid(commune_a, commune_b):
    later = _add(commune_a.province, valid_from=dt.date(2026, 3, 1))
    with pytest.raises(AreasError, match="không có hiệu lực vào ngày 01/01/2026"):
        retire_unit(commune_a, valid_to=DEC_2025, successor=later, actor=system_actor())
    with pytest.raises(AreasError, match="đơn vị khác, cùng cấp"):
        retire_unit(commune_a, valid_to=DEC_2025, successor=commune_a, actor=system_actor())
    assert not UnitLink.objects.exists()


def test_retire_refuses_a_province_with_live_communes(province, commune_a):
    with pytest.raises(AreasError, match="còn 1 đơn vị trực thuộc có hiệu lực"):
        retire_unit(province, valid_to=DEC_2025, actor=system_actor())
