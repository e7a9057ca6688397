"""Register pages over HTTP: happy paths, roles (403), area (404), audit of reads, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.models import Person, Residence
from cancuoc.registry.services import add_relative, create_household
from cancuoc.registry.tests.registry_builders import new_person
from cancuoc.testing import make_person, system_actor


@pytest.fixture
def person(commune_a):
    return new_person(commune_a, personal_id="075062012345", birth_date="03/1962",
                      full_name="Nguyễn Văn An")  # fmt: skip


def detail(person):
    return reverse("registry:person-detail", args=[person.pk])


def edit(person):
    return reverse("registry:person-edit", args=[person.pk])


def test_the_list_finds_a_name_typed_without_diacritics(client, officer, person):
    client.force_login(officer)
    response = client.get(reverse("registry:person-list"), {"q": "nguyen van an"})
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.text and "075062012345" in response.text
    assert "03/1962" in response.text  # partial birth date at its precision


def test_the_list_says_when_nothing_matches(client, outsider, person):
    client.force_login(outsider)
    response = client.get(reverse("registry:person-list"), {"q": "nguyen van an"})
    assert "Không tìm thấy công dân nào" in response.text
    assert "075062012345" not in response.text


def test_a_committee_viewer_gets_no_personal_records(client, viewer, person):
    client.force_login(viewer)
    assert client.get(reverse("registry:person-list")).status_code == 403
    assert client.get(detail(person)).status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(client, officer, commune_a,
                                                 django_assert_num_queries):  # fmt: skip
    client.force_login(officer)
    url = reverse("registry:person-list")
    for i in range(3):
        make_person(commune_a, full_name=f"Lê Văn Tư {i}", personal_id=None)
    # session, user, agency, its unit, communes for the filter, one page of people
    with django_assert_num_queries(6):
        first = client.get(url)
    for i in range(30):
        make_person(commune_a, full_name=f"Trần Thị Năm {i}", personal_id=None)
    with django_assert_num_queries(6):
        second = client.get(url)
    assert second.text.count("/dan-cu/") > first.text.count("/dan-cu/")


def test_a_search_runs_a_fixed_number_of_queries(client, officer, commune_a,
                                                 django_assert_num_queries):  # fmt: skip
    client.force_login(officer)
    for i in range(20):
        make_person(commune_a, full_name=f"Nguyễn Văn An {i}", personal_id=None)
    # session, user, agency, unit, communes; 2 match kinds x 2 scope branches; the page rows
    with django_assert_num_queries(10):
        response = client.get(reverse("registry:person-list"), {"q": "nguyen van an"})
    assert response.text.count("Nguyễn Văn An") == 20


def test_the_detail_page_shows_the_record_and_audits_the_read(client, officer, person, commune_a):
    household = create_household(code="HK01", unit=commune_a, head=person, actor=system_actor())
    wife = new_person(commune_a, full_name="Trần Thị Bích", sex="Nữ", birth_date="1965")
    add_relative(person, kind="spouse", relative=wife, actor=system_actor())
    client.force_login(officer)
    response = client.get(detail(person))
    assert response.status_code == 200
    assert "075062012345" in response.text and "03/1962" in response.text
    assert reverse("registry:household-detail", args=[household.pk]) in response.text
    assert detail(wife) in response.text  # the relative links to their record
    viewed = AuditEvent.objects.get(action="registry.person.viewed")
    assert (viewed.object_id, viewed.actor_user_id) == (str(person.pk), officer.pk)


def test_the_outsider_gets_404_for_a_record_of_another_commune(client, outsider, person):
    client.force_login(outsider)
    assert client.get(detail(person)).status_code == 404
    assert client.get(edit(person)).status_code == 404
    assert client.post(edit(person), {"full_name": "X"}).status_code == 404
    assert not AuditEvent.objects.filter(action="registry.person.viewed").exists()


def form_data(person, **overrides):
    from cancuoc.registry.forms import initial_of

    data = {k: ("" if v is None else v) for k, v in initial_of(person).items()}
    return data | overrides


def test_create_adds_a_person_and_opens_the_record(client, officer, commune_a):
    client.force_login(officer)
    data = {
        "full_name": "lê thị hoà",
        "birth_date": "1957",
        "sex": "female",
        "unit": "26041",
        "nationality": "VN",
        "status": "alive",
        "personal_id": "075157000123",
    }
    response = client.post(reverse("registry:person-create"), data)
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == detail(person)
    assert (person.full_name, person.birth_precision) == ("Lê Thị Hòa", "year")


def test_create_shows_vietnamese_errors_and_saves_nothing(client, officer, commune_a):
    client.force_login(officer)
    data = {
        "full_name": "Lê Thị Hoa",
        "birth_date": "30/02/1990",
        "sex": "female",
        "unit": "26041",
        "nationality": "VN",
        "status": "alive",
    }
    response = client.post(reverse("registry:person-create"), data)
    assert response.status_code == 200
    assert "Ngày 30/02/1990 không tồn tại" in response.text
    assert not Person.objects.exists()


def test_edit_saves_the_change_and_the_history_shows_old_and_new(client, officer, person):
    client.force_login(officer)
    response = client.post(edit(person), form_data(person, phone="0912 345 678"))
    assert response.status_code == 302
    page = client.get(detail(person)).text
    assert "Số thuê bao di động</strong>: — → 0912345678" in page


def test_a_concurrent_edit_is_refused_with_a_clear_message(client, officer, head, person):
    client.force_login(officer)
    stale = form_data(person, phone="0911111111")
    client.force_login(head)
    client.post(edit(person), form_data(person, phone="0922222222"))
    client.force_login(officer)
    response = client.post(edit(person), stale)
    assert response.status_code == 200
    assert "Hồ sơ đã được người khác cập nhật lúc" in response.text
    person.refresh_from_db()
    assert (person.phone, person.version) == ("0922222222", 2)


def test_the_household_page_lists_members_and_hides_from_outsiders(client, officer, outsider,
                                                                   person, commune_a):  # fmt: skip
    household = create_household(code="HK02", unit=commune_a, head=person, actor=system_actor())
    url = reverse("registry:household-detail", args=[household.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and "Chủ hộ" in response.text
    assert detail(person) in response.text
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_list_shows_temporary_residents_from_elsewhere_on_request(client, outsider, person,
                                                                      commune_b):  # fmt: skip
    Residence.objects.create(person=person, kind="temporary", unit=commune_b, address="Phòng 5")
    client.force_login(outsider)
    url = reverse("registry:person-list")
    assert "Nguyễn Văn An" not in client.get(url).text  # managed by commune A
    assert "Nguyễn Văn An" in client.get(url, {"residing": "1"}).text
