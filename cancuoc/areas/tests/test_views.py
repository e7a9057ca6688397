"""Units pages: everyone signed in browses; PC06 and admins add and retire, in their area."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.models import Agency, User
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.testing import make_agency, make_province, make_unit, make_user

LIST = reverse("areas:unit-list")
ADD = reverse("areas:unit-add")


def _retire_url(unit) -> str:
    return reverse("areas:unit-retire", args=[unit.pk])


@pytest.fixture
def old_ward(commune_a):
    legacy = make_unit(code="26000", name="Hóa An", kind="Phường", scheme=Unit.Scheme.LEGACY)
    UnitLink.objects.create(old=legacy, new=commune_a, is_partial=True)
    return legacy


@pytest.fixture
def hanoi_officer(db):
    hanoi = make_province(code="01", name="Hà Nội", kind="Thành phố")
    agency = make_agency(hanoi, kind=Agency.Kind.PROVINCE_POLICE, name="PC06 Hà Nội")
    return make_user(agency, role=User.Role.PROVINCIAL_OFFICER, username="pc06hn")


def _new_commune(**overrides):
    data = {
        "scheme": "v2025",
        "level": "commune",
        "code": "26999",
        "kind": "Phường",
        "name": "Phước Tân",
        "parent_code": "75",
        "valid_from": "01/01/2026",
    }
    return {**data, **overrides}


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_viewer_browses_units_with_crosswalk(client, viewer, commune_a, commune_b, old_ward):
    client.force_login(viewer)
    response = client.get(LIST)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trảng Dài" in body and "Tam Hiệp" in body
    assert "Hóa An" in body and "một phần" in body  # predecessor of Trảng Dài
    assert "01/07/2025" in body
    assert "Hóa An</a></td>" not in body  # legacy units hidden under "hiện hành"


def test_list_query_count_does_not_grow_with_units(
    client, viewer, commune_a, old_ward, django_assert_num_queries
):
    for i in range(30):
        make_unit(code=f"27{i:03d}", name=f"Xã {i}", parent=commune_a.province)
    client.force_login(viewer)
    # session, user, agency (header); provinces, count, page, two crosswalk prefetches
    with django_assert_num_queries(8):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 32


def test_search_by_folded_name_and_by_code(client, viewer, commune_a, commune_b, old_ward):
    client.force_login(viewer)
    page = client.get(LIST, {"q": "trang dai"}).context["page"]
    assert [u.name for u in page] == ["Trảng Dài"]
    page = client.get(LIST, {"q": "26068"}).context["page"]
    assert [u.name for u in page] == ["Tam Hiệp"]
    page = client.get(LIST, {"q": "hoa an", "scheme": "legacy63"}).context["page"]
    assert [u.name for u in page] == ["Hóa An"]
    page = client.get(LIST, {"q": "hoa an", "scheme": "all"}).context["page"]
    assert [u.name for u in page] == ["Hóa An"]


def test_filters_ignore_bad_values(client, viewer, commune_a):
    client.force_login(viewer)
    response = client.get(LIST, {"province": "abc", "level": "planet", "page": "9999"})
    assert response.status_code == 200
    assert [u.name for u in response.context["page"]] == ["Đồng Nai", "Trảng Dài"]


def test_province_filter(client, viewer, commune_a, hanoi_officer):
    hanoi = hanoi_officer.agency.unit
    make_unit(code="00004", name="Ba Đình", kind="Phường", parent=hanoi)
    client.force_login(viewer)
    page = client.get(LIST, {"province": hanoi.pk, "level": "commune"}).context["page"]
    assert [u.name for u in page] == ["Ba Đình"]


def test_detail_shows_children_and_crosswalk(client, officer, province, commune_a, old_ward):
    client.force_login(officer)
    body = client.get(reverse("areas:unit-detail", args=[province.pk])).content.decode()
    assert "Đơn vị trực thuộc (1)" in body and "Trảng Dài" in body
    assert "Cho hết hiệu lực" not in body  # officers cannot change units
    body = client.get(reverse("areas:unit-detail", args=[old_ward.pk])).content.decode()
    assert "Chuyển thành (1)" in body and "Phường Trảng Dài" in body
    assert client.get(reverse("areas:unit-detail", args=[999999])).status_code == 404


def test_provincial_officer_adds_a_commune(client, provincial, province):
    client.force_login(provincial)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, _new_commune())
    unit = Unit.objects.get(code="26999")
    assert response.status_code == 302 and response.url == f"/don-vi/{unit.pk}/"
    assert (unit.province, unit.valid_from) == (province, dt.date(2026, 1, 1))
    assert AuditEvent.objects.get(action="areas.unit.created").actor_label == "pc06"


@pytest.mark.parametrize("persona", ["officer", "head", "viewer", "auditor"])
def test_other_roles_get_a_vietnamese_403(client, request, persona, province):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(ADD, _new_commune())
    assert response.status_code == 403
    assert "Bạn không có quyền" in response.content.decode()
    assert not Unit.objects.filter(code="26999").exists()


def test_add_shows_service_errors_and_writes_nothing(client, provincial, commune_a):
    client.force_login(provincial)
    response = client.post(ADD, _new_commune(code="26041"))
    assert response.status_code == 200
    assert "Mã 26041 đã được dùng cho Phường Trảng Dài" in response.content.decode()
    response = client.post(ADD, _new_commune(parent_code="99", valid_from="31/02/2026"))
    body = response.content.decode()
    assert "Không tìm thấy tỉnh/thành phố mã «99»" in body
    assert "Ngày có hiệu lực: ngày không hợp lệ" in body
    assert not AuditEvent.objects.filter(action="areas.unit.created").exists()


def test_provincial_officer_cannot_add_in_another_province(client, hanoi_officer, province):
    client.force_login(hanoi_officer)
    response = client.post(ADD, _new_commune())
    assert "thuộc tỉnh mình quản lý" in response.content.decode()
    assert not Unit.objects.filter(code="26999").exists()


def test_provincial_officer_retires_a_commune_with_successor(
    client, provincial, commune_a, commune_b
):
    client.force_login(provincial)
    response = client.post(
        _retire_url(commune_a), {"valid_to": "30/06/2026", "successor_code": "26068"}
    )
    assert response.status_code == 302
    commune_a.refresh_from_db()
    assert commune_a.valid_to == dt.date(2026, 6, 30)
    assert UnitLink.objects.get(old=commune_a).new == commune_b


def test_retire_shows_a_bad_date_in_vietnamese(client, provincial, commune_a):
    client.force_login(provincial)
    response = client.post(_retire_url(commune_a), {"valid_to": "01/01/2025"})
    assert "không được trước ngày có hiệu lực 01/07/2025" in response.content.decode()
    commune_a.refresh_from_db()
    assert commune_a.valid_to is None


def test_retire_is_forbidden_to_officers_and_other_provinces(
    client, officer, hanoi_officer, commune_a, province
):
    for user in (officer, hanoi_officer):
        client.force_login(user)
        assert client.post(_retire_url(commune_a), {"valid_to": "30/06/2026"}).status_code == 403
    commune_a.refresh_from_db()
    assert commune_a.valid_to is None


def test_provinces_are_retired_by_admins_only(client, provincial, province):
    client.force_login(provincial)
    assert client.get(_retire_url(province)).status_code == 403
    admin = make_user(None, role=User.Role.ADMIN, username="admin")
    client.force_login(admin)
    assert client.get(_retire_url(province)).status_code == 200


def test_search_endpoint_returns_json(client, officer, commune_a):
    client.force_login(officer)
    results = client.get(reverse("areas:unit-search"), {"q": "trang"}).json()["results"]
    assert results == [
        {"id": commune_a.pk, "code": "26041", "label": "Phường Trảng Dài (Tỉnh Đồng Nai, mã 26041)"}
    ]


def test_detail_offers_changes_only_where_they_make_sense(client, provincial, province, commune_a):
    client.force_login(provincial)
    body = client.get(reverse("areas:unit-detail", args=[province.pk])).content.decode()
    assert "level=commune" in body and "Cho hết hiệu lực" not in body  # provinces: admins
    body = client.get(reverse("areas:unit-detail", args=[commune_a.pk])).content.decode()
    assert "Thêm đơn vị trực thuộc" not in body and "Cho hết hiệu lực" in body
