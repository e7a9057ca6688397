"""GET /api/v1/people/by-id/{personal_id}: officers look a person up by ID number."""

from __future__ import annotations

from cancuoc.accounts.audit import AuditEvent
from cancuoc.api.tests.conftest import PERSON_ID, make_person

URL = "/api/v1/people/by-id/{}"


def test_officer_finds_person_of_own_commune(client_for, officer, person):
    response = client_for(officer).get(URL.format(PERSON_ID))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == person.pk
    assert body["personal_id"] == PERSON_ID
    assert body["full_name"] == "Nguyễn Văn An"
    assert body["birth_date"] == "15/05/1990"
    assert body["birth_date_iso"] == "1990-05-15"
    assert body["birth_precision"] == "day"
    assert (body["sex"], body["status"]) == ("male", "alive")
    assert body["unit"] == {"code": "26041", "name": "Phường Trảng Dài"}
    assert body["province"] == {"code": "75", "name": "Tỉnh Đồng Nai"}


def test_it_accepts_number_typed_with_spaces(client_for, officer, person):
    response = client_for(officer).get(URL.format("075 090 001 234"))
    assert response.json()["id"] == person.pk


def test_partial_birth_date_is_shown_at_its_precision(client_for, officer, commune_a):
    make_person(commune_a, birth_date="1950", personal_id="075050000777")
    body = client_for(officer).get(URL.format("075050000777")).json()
    assert (body["birth_date"], body["birth_date_iso"]) == ("1950", "1950-01-01")


def test_provincial_officer_finds_person_anywhere_in_province(client_for, provincial, person):
    assert client_for(provincial).get(URL.format(PERSON_ID)).json()["id"] == person.pk


def test_outsider_gets_404_for_the_same_number(client_for, outsider, person):
    response = client_for(outsider).get(URL.format(PERSON_ID))
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Không tìm thấy công dân trong địa bàn của bạn.",
    }
    assert not AuditEvent.objects.filter(action="registry.person.viewed").exists()


def test_unknown_number_gets_the_same_404(client_for, officer, person):
    response = client_for(officer).get(URL.format("075090999999"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_invalid_number_gets_400_with_vietnamese_reason(client_for, officer):
    response = client_for(officer).get(URL.format("12345"))
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_id_number",
        "message": "Số định danh phải gồm đúng 12 chữ số.",
    }


def test_unknown_province_code_is_named_in_the_error(client_for, officer):
    response = client_for(officer).get(URL.format("003090001234"))
    assert response.status_code == 400
    assert "“003”" in response.json()["message"]


def test_unauthenticated_gets_401_json(client, person):
    response = client.get(URL.format(PERSON_ID))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unauthenticated"


def test_committee_viewer_gets_403(client_for, viewer, person):
    response = client_for(viewer).get(URL.format(PERSON_ID))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_partner_key_gets_403_on_this_officer_endpoint(client, partner_key, person):
    response = client.get(URL.format(PERSON_ID), headers={"X-API-Key": partner_key.token})
    assert response.status_code == 403
    assert response.json()["code"] == "partner_not_allowed"
    assert not AuditEvent.objects.filter(action="registry.person.viewed").exists()


def test_it_writes_audit_event_with_channel_api(client_for, officer, person):
    client_for(officer).get(URL.format(PERSON_ID))
    event = AuditEvent.objects.get(action="registry.person.viewed")
    assert event.channel == "api"
    assert (event.object_type, event.object_id) == ("registry.person", str(person.pk))
    assert (event.actor_user_id, event.actor_agency_id) == (officer.pk, officer.agency_id)


def test_it_uses_a_fixed_number_of_queries(client_for, officer, person, django_assert_num_queries):
    client = client_for(officer)
    client.get(URL.format(PERSON_ID))  # the first audit event also creates the chain head
    # session, user, agency, agency unit (scope), person with its units; then the audit
    # append: savepoint, lock head, insert event, update head, release
    with django_assert_num_queries(10):
        assert client.get(URL.format(PERSON_ID)).status_code == 200
