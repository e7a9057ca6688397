"""Pages of the population events: birth, death, moves, temporary residence, absence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cancuoc.registry.models import Person, Residence
from cancuoc.registry.services import add_residence
from cancuoc.registry.workflows.events import move_permanent_residence
from cancuoc.registry.workflows.models import Absence, LockRequest, Move
from cancuoc.registry.workflows.residence_events import declare_absence
from cancuoc.testing import actor_for, make_person


@pytest.fixture
def mother(commune_a, officer):
    person = make_person(commune_a, full_name="Trần Thị Lan", sex="female",
                         birth_date=dt.date(1992, 3, 4), personal_id="075192000001")  # fmt: skip
    add_residence(person, kind="permanent", unit=commune_a, address="Tổ 1, ấp 2",
                  started_on=dt.date(2015, 1, 1), actor=actor_for(officer))  # fmt: skip
    return person


def card(person, **extra):
    """What the citizen shows at the counter: number, name and birth date."""
    return {"personal_id": person.personal_id, "full_name": person.full_name.upper(),
            "birth_date": "04/03/1992"} | extra  # fmt: skip


def test_officer_registers_a_birth(client, officer, mother):
    client.force_login(officer)
    data = {"mother_id": mother.personal_id, "full_name": "Nguyễn Gia Bảo",
            "birth_date": "01/09/2025", "sex": "male"}  # fmt: skip
    response = client.post(reverse("registry:birth-create"), data, follow=True)

    child = Person.objects.get(full_name="Nguyễn Gia Bảo")
    assert response.redirect_chain[-1][0] == reverse("registry:person-detail", args=[child.pk])
    assert child.personal_id.startswith("0752") and child.personal_id in response.content.decode()


def test_a_parent_outside_the_area_is_not_found(client, outsider, mother):
    client.force_login(outsider)
    data = {"mother_id": mother.personal_id, "full_name": "Bé Ngoài", "birth_date": "01/09/2025",
            "sex": "male"}  # fmt: skip
    response = client.post(reverse("registry:birth-create"), data)
    assert "Không có công dân với số định danh này trong địa bàn" in response.content.decode()
    assert Person.objects.count() == 1


def test_officer_records_a_death(client, officer, mother):
    client.force_login(officer)
    url = reverse("registry:death-create", args=[mother.pk])
    client.post(url, {"death_date": "02/10/2025", "document_ref": "Trích lục khai tử 5/2025"})

    mother.refresh_from_db()
    assert mother.status == "dead" and mother.residences.get().ended_on == dt.date(2025, 10, 2)


def test_a_death_in_the_future_is_refused_on_the_page(client, officer, mother):
    client.force_login(officer)
    url = reverse("registry:death-create", args=[mother.pk])
    response = client.post(url, {"death_date": "02/10/2999", "document_ref": "x"})
    assert response.status_code == 200 and "02/10/2999" in response.content.decode()
    mother.refresh_from_db()
    assert mother.status == "alive"


def test_the_new_commune_registers_a_move_with_the_citizens_card(client, outsider, mother):
    client.force_login(outsider)  # an officer of commune B, where she moves
    data = card(mother, unit="26068", address="Số 9, đường 3", moved_on="01/09/2025")
    response = client.post(reverse("registry:move-create"), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("registry:moves-in")
    assert "Trần Thị Lan" in response.content.decode()
    mother.refresh_from_db()
    assert mother.unit.code == "26068" and Move.objects.count() == 1


def test_a_card_that_does_not_match_is_refused_without_saying_why(client, outsider, mother):
    client.force_login(outsider)
    data = card(mother, birth_date="05/03/1992", unit="26068", address="x", moved_on="01/09/2025")
    response = client.post(reverse("registry:move-create"), data)
    assert (
        "Không tìm thấy công dân có số định danh, họ tên và ngày sinh" in response.content.decode()
    )
    assert not Move.objects.exists()


def test_the_old_commune_sees_the_person_in_moved_out(client, officer, outsider, mother):
    client.force_login(outsider)
    client.post(reverse("registry:move-create"),
                card(mother, unit="26068", address="Số 9", moved_on="01/09/2025"))  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("registry:moves-out")).content.decode()
    assert "Trần Thị Lan" in page and "Phường Tam Hiệp" in page
    assert "Số 9" not in page  # the new address is not shown to the old commune
    assert client.get(reverse("registry:person-detail", args=[mother.pk])).status_code == 404


def test_temporary_residence_register_extend_and_delete_pages(client, outsider, mother):
    client.force_login(outsider)
    data = card(mother, unit="26068", address="Phòng trọ 4", started_on="01/01/2026",
                expires_on="01/01/2027")  # fmt: skip
    response = client.post(reverse("registry:temp-create"), data, follow=True)
    assert "Phòng trọ 4" in response.content.decode()
    stay = Residence.objects.get(kind="temporary")

    client.post(reverse("registry:temp-extend", args=[stay.pk]), {"new_expires_on": "01/01/2029"})
    stay.refresh_from_db()
    assert stay.expires_on == dt.date(2029, 1, 1)

    client.post(
        reverse("registry:temp-delete", args=[stay.pk]), {"reason": "e", "on": "02/01/2026"}
    )
    stay.refresh_from_db()
    assert stay.ended_on == dt.date(2026, 1, 2) and "chấm dứt việc thuê" in stay.end_reason


def test_a_term_over_two_years_is_refused_on_the_page(client, outsider, mother):
    client.force_login(outsider)
    data = card(mother, unit="26068", address="Phòng 4", started_on="01/01/2026",
                expires_on="02/01/2028")  # fmt: skip
    response = client.post(reverse("registry:temp-create"), data)
    assert "không quá 2 năm" in response.content.decode()
    assert not Residence.objects.filter(kind="temporary").exists()


def test_the_commune_of_a_stay_is_the_only_one_to_extend_it(client, officer, outsider, mother):
    stay = add_residence(mother, kind="temporary", unit=outsider.agency.unit, address="Phòng 4",
                         started_on=dt.date(2026, 1, 1), actor=actor_for(outsider))  # fmt: skip
    other = make_person(mother.unit, full_name="Người Khác", personal_id=None)
    client.force_login(officer)  # commune A sees its resident, not commune B's registration
    url = reverse("registry:temp-extend", args=[stay.pk])
    assert client.post(url, {"new_expires_on": "01/01/2028"}).status_code == 404
    assert other.pk and client.get(reverse("registry:temp-list")).status_code == 200


def test_absence_declare_list_and_return(client, officer, outsider, mother):
    client.force_login(officer)
    data = {"starts_on": "01/09/2025", "ends_on": "01/09/2035", "destination": "Hàn Quốc",
            "reason": "Lao động"}  # fmt: skip
    response = client.post(reverse("registry:absence-create", args=[mother.pk]), data, follow=True)
    absence = Absence.objects.get()
    assert "Hàn Quốc" in response.content.decode()

    client.force_login(outsider)
    url = reverse("registry:absence-return", args=[absence.pk])
    assert client.post(url, {"returned_on": "01/10/2025"}).status_code == 404
    client.force_login(officer)
    client.post(url, {"returned_on": "01/10/2025"})
    absence.refresh_from_db()
    assert absence.returned_on == dt.date(2025, 10, 1)


def test_outsiders_get_404_on_person_event_pages(client, outsider, mother):
    client.force_login(outsider)
    for name in ("death-create", "absence-create", "person-workflows"):
        assert client.get(reverse(f"registry:{name}", args=[mother.pk])).status_code == 404


def test_roles_without_write_access_are_refused(client, viewer, auditor, mother):
    client.force_login(viewer)
    assert client.get(reverse("registry:birth-create")).status_code == 403
    client.force_login(auditor)
    assert client.get(reverse("registry:move-create")).status_code == 403
    assert client.get(reverse("registry:death-create", args=[mother.pk])).status_code == 403


def test_the_person_hub_lists_workflow_records(client, officer, mother):
    declare_absence(mother, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 9, 1),
                    destination="Hà Nội", reason="Học tập", actor=actor_for(officer))  # fmt: skip
    LockRequest.objects.create(person=mother, target="eid", reason="Người đã chết",
                               requested_by="x")  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("registry:person-workflows", args=[mother.pk])).content.decode()
    assert "Hà Nội" in page and "Người đã chết" in page
    assert reverse("registry:dc02-create", args=[mother.pk]) in page


def test_list_pages_have_a_fixed_number_of_queries(
    client, officer, commune_a, commune_b, django_assert_num_queries
):
    actor = actor_for(officer)
    for n in range(3):
        person = make_person(commune_a, full_name=f"Người Số {n}", personal_id=None)
        declare_absence(person, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2035, 9, 1),
                        destination="Hà Nội", reason="Học tập", actor=actor)  # fmt: skip
        add_residence(person, kind="temporary", unit=commune_a, address=f"Phòng {n}",
                      started_on=dt.date(2025, 9, 1), actor=actor)  # fmt: skip
        move_permanent_residence(person, to_unit=commune_b, address="Số 1",
                                 moved_on=dt.date(2025, 10, 1), actor=actor)  # fmt: skip
    client.force_login(officer)
    for name in ("absence-list", "temp-list", "moves-out"):
        with django_assert_num_queries(6):  # session, user, agency, unit, count, page
            response = client.get(reverse(f"registry:{name}"))
        assert response.content.decode().count("Người Số") == 3
