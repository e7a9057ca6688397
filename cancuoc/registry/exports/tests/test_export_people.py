"""Exporting people lists: official headings, values as officers write them, the user's area,
an exported file imports again unchanged, every export audited."""

from __future__ import annotations

import codecs
import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.scope import Scope
from cancuoc.registry.exports import writers
from cancuoc.registry.exports.rows import HEADERS, MANAGING_UNIT, people_rows, select_people
from cancuoc.registry.exports.services import (
    export_people_csv,
    export_people_xlsx,
    write_people_csv,
)
from cancuoc.registry.exports.tests.sources import run
from cancuoc.registry.imports.columns import label
from cancuoc.registry.models import Household, Person
from cancuoc.testing import make_person

CLI = Actor.system("test", channel=Channel.CLI)


def xlsx_rows(path_or_bytes) -> list[list[str]]:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    book = load_workbook(source, read_only=True)
    rows = [["" if v is None else v for v in row] for row in book.worksheets[0].values]
    book.close()
    return rows


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))


def by_name(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header = rows[0]
    return {
        r[header.index(label("full_name"))]: dict(zip(header, r, strict=True)) for r in rows[1:]
    }


NATIONAL = Scope(national=True)


def export_file(tmp_path, fmt: str, scope=NATIONAL, name="xuat"):
    path = tmp_path / f"{name}.{fmt}"
    selection = select_people(scope)
    if fmt == "xlsx":
        export_people_xlsx(selection, path, actor=CLI, criteria={})
        return path, xlsx_rows(path)
    with path.open("wb") as f:
        write_people_csv(selection, f, actor=CLI, criteria={})
    return path, csv_rows(path.read_bytes())


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_writes_official_headings_and_values_as_officers_write_them(tmp_path, people, fmt):
    _, rows = export_file(tmp_path, fmt)
    assert rows[0] == list(HEADERS)
    assert rows[0][:4] == ["Mã hồ sơ", "Họ, chữ đệm và tên", "Tên gọi khác", "Số định danh cá nhân"]
    an, lan, cuong = (by_name(rows)[n] for n in ("Nguyễn Văn An", "Trần Thị Lan", "Lê Văn Cường"))
    assert [r[1] for r in rows[1:]] == [
        "Lê Văn Cường",
        "Nguyễn Văn An",
        "Trần Thị Lan",
    ]  # the list's order: by name
    assert (an["Ngày sinh"], lan["Ngày sinh"], cuong["Ngày sinh"]) == (
        "15/05/1990",
        "03/1975",
        "1975",
    )
    assert (an["Giới tính"], lan["Giới tính"]) == ("Nam", "Nữ")
    assert (lan["Dân tộc"], lan["Tôn giáo"], an["Nhóm máu"]) == ("Hoa", "Phật giáo", "O Rh+")
    assert an["Tình trạng hôn nhân"] == "Đã kết hôn"
    assert (an["Mã xã thường trú"], an["Nơi thường trú"]) == ("26041", "Số 5, tổ 3")
    assert (an["Mã xã tạm trú"], an["Thời hạn tạm trú"]) == ("26068", "31/12/2027")
    assert (an["Số hộ"], lan["Quan hệ với chủ hộ"]) == ("HK-1", "Vợ")
    assert (an["Họ tên cha"], an["Số định danh của cha"]) == ("Nguyễn Văn Ba", "075060000001")
    assert (an["Số thẻ"], an["Loại thẻ"], an["Ngày cấp"]) == (
        "075090012345",
        "Căn cước công dân",
        "01/02/2021",
    )
    assert (an["Mức định danh điện tử"], cuong["Mức định danh điện tử"]) == ("Mức 2", "Mức 1")
    assert (an["Tình trạng"], lan["Số CMND"], an["Số thuê bao di động"]) == (
        "Còn sống",
        "271234567",
        "0912345678",
    )
    assert an[MANAGING_UNIT] == "Phường Trảng Dài" and cuong[MANAGING_UNIT] == "Phường Tam Hiệp"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_file_imports_again_unchanged(tmp_path, people, fmt):
    path, first = export_file(tmp_path, fmt)
    Person.objects.all().delete()
    Household.objects.all().delete()
    job = run(path)
    assert (job.rows_read, job.rows_imported, job.rows_invalid, job.rows_conflict) == (3, 3, 0, 0)
    assert "Bỏ qua các cột không dùng: Xã/phường quản lý." in job.message
    _, second = export_file(tmp_path, fmt, name="lan-hai")
    assert second == first


def test_a_person_without_residence_is_exported_with_the_managing_commune(tmp_path, commune_a):
    make_person(commune_a, full_name="Phạm Thị Hoa", sex="female", personal_id=None)
    _, rows = export_file(tmp_path, "csv")
    assert by_name(rows)["Phạm Thị Hoa"]["Mã xã thường trú"] == "26041"


def test_a_value_that_looks_like_a_formula_stays_text(tmp_path, commune_a):
    make_person(commune_a, full_name="An", personal_id=None, birthplace="=HYPERLINK(1)")
    _, rows = export_file(tmp_path, "xlsx")
    assert by_name(rows)["An"]["Nơi sinh"] == "=HYPERLINK(1)"
    _, rows = export_file(tmp_path, "csv")
    assert by_name(rows)["An"]["Nơi sinh"] == "'=HYPERLINK(1)"  # not run by a spreadsheet


def test_query_count_does_not_grow_with_the_list(people, commune_a, django_assert_num_queries):
    for i in range(7):
        make_person(commune_a, full_name=f"Đỗ Văn {chr(65 + i)}", personal_id=None)
    selection = select_people(Scope(national=True))
    # One cursor over the people; per chunk of 4: residences, relatives, documents; communes
    # once each, when first met (A in the first chunk, B in the second).
    with django_assert_num_queries(1 + 3 * 3 + 2):
        assert len(list(people_rows(selection, chunk_rows=4))) == 10


# --- HTTP ------------------------------------------------------------------------------------


def download(client, user, fmt: str, query: str = "") -> tuple[int, bytes]:
    client.force_login(user)
    response = client.get(f"/dan-cu/xuat-danh-sach.{fmt}{query}")
    if response.status_code != 200:
        return response.status_code, b""
    body = b"".join(response.streaming_content)
    return 200, body


def test_the_list_page_offers_both_exports_with_its_filters(client, officer):
    client.force_login(officer)
    page = client.get("/dan-cu/?sex=female").content.decode()
    assert 'href="/dan-cu/xuat-danh-sach.xlsx?sex=female"' in page
    assert 'href="/dan-cu/xuat-danh-sach.csv?sex=female"' in page
    assert "Xuất Excel" in page and "Xuất CSV" in page


def test_csv_download_starts_with_a_bom_and_is_audited(client, officer, people):
    status, body = download(client, officer, "csv", "?sex=female")
    assert status == 200 and body.startswith(codecs.BOM_UTF8)
    assert [r[1] for r in csv_rows(body)[1:]] == ["Trần Thị Lan"]
    event = AuditEvent.objects.get(action="registry.people.exported")
    assert event.actor_user_id == officer.pk and event.channel == "web"
    assert event.data["format"] == "csv" and event.data["rows"] == 1
    assert event.data["complete"] is True
    assert event.data["filters"]["sex"] == "female" and event.data["filters"]["area"] == "26041"


def test_xlsx_download_follows_the_search_and_is_audited(client, officer, people):
    status, body = download(client, officer, "xlsx", "?q=lan")
    assert status == 200
    assert [r[1] for r in xlsx_rows(body)[1:]] == ["Trần Thị Lan"]
    event = AuditEvent.objects.get(action="registry.people.exported")
    assert (event.data["format"], event.data["rows"], event.data["filters"]["q"]) == (
        "xlsx",
        1,
        "lan",
    )


def test_an_officer_exports_only_their_commune(client, officer, outsider, people):
    _, body = download(client, officer, "csv")
    names = {r[1] for r in csv_rows(body)[1:]}
    assert names == {"Nguyễn Văn An", "Trần Thị Lan"}
    _, body = download(client, outsider, "xlsx")
    assert [r[1] for r in xlsx_rows(body)[1:]] == ["Lê Văn Cường"]


def test_an_officer_cannot_export_another_communes_people_by_filter(
    client, outsider, people, commune_a
):
    status, body = download(client, outsider, "csv", f"?unit={commune_a.pk}")
    assert status == 302  # the commune is not one of theirs: refused with a message
    assert not AuditEvent.objects.filter(action="registry.people.exported").exists()
    messages = [str(m) for m in client.get("/dan-cu/").context["messages"]]
    assert any("Không xuất được danh sách — Xã/phường" in m for m in messages)


def test_provincial_officer_exports_the_province(client, provincial, people):
    _, body = download(client, provincial, "csv")
    assert len(csv_rows(body)) == 4


def test_roles_that_cannot_read_the_list_cannot_export_it(client, viewer, people):
    assert download(client, viewer, "csv")[0] == 403
    assert download(client, viewer, "xlsx")[0] == 403
    assert not AuditEvent.objects.filter(action="registry.people.exported").exists()


def test_an_unknown_format_is_not_found(client, officer):
    assert download(client, officer, "pdf")[0] == 404


# --- command line ----------------------------------------------------------------------------


def test_the_command_exports_an_area_and_audits(tmp_path, people, capsys):
    out = tmp_path / "xa.csv"
    call_command("export", "people", "--unit", "26041", "--out", str(out), "--json")
    result = json.loads(capsys.readouterr().out)
    assert (result["rows"], result["format"]) == (2, "csv")
    assert {r[1] for r in csv_rows(out.read_bytes())[1:]} == {"Nguyễn Văn An", "Trần Thị Lan"}
    out = tmp_path / "tim.xlsx"
    call_command("export", "people", "--q", "cuong", "--out", str(out))
    assert [r[1] for r in xlsx_rows(out)[1:]] == ["Lê Văn Cường"]
    events = AuditEvent.objects.filter(action="registry.people.exported").order_by("seq")
    assert [(e.channel, e.data["rows"]) for e in events] == [("cli", 2), ("cli", 1)]


def test_an_abandoned_csv_download_is_audited_as_incomplete(people):
    stream = export_people_csv(select_people(NATIONAL), actor=CLI, criteria={"q": ""})
    assert next(stream) == codecs.BOM_UTF8
    stream.close()  # the client went away
    event = AuditEvent.objects.get(action="registry.people.exported")
    assert event.data["complete"] is False


def test_a_list_longer_than_an_excel_sheet_goes_on_in_another_sheet(tmp_path, people, monkeypatch):
    monkeypatch.setattr(writers, "SHEET_ROWS", 2)
    path = tmp_path / "dai.xlsx"
    assert export_people_xlsx(select_people(NATIONAL), path, actor=CLI, criteria={}) == 3
    book = load_workbook(path, read_only=True)
    sheets = [[row[1] for row in ws.values] for ws in book.worksheets]
    assert [ws.title for ws in book.worksheets] == ["Danh sách công dân", "Danh sách công dân (2)"]
    assert sheets == [
        [label("full_name"), "Lê Văn Cường", "Nguyễn Văn An"],
        [label("full_name"), "Trần Thị Lan"],
    ]
