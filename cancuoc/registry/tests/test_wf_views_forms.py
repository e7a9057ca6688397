"""Pages of DC01 (collection, phúc tra, coverage) and DC02 (file, review, apply)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cancuoc.registry.models import Person
from cancuoc.registry.workflows.collection import record_collection
from cancuoc.registry.workflows.corrections import approve_correction, submit_correction
from cancuoc.registry.workflows.models import Collection, CorrectionRequest
from cancuoc.testing import actor_for, make_person

NEW_PERSON = {
    "unit": "26041", "source": "direct", "collected_on": "02/03/2025", "form_no": "DC01-7",
    "full_name": "Trần Thị Mai", "birth_date": "02/03/1985", "sex": "female",
    "personal_id": "075185000321", "ethnicity": "01", "permanent_address": "Tổ 5, khu phố 2",
    "mother_name": "Lê Thị Hoa",
}  # fmt: skip


@pytest.fixture
def person(commune_a):
    return make_person(commune_a, full_name="Nguyễn Văn An", hometown="Biên Hòa")


def pending_collection(officer, person):
    return record_collection(person, unit=person.unit, declared={"hometown": "Nhơn Trạch"},
                             source="direct", collected_on=dt.date(2025, 1, 2),
                             actor=actor_for(officer))  # fmt: skip


def test_officer_collects_a_new_person_through_the_form(client, officer):
    client.force_login(officer)
    response = client.post(reverse("registry:dc01-create"), NEW_PERSON, follow=True)

    collection = Collection.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registry:dc01-detail", args=[collection.pk])
    assert collection.person.full_name == "Trần Thị Mai" and collection.form_no == "DC01-7"
    assert "Chờ phúc tra" in response.content.decode()


def test_a_bad_value_comes_back_next_to_its_field_and_writes_nothing(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("registry:dc01-create"), NEW_PERSON | {"birth_date": "31/02/1985"}
    )

    assert response.status_code == 200
    assert "Ngày 31/02/1985 không tồn tại" in response.content.decode()
    assert not Person.objects.exists() and not Collection.objects.exists()


def test_completing_shows_conflicts_with_a_dc02_link(client, officer, person):
    client.force_login(officer)
    url = reverse("registry:dc01-create") + f"?person={person.pk}"
    data = {"source": "household_book", "collected_on": "02/03/2025", "hometown": "Nhơn Trạch"}
    response = client.post(url, data, follow=True)

    page = response.content.decode()
    assert "Khác với dữ liệu trong hồ sơ" in page and "Nhơn Trạch" in page
    assert reverse("registry:dc02-create", args=[person.pk]) + "?field_1=hometown" in page


def test_a_second_officer_verifies_on_the_page(client, officer, head, person):
    collection = pending_collection(officer, person)
    client.force_login(head)
    url = reverse("registry:dc01-verify", args=[collection.pk])
    client.post(url, {"decision": "verified", "note": ""})

    collection.refresh_from_db()
    assert collection.status == Collection.Status.VERIFIED


def test_the_collector_is_refused_with_a_message(client, officer, person):
    collection = pending_collection(officer, person)
    client.force_login(officer)
    response = client.post(reverse("registry:dc01-verify", args=[collection.pk]),
                           {"decision": "verified"}, follow=True)  # fmt: skip

    assert "không được tự phúc tra" in response.content.decode()
    collection.refresh_from_db()
    assert collection.status == Collection.Status.PENDING


def test_outsiders_get_404_on_dc01_pages(client, officer, outsider, person):
    collection = pending_collection(officer, person)
    client.force_login(outsider)
    for url in (reverse("registry:dc01-detail", args=[collection.pk]),
                reverse("registry:dc01-create") + f"?person={person.pk}"):  # fmt: skip
        assert client.get(url).status_code == 404
    response = client.post(reverse("registry:dc01-verify", args=[collection.pk]),
                           {"decision": "verified"})  # fmt: skip
    assert response.status_code == 404
    collection.refresh_from_db()
    assert collection.status == Collection.Status.PENDING


def test_the_viewer_role_is_refused(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("registry:dc01-list")).status_code == 403
    assert client.get(reverse("registry:dc02-queue")).status_code == 403


def test_the_list_and_coverage_pages(client, officer, head, person, django_assert_num_queries):
    verified = pending_collection(officer, person)
    verified.status = Collection.Status.VERIFIED
    verified.save()
    make_person(person.unit, full_name="Chưa Thu", personal_id=None)
    client.force_login(head)

    with django_assert_num_queries(6):  # session, user, agency, unit (scope), count, page
        response = client.get(reverse("registry:dc01-list"))
    assert "Nguyễn Văn An" in response.content.decode()

    response = client.get(reverse("registry:dc01-coverage"))
    page = response.content.decode()
    assert 'id="share">50,0%' in page and "Phường Trảng Dài" in page


# --- DC02 -------------------------------------------------------------------------------


def dc02(officer, person):
    return submit_correction(person, changes=[("hometown", "Nhơn Trạch")],
                             document_ref="GKS 12/2024", reason="Sai quê quán",
                             actor=actor_for(officer))  # fmt: skip


def test_officer_files_a_dc02_form(client, officer, person):
    client.force_login(officer)
    data = {
        "field_1": "hometown",
        "value_1": "Nhơn Trạch",
        "field_2": "phone",
        "value_2": "0912 345 678",
        "document_ref": "GKS số 12",
        "reason": "Sai quê quán",
    }
    response = client.post(reverse("registry:dc02-create", args=[person.pk]), data, follow=True)

    request = CorrectionRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registry:dc02-detail", args=[request.pk])
    assert set(request.items.values_list("field", "requested_value")) == {
        ("hometown", "Nhơn Trạch"),
        ("phone", "0912345678"),
    }


def test_a_bad_line_is_reported_with_its_number(client, officer, person):
    client.force_login(officer)
    data = {"field_1": "email", "value_1": "khong-phai-email", "document_ref": "x", "reason": "y"}
    response = client.post(reverse("registry:dc02-create", args=[person.pk]), data)
    assert "Dòng 1 — Thư điện tử" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_the_head_sees_the_queue_approves_and_the_officer_applies(client, officer, head, person):
    request = dc02(officer, person)
    client.force_login(head)
    assert "Sai quê quán" not in client.get(reverse("registry:dc02-queue")).content.decode()
    assert f'href="{reverse("registry:dc02-detail", args=[request.pk])}"' in (
        client.get(reverse("registry:dc02-queue")).content.decode())  # fmt: skip

    client.post(reverse("registry:dc02-review", args=[request.pk]), {"decision": "approve"})
    client.force_login(officer)
    client.post(reverse("registry:dc02-apply", args=[request.pk]))

    person.refresh_from_db()
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.APPLIED and person.hometown == "Nhơn Trạch"


def test_rejecting_without_a_reason_shows_an_error(client, officer, head, person):
    request = dc02(officer, person)
    client.force_login(head)
    response = client.post(reverse("registry:dc02-review", args=[request.pk]),
                           {"decision": "reject", "note": ""}, follow=True)  # fmt: skip
    assert "Chưa nhập lý do từ chối" in response.content.decode()
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.SUBMITTED


def test_an_officer_cannot_review(client, officer, person):
    request = dc02(officer, person)
    client.force_login(officer)
    response = client.post(reverse("registry:dc02-review", args=[request.pk]),
                           {"decision": "approve"})  # fmt: skip
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.SUBMITTED


def test_outsiders_get_404_on_dc02_pages(client, officer, head, outsider, person):
    request = dc02(officer, person)
    approve_correction(request, actor=actor_for(head))
    client.force_login(outsider)
    assert client.get(reverse("registry:dc02-detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("registry:dc02-create", args=[person.pk])).status_code == 404
    assert client.post(reverse("registry:dc02-apply", args=[request.pk])).status_code == 404
    person.refresh_from_db()
    assert person.hometown == "Biên Hòa"


def test_the_queue_query_count_does_not_grow_with_rows(
    client, officer, head, person, django_assert_num_queries
):
    for n in range(3):
        submit_correction(person, changes=[("phone", f"091234567{n}")], document_ref="x",
                          reason="y", actor=actor_for(officer))  # fmt: skip
    client.force_login(head)
    with django_assert_num_queries(7):  # session, user, agency, unit, count, page, items
        client.get(reverse("registry:dc02-queue"))
