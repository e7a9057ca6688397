"""Agency lists: the templates download ready to fill, come back filled, import through the
same pipeline, and keep every row linked to the person, to see who still needs a card."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.agency_lists.kinds import KINDS, PERSON_COLUMNS, detect_kind
from cancuoc.registry.agency_lists.models import AgencyList
from cancuoc.registry.agency_lists.services import fill_agency_list
from cancuoc.registry.agency_lists.workbook import DATA_SHEET, HELP_SHEET
from cancuoc.registry.imports.columns import match_headers
from cancuoc.registry.imports.services import create_import_job, run_import_job
from cancuoc.registry.models import IdentityDocument, Person
from cancuoc.testing import make_person

CLI = Actor.system("test", channel=Channel.CLI)


def template_bytes(client, user, kind: str) -> bytes:
    client.force_login(user)
    response = client.get(reverse("registry:agency-list-template", args=[kind]))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_template_downloads_with_headings_validation_and_instructions(client, viewer, kind):
    book = load_workbook(io.BytesIO(template_bytes(client, viewer, kind)))
    data, help_sheet = book.worksheets
    assert (data.title, help_sheet.title) == (DATA_SHEET, HELP_SHEET)
    headers = [c.value for c in data[1]]
    assert headers == [c.header for c in KINDS[kind].all_columns]
    assert data.max_row == 1  # no example row to import by mistake
    assert data.freeze_panes == "A2"
    assert all(c.font.bold for c in data[1])
    sex = [v for v in data.data_validations.dataValidation if v.formula1 == '"Nam,Nữ"']
    letter = "ABCDEFGHIJ"[headers.index("Giới tính")]
    assert len(sex) == 1 and str(sex[0].sqref).startswith(f"{letter}2:")
    explained = {row[0].value: row[1].value for row in help_sheet.iter_rows()}
    for column in KINDS[kind].all_columns:
        name = column.header + (" (bắt buộc)" if column.required else "")
        assert explained[name], column.header
    assert "dd/mm/yyyy" in explained["Ngày tháng"]
    # The importer reads every person column and leaves only the list's own ones to us.
    layout = match_headers(headers)
    assert {"full_name", "birth_date", "sex", "personal_id", "permanent_unit_code"} <= set(
        layout.fields
    )
    assert list(layout.ignored) == [c.header for c in KINDS[kind].columns]
    assert detect_kind(headers) is KINDS[kind]


def test_a_plain_people_list_is_no_agency_list():
    assert detect_kind(["Họ và tên", "Ngày sinh", "Giới tính", "Mã xã thường trú"]) is None


def test_the_templates_page_lists_the_three_templates(client, viewer):
    client.force_login(viewer)
    page = client.get(reverse("registry:agency-list-templates")).content.decode()
    for kind in KINDS.values():
        assert kind.title in page
        assert reverse("registry:agency-list-template", args=[kind.code]) in page
    assert 'id="lists"' not in page  # a viewer does not see received lists (personal data)


def test_an_unknown_template_is_not_found(client, viewer):
    client.force_login(viewer)
    assert client.get("/dan-cu/mau-danh-sach/khac.xlsx").status_code == 404


STAFF_ROWS = [
    # already in the register, with a card: the import reports a conflict, the list links it
    ["Nguyễn Văn An", "15/05/1990", "Nam", "075090012345", "", "", "Phường Trảng Dài", "",
     "", "", "Phòng Nội vụ", "Tổ tổng hợp", "Chuyên viên"],
    # new to the register (personal ID typed as a number: the leading zero is restored)
    ["Trần Thị Lan", dt.datetime(1985, 3, 2), "Nữ", 75185000456, "", "0912345678", "26041",
     "Tổ 5", "", "", "Phòng Nội vụ", "", "Văn thư"],
    # refused: no sex
    ["Lê Văn Cường", "1975", "", "", "", "", "26041", "", "", "", "Phòng Nội vụ", "", "Bảo vệ"],
]  # fmt: skip


def filled_template(client, user, kind: str, rows, tmp_path, name="danh-sach.xlsx"):
    book = load_workbook(io.BytesIO(template_bytes(client, user, kind)))
    for row in rows:
        book[DATA_SHEET].append(row)
    path = tmp_path / name
    book.save(path)
    return path


@pytest.fixture
def an(commune_a):
    person = make_person(commune_a)  # Nguyễn Văn An 075090012345
    IdentityDocument.objects.create(person=person, kind="cccd", number="075090012345",
                                    issued_on=dt.date(2021, 2, 1))  # fmt: skip
    return person


@override_settings(IMPORT_RUNNER="inline")
def test_a_filled_template_imports_and_keeps_every_row(client, officer, an, tmp_path):
    path = filled_template(client, officer, "staff", STAFF_ROWS, tmp_path)
    with path.open("rb") as f:
        response = client.post(
            reverse("registry:import-upload"),
            {"file": f, "list_kind": "staff", "agency_name": "Phòng Nội vụ huyện"},
        )
    job = AgencyList.objects.get().job
    assert response.url == reverse("registry:import-detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.rows_read, job.rows_imported, job.rows_conflict, job.rows_invalid) == (3, 1, 1, 1)
    agency_list = AgencyList.objects.get()
    assert (agency_list.kind, agency_list.agency_name, agency_list.status) == (
        "staff", "Phòng Nội vụ huyện", "ready"
    )  # fmt: skip
    assert (agency_list.entries_count, agency_list.linked_count) == (3, 2)
    entries = list(agency_list.entries.order_by("row"))
    assert [e.row for e in entries] == [2, 3, 4]
    assert entries[0].person == an and entries[0].problem == ""
    lan = Person.objects.get(personal_id="075185000456")
    assert entries[1].person == lan and entries[1].personal_id == "075185000456"
    assert (entries[1].organisation, entries[1].group, entries[1].position) == (
        "Phòng Nội vụ", "", "Văn thư"
    )  # fmt: skip
    assert entries[0].group == "Tổ tổng hợp"
    assert entries[2].person is None and "Giới tính" in entries[2].problem
    actions = AuditEvent.objects.filter(object_type="agency_lists.agencylist")
    assert list(actions.order_by("seq").values_list("action", flat=True)) == [
        "registry.agency_list.created", "registry.agency_list.filled"
    ]  # fmt: skip
    # The payoff: who in the agency still needs a card.
    page = client.get(reverse("registry:agency-list-detail", args=[agency_list.pk]))
    summary = page.content.decode()
    assert "<strong>1</strong> đã có thẻ còn hạn" in summary
    assert "<strong>1</strong> chưa có" in summary
    needs = client.get(reverse("registry:agency-list-detail", args=[agency_list.pk]),
                       {"show": "needs_card"})  # fmt: skip
    assert [e.full_name for e, _ in needs.context["rows"]] == ["Trần Thị Lan"]
    # The page costs the same number of queries for one row as for all three.
    with CaptureQueriesContext(connection) as all_rows:
        client.get(reverse("registry:agency-list-detail", args=[agency_list.pk]))
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("registry:agency-list-detail", args=[agency_list.pk]),
                   {"show": "needs_card"})  # fmt: skip
    assert len(all_rows) == len(one_row)


def test_a_template_imported_without_a_kind_is_recognised(client, officer, an, tmp_path):
    path = filled_template(client, officer, "armed_forces", [
        ["Nguyễn Văn An", "15/05/1990", "Nam", "075090012345", "", "", "26041", "", "", "",
         "Ban CHQS huyện Nhơn Trạch", "Thượng úy", "Trợ lý"],
    ], tmp_path)  # fmt: skip
    job, _ = create_import_job(path, actor=CLI, source_name=path.name)
    run_import_job(job)
    agency_list = AgencyList.objects.get(job=job)
    assert agency_list.kind == "armed_forces"
    assert agency_list.agency_name == "Ban CHQS huyện Nhơn Trạch"  # the one unit named
    entry = agency_list.entries.get()
    assert (entry.person, entry.rank, entry.position) == (an, "Thượng úy", "Trợ lý")
    # Filling again (a resumed import) gives the same entries, not twice as many.
    fill_agency_list(job, actor=CLI)
    assert agency_list.entries.count() == 1


def test_a_row_without_personal_id_is_linked_to_the_registered_person(
    client, officer, commune_a, tmp_path
):
    hoa = make_person(commune_a, full_name="Phạm Thị Hoa", birth_date=dt.date(2009, 1, 2),
                      sex="female", personal_id=None)  # fmt: skip
    young = make_person(commune_a, full_name="Phạm Văn Tí", birth_date=dt.date(2015, 1, 2),
                        personal_id="075215000123")  # fmt: skip
    path = filled_template(client, officer, "students", [
        ["Phạm Thị Hoa", "02/01/2009", "Nữ", "", "", "", "26041", "", "", "", "THPT A", "10A1"],
        ["Phạm Văn Tí", "02/01/2015", "Nam", "075215000123", "", "", "26041", "", "", "",
         "THCS B", "4A"],
        ["Võ Thị Mai", "05/06/2008", "Nữ", "", "", "", "26041", "", "", "", "THPT A", "11A2"],
    ], tmp_path)  # fmt: skip
    job, _ = create_import_job(path, actor=CLI, source_name=path.name, unit=commune_a)
    run_import_job(job)
    assert (job.rows_imported, job.rows_conflict, job.rows_flagged) == (2, 1, 1)
    agency_list = AgencyList.objects.get(job=job)
    assert agency_list.kind == "students"
    linked = {e.row: e.person_id for e in agency_list.entries.all()}
    mai = Person.objects.get(full_name="Võ Thị Mai")  # created by the row: the only one
    assert linked == {2: hoa.pk, 3: young.pk, 4: mai.pk}
    client.force_login(officer)
    page = client.get(reverse("registry:agency-list-detail", args=[agency_list.pk]))
    flagged = [e.full_name for e, too_young in page.context["rows"] if too_young]
    assert flagged == ["Phạm Văn Tí"]
    assert "Chưa đủ 14 tuổi" in page.content.decode()


def test_another_communes_list_is_not_found(client, officer, outsider, an, tmp_path):
    path = filled_template(client, officer, "staff", STAFF_ROWS[:1], tmp_path)
    job, _ = create_import_job(path, actor=CLI, source_name=path.name, unit=an.unit)
    run_import_job(job)
    agency_list = AgencyList.objects.get(job=job)
    client.force_login(outsider)
    url = reverse("registry:agency-list-detail", args=[agency_list.pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("registry:agency-list-templates")).content.decode()
    assert url not in page
    client.force_login(officer)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("registry:agency-list-templates")).content.decode()


def test_person_columns_cover_what_an_agency_knows():
    headers = [c.header for c in PERSON_COLUMNS]
    assert set(match_headers(headers).fields) == {
        "full_name", "birth_date", "sex", "personal_id", "old_id_number", "phone",
        "permanent_unit_code", "permanent_address", "current_unit_code", "current_address",
    }  # fmt: skip
