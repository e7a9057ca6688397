"""The list of wrong-structure ID numbers, re-establishing one, and the Excel report upward."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.workflows.exports import HEADER_ROW
from cancuoc.registry.workflows.idnumbers import reestablish_id_number
from cancuoc.registry.workflows.models import IdNumberChange
from cancuoc.testing import actor_for, make_person


@pytest.fixture
def wrong(commune_a):
    return make_person(commune_a, full_name="Lê Văn Sai", personal_id="075091000111")


@pytest.fixture
def wrong_sex(commune_a):
    return make_person(commune_a, full_name="Phạm Thị Nữ", sex="female",
                       birth_date=dt.date(1988, 1, 1), personal_id="075088000222")  # fmt: skip


def test_the_list_explains_each_detected_case(client, officer, wrong, wrong_sex):
    client.force_login(officer)
    page = client.get(reverse("registry:idnumber-list")).content.decode()
    assert "Năm sinh trong số định danh là 1991, khác năm sinh đã ghi 1990" in page
    assert "Giới tính trong số định danh là Nam, khác giới tính đã ghi Nữ" in page
    assert reverse("registry:idnumber-reestablish", args=[wrong.pk]) in page


def test_officer_reestablishes_a_number_on_the_page(client, officer, wrong):
    client.force_login(officer)
    url = reverse("registry:idnumber-reestablish", args=[wrong.pk])
    response = client.post(url, {"reason": "Sai năm sinh khi nhập liệu 2016"}, follow=True)

    change = IdNumberChange.objects.get()
    wrong.refresh_from_db()
    assert change.new_number == wrong.personal_id and change.old_number == "075091000111"
    assert f"075091000111 → {wrong.personal_id}" in response.content.decode()


def test_a_right_number_is_refused_on_the_page(client, officer, commune_a):
    person = make_person(commune_a)
    client.force_login(officer)
    url = reverse("registry:idnumber-reestablish", args=[person.pk])
    response = client.post(url, {"reason": "thử"})
    assert "không có căn cứ hủy, xác lập lại" in response.content.decode()
    assert not IdNumberChange.objects.exists()


def test_outsiders_and_readers_cannot_reestablish(client, outsider, auditor, wrong):
    url = reverse("registry:idnumber-reestablish", args=[wrong.pk])
    client.force_login(outsider)
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert "Lê Văn Sai" not in client.get(reverse("registry:idnumber-list")).content.decode()
    client.force_login(auditor)
    assert client.post(url, {"reason": "x"}).status_code == 403
    wrong.refresh_from_db()
    assert wrong.personal_id == "075091000111"


def test_the_excel_report_lists_done_and_pending_cases(client, officer, wrong, wrong_sex):
    change = reestablish_id_number(wrong, reason="Sai năm sinh", actor=actor_for(officer))
    client.force_login(officer)

    response = client.get(reverse("registry:idnumber-export"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A4"].value == "DANH SÁCH CÔNG DÂN HỦY, XÁC LẬP LẠI SỐ ĐỊNH DANH CÁ NHÂN"
    assert "Phường Trảng Dài" in ws["A5"].value
    assert ws["E1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["STT", "Họ tên", "Ngày sinh", "Số cũ", "Số mới", "Lý do",
                      "Ngày xác lập lại", "Cán bộ"]  # fmt: skip
    done = [c.value for c in ws[HEADER_ROW + 1]]
    assert done[:5] == [1, "Lê Văn Sai", "15/05/1990", "075091000111", change.new_number]
    assert done[5].startswith("Sai năm sinh") and done[7] == "officer"
    assert done[6] == change.changed_on.strftime("%d/%m/%Y")
    pending = [c.value for c in ws[HEADER_ROW + 2]]
    assert pending[:5] == [2, "Phạm Thị Nữ", "01/01/1988", "075088000222", None]
    assert pending[5].startswith("Chưa xác lập lại — Giới tính")
    assert ws.cell(HEADER_ROW + 1, 4).number_format == "@"
    assert AuditEvent.objects.filter(action="registry.idnumber_report.exported").count() == 1


def test_the_export_of_an_outsider_holds_none_of_our_people(client, outsider, wrong):
    client.force_login(outsider)
    ws = load_workbook(io.BytesIO(client.get(reverse("registry:idnumber-export")).content)).active
    assert ws.cell(HEADER_ROW + 1, 2).value != "Lê Văn Sai"
    assert "Tam Hiệp" in ws["A5"].value


def test_the_viewer_cannot_export(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("registry:idnumber-export")).status_code == 403
