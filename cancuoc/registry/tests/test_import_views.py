"""The upload page, the job page with its polled progress, the error report; outsiders get 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cancuoc.registry.imports.models import ImportJob
from cancuoc.registry.models import Person
from cancuoc.registry.tests.files import corpus
from cancuoc.testing import make_person

pytestmark = pytest.mark.usefixtures("commune_a")


def login(client, user):
    client.force_login(user)
    return client


def upload(client, path, name=None):
    data = SimpleUploadedFile(name or path.name, path.read_bytes())
    return client.post(reverse("registry:import-upload"), {"file": data}, follow=True)


@override_settings(IMPORT_RUNNER="inline")
def test_officer_uploads_a_list_and_sees_the_result(client, officer, tmp_path):
    rows = corpus.people_rows(3) + [["Lê Văn Tám", "15/05/90", "Nam", "", "26041", ""]]
    response = upload(login(client, officer), corpus.write_xlsx(tmp_path / "ds.xlsx", rows))
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registry:import-detail", args=[job.pk])
    assert (job.status, job.unit.code, job.created_by) == ("done", "26041", officer)
    assert Person.objects.count() == 3
    page = response.content.decode()
    assert "Năm “90” không hợp lệ" in page and "Tải báo cáo lỗi" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: polling stops


@override_settings(IMPORT_RUNNER="inline")
def test_uploading_the_same_file_twice_imports_once(client, officer, tmp_path):
    path = corpus.write_csv(tmp_path / "ds.csv", corpus.people_rows(5))
    login(client, officer)
    upload(client, path)
    response = upload(client, path, name="ban-sao.csv")
    assert "đã được nhận ở lần nhập" in response.content.decode()
    assert (ImportJob.objects.count(), Person.objects.count()) == (1, 5)


@override_settings(IMPORT_RUNNER="subprocess")
def test_a_queued_job_polls_its_progress(
    client, officer, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    started = []
    monkeypatch.setattr(  # the detached process itself would not see the test database
        "cancuoc.lib.background._spawn", lambda command, pk, log: started.append((command, pk))
    )
    login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, corpus.write_csv(tmp_path / "ds.csv", corpus.people_rows(2)))
    job = ImportJob.objects.get()
    assert started == [("run_import", job.pk)]
    response = client.get(reverse("registry:import-progress", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in response.content.decode()
    assert "Đang chờ" in response.content.decode()


def test_outsider_gets_404_for_another_communes_job(client, officer, outsider, tmp_path):
    job = ImportJob.objects.create(
        source_name="a.csv", file_path="/x", file_sha256="0" * 64, unit=officer.agency.unit
    )
    login(client, outsider)
    for name in ("import-detail", "import-progress", "import-report"):
        assert client.get(reverse(f"registry:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("registry:import-resume", args=[job.pk])).status_code == 404


def test_provincial_officer_sees_a_communes_job(client, officer, provincial):
    job = ImportJob.objects.create(
        source_name="a.csv",
        file_path="/x",
        file_sha256="0" * 64,
        unit=officer.agency.unit,
        status=ImportJob.Status.DONE,
    )
    response = login(client, provincial).get(reverse("registry:import-report", args=[job.pk]))
    assert response.status_code == 200
    from openpyxl import load_workbook

    body = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(body)).sheetnames == ["Lỗi và cảnh báo", "Tóm tắt"]


def test_viewer_cannot_upload(client, viewer):
    assert login(client, viewer).get(reverse("registry:import-upload")).status_code == 403


@override_settings(IMPORT_MAX_UPLOAD_BYTES=2000, IMPORT_RUNNER="inline")
def test_a_file_over_the_upload_limit_is_refused_without_a_job(client, officer, tmp_path):
    path = corpus.write_csv(tmp_path / "lon.csv", corpus.people_rows(100))
    response = upload(login(client, officer), path)
    assert "Tệp vượt giới hạn" in response.content.decode()
    assert ImportJob.objects.count() == 0


@override_settings(IMPORT_RUNNER="inline")
def test_a_bad_file_shows_the_reason_on_the_job_page(client, officer, tmp_path):
    response = upload(login(client, officer), corpus.binary_named_xlsx(tmp_path / "ds.xlsx"))
    assert ImportJob.objects.get().status == "failed"
    assert "không phải tệp Excel hợp lệ" in response.content.decode()
    assert Person.objects.count() == 0


def test_the_upload_page_lists_recent_jobs_in_a_fixed_number_of_queries(
    client, officer, django_assert_num_queries
):
    for i in range(5):
        ImportJob.objects.create(
            source_name=f"{i}.csv",
            file_path="/x",
            file_sha256=f"{i}" * 64,
            unit=officer.agency.unit,
            created_by=officer,
        )
    login(client, officer)
    with django_assert_num_queries(5):  # session, user, agency+unit for the area, jobs, messages
        response = client.get(reverse("registry:import-upload"))
    assert response.content.decode().count("registry:import-detail") == 0
    assert response.content.decode().count(".csv</td>") == 5


@override_settings(IMPORT_RUNNER="inline")
def test_the_same_file_from_another_commune_is_its_own_job(client, officer, outsider, tmp_path):
    path = corpus.write_csv(tmp_path / "ds.csv", corpus.people_rows(2))
    upload(login(client, officer), path)
    response = upload(login(client, outsider), path)
    job = ImportJob.objects.get(unit=outsider.agency.unit)
    assert response.redirect_chain[-1][0] == reverse("registry:import-detail", args=[job.pk])
    assert (job.rows_invalid, Person.objects.count()) == (2, 2)  # rows are not in its area


@override_settings(IMPORT_RUNNER="inline")
def test_a_look_alike_links_to_the_person_already_in_the_register(
    client, officer, tmp_path, commune_a
):
    row = corpus.people_rows(1)[0]
    name, birth = row[0], row[1]
    day, month, year = (int(x) for x in birth.split("/"))
    earlier = make_person(commune_a, full_name=name, birth_date=dt.date(year, month, day),
                          sex="male" if row[2] == "Nam" else "female", personal_id=None)  # fmt: skip
    twin = [name, birth, row[2], "", "26041", "Tổ 1"]  # same name, birth date and commune
    page = upload(login(client, officer), corpus.write_csv(tmp_path / "ds.csv", [twin]))
    body = page.content.decode()
    assert "Nghi trùng" in body and f'href="/dan-cu/{earlier.pk}/">xem hồ sơ đã có' in body
    assert Person.objects.filter(full_name=name).count() == 2  # imported, never merged
