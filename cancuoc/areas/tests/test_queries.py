"""Finding units by folded name or code, on a date, and resolving what import files say."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.areas.errors import AreasError
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.areas.naming import parse_typed_name
from cancuoc.areas.queries import (
    UnitResolver,
    current_communes_of,
    find_units,
    predecessors_of,
    resolve_unit,
    successors_of,
    unit_by_code,
    units_valid_on,
)
from cancuoc.testing import make_province, make_unit

LEGACY = Unit.Scheme.LEGACY
AUG_2025, JAN_2024 = dt.date(2025, 8, 1), dt.date(2024, 1, 1)


@pytest.fixture
def world(province, commune_a, commune_b):
    """Đồng Nai (current and legacy), Hà Nội, two current "Tân Phú", an old ward merged away."""
    hanoi = make_province(code="01", name="Hà Nội", kind="Thành phố")
    old_dn = make_unit(code="75", name="Đồng Nai", kind="Tỉnh", level="province", scheme=LEGACY)
    UnitLink.objects.create(old=old_dn, new=province)
    bien_hoa = make_unit(
        code="731",
        name="Biên Hòa",
        kind="Thành phố",
        level="district",
        scheme=LEGACY,
        parent=old_dn,
    )
    hoa_an = make_unit(code="26001", name="Hóa An", kind="Phường", scheme=LEGACY, parent=bien_hoa)
    new_bien_hoa = make_unit(code="26069", name="Biên Hòa", kind="Phường", parent=province)
    UnitLink.objects.create(old=hoa_an, new=new_bien_hoa)
    return {
        "hanoi": hanoi,
        "hoa_an": hoa_an,
        "new_bien_hoa": new_bien_hoa,
        "tan_phu_dn": make_unit(code="26116", name="Tân Phú", kind="Xã", parent=province),
        "tan_phu_hn": make_unit(code="00100", name="Tân Phú", kind="Phường", parent=hanoi),
        "lan": make_unit(code="00200", name="Lan", kind="Xã", parent=hanoi),
        "lan_accent": make_unit(code="00201", name="Lân", kind="Xã", parent=hanoi),
    }


@pytest.mark.parametrize(
    ("typed", "kind", "name"),
    [
        ("Phường Trảng Dài", "Phường", "Trảng Dài"),
        ("P. Trang Dai", "Phường", "Trang Dai"),
        ("tp.HCM", "Thành phố", "HCM"),
        ("Thị xã Long Khánh", "Thị xã", "Long Khánh"),
        ("Xà Phiên", None, "Xà Phiên"),  # a name starting like "Xã", not the kind
        ("Tân  Phú", None, "Tân Phú"),
    ],
)
def test_typed_names_split_into_kind_and_name(typed, kind, name):
    parsed = parse_typed_name(typed)
    assert (parsed.kind, parsed.name) == (kind, name)


def test_find_units_matches_names_without_diacritics(world, commune_a):
    assert find_units("trang dai") == [commune_a]
    assert find_units("phuong trang dai") == [commune_a]
    found = find_units("bien hoa")
    assert [u.full_name for u in found] == ["Phường Biên Hòa", "Thành phố Biên Hòa"]
    assert find_units("bien hoa", scheme=LEGACY) == [found[1]]


def test_find_units_ranks_exact_names_before_partial_ones(world, commune_a):
    make_unit(code="26500", name="Trảng Dài Mới", kind="Xã", parent=commune_a.province)
    assert [u.name for u in find_units("trang dai")] == ["Trảng Dài", "Trảng Dài Mới"]


def test_find_units_by_code_with_or_without_leading_zeros(world):
    assert find_units("100") == [world["tan_phu_hn"]]
    assert unit_by_code("1", level="province") == world["hanoi"]
    assert unit_by_code("26001") is None  # only the legacy structure has it
    assert unit_by_code("26001", scheme=LEGACY) == world["hoa_an"]


def test_units_valid_on_a_date(world):
    assert world["hoa_an"] in units_valid_on(JAN_2024)
    assert world["hoa_an"] not in units_valid_on(AUG_2025)
    assert world["new_bien_hoa"] in units_valid_on(AUG_2025)


def test_crosswalk_both_ways(world):
    assert list(successors_of(world["hoa_an"])) == [world["new_bien_hoa"]]
    assert list(predecessors_of(world["new_bien_hoa"])) == [world["hoa_an"]]


def test_current_communes_of_a_province_old_or_new(world, province, commune_a):
    names = {u.name for u in current_communes_of(province, on=AUG_2025)}
    assert names == {"Trảng Dài", "Tam Hiệp", "Biên Hòa", "Tân Phú"}
    old_dn = world["hoa_an"].province
    assert set(current_communes_of(old_dn, on=AUG_2025)) == set(
        current_communes_of(province, on=AUG_2025)
    )


def test_resolve_accepts_a_name_without_diacritics(world, commune_a):
    assert resolve_unit("trang dai", on=AUG_2025) == commune_a
    assert resolve_unit("P. Trảng Dài, Tỉnh Đồng Nai", on=AUG_2025) == commune_a
    assert resolve_unit("26041", on=AUG_2025) == commune_a


def test_resolve_names_the_ambiguity_and_how_to_lift_it(world):
    with pytest.raises(AreasError) as exc:
        resolve_unit("tan phu", on=AUG_2025)
    message = exc.value.message
    assert "khớp với 2 đơn vị" in message
    assert "Xã Tân Phú (Tỉnh Đồng Nai, mã 26116)" in message
    assert "Phường Tân Phú (Thành phố Hà Nội, mã 00100)" in message
    assert "Hãy ghi thêm tên tỉnh" in message
    assert resolve_unit("tan phu, ha noi", on=AUG_2025) == world["tan_phu_hn"]
    assert resolve_unit("Xã Tân Phú", on=AUG_2025) == world["tan_phu_dn"]


def test_resolve_says_when_a_unit_was_not_valid_on_the_date(world):
    with pytest.raises(
        AreasError,
        match=r"Phường Hóa An .* không còn hiệu lực vào ngày "
        r"01/08/2025 .* nay thuộc Phường Biên Hòa",
    ):
        resolve_unit("hoa an", on=AUG_2025)
    assert resolve_unit("Hóa An, Biên Hòa, Đồng Nai", on=JAN_2024) == world["hoa_an"]
    with pytest.raises(AreasError, match="chỉ có hiệu lực từ ngày 01/07/2025"):
        resolve_unit("26069", on=JAN_2024)


def test_resolve_reports_unknown_units_and_provinces(world):
    with pytest.raises(AreasError, match="Không tìm thấy đơn vị hành chính «Atlantis»"):
        resolve_unit("Atlantis", on=AUG_2025)
    with pytest.raises(AreasError, match="Không tìm thấy tỉnh/thành phố «Atlantis»"):
        resolve_unit("Trảng Dài, Atlantis", on=AUG_2025)
    with pytest.raises(AreasError, match="«Trảng Dài» không thuộc «Hà Nội»"):
        resolve_unit("Trảng Dài, Hà Nội", on=AUG_2025)
    with pytest.raises(AreasError, match="Chưa ghi tên hoặc mã"):
        resolve_unit("  ", on=AUG_2025)


def test_resolve_treats_a_diacritic_difference_as_evidence(world):
    assert resolve_unit("Lân", on=AUG_2025) == world["lan_accent"]
    assert resolve_unit("Xã Lân, Hà Nội", on=AUG_2025) == world["lan_accent"]
    assert resolve_unit("Lan, Hà Nội", on=AUG_2025) == world["lan"]  # written with marks
    with pytest.raises(AreasError, match="khớp với 2 đơn vị"):
        resolve_unit("Lan", on=AUG_2025)  # no marks at all: they may have been dropped


def test_resolver_for_imports_gives_the_same_answers(world, commune_a, django_assert_num_queries):
    resolve = UnitResolver(on=AUG_2025)
    with django_assert_num_queries(0):
        assert resolve("trang dai, dong nai") == commune_a
        assert resolve("Tân Phú, Hà Nội") == world["tan_phu_hn"]
        with pytest.raises(AreasError, match="nay thuộc Phường Biên Hòa"):
            resolve("hoa an")
        with pytest.raises(AreasError, match="khớp với 2 đơn vị"):
            resolve("tan phu")
