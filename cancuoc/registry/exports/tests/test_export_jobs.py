"""A list too long for an .xlsx built inside the request: an export job, built in the
background with its progress shown, downloaded only by the user who asked, audited."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cancuoc.accounts.actor import Actor
from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.models import User
from cancuoc.registry.exports import jobs, services
from cancuoc.registry.exports.models import ExportJob
from cancuoc.registry.exports.tests.test_export_people import csv_rows, download, xlsx_rows
from cancuoc.testing import make_user


@pytest.fixture
def background(settings, tmp_path):
    settings.EXPORT_XLSX_DIRECT_MAX_ROWS = 1  # the province holds 3 people, 2 of them men
    settings.EXPORT_RUNNER = "inline"
    settings.EXPORT_DIR = tmp_path / "exports"


def _ask(user, params: dict) -> ExportJob:
    return jobs.request_people_export(
        params, actor=Actor.for_user(user), user=user, criteria=params, rows_expected=0,
        file_name="ds.xlsx",
    )  # fmt: skip


def test_a_long_list_becomes_a_job_with_progress_and_a_download(
    client, provincial, people, background
):
    client.force_login(provincial)
    response = client.get("/dan-cu/xuat-danh-sach.xlsx?sex=male&page=3")

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dan-cu/xuat/{job.pk}/"
    assert (job.status, job.rows_expected, job.rows_written) == ("done", 2, 2)
    assert job.params == {"sex": "male"}  # the filters, not the page
    page = client.get(response["Location"]).content.decode()
    assert "Hoàn thành" in page and "Giới tính: Nam" in page and 'aria-valuenow="100"' in page
    assert f'href="/dan-cu/xuat/{job.pk}/tai-ve/"' in page
    assert "hx-trigger" not in page  # finished: the page stops polling
    got = client.get(f"/dan-cu/xuat/{job.pk}/tai-ve/")
    body = b"".join(got.streaming_content)
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert sorted(r[1] for r in xlsx_rows(body)[1:]) == ["Lê Văn Cường", "Nguyễn Văn An"]
    events = {e.action: e for e in AuditEvent.objects.filter(action__startswith="registry.people")}
    assert events["registry.people.export_requested"].channel == "web"
    built = events["registry.people.exported"]
    assert (built.actor_user_id, built.channel, built.data["rows"]) == (provincial.pk, "job", 2)
    assert events["registry.people.export_downloaded"].actor_user_id == provincial.pk


def test_a_short_list_and_any_csv_still_download_at_once(client, provincial, people, background):
    assert len(xlsx_rows(download(client, provincial, "xlsx", "?sex=female")[1])) == 2
    assert len(csv_rows(download(client, provincial, "csv")[1])) == 4
    assert not ExportJob.objects.exists()


def test_progress_is_saved_while_the_file_is_written(provincial, people, background, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_ROWS", 1)
    seen = []
    real = jobs._progress

    def spy(job, rows):
        real(job, rows)
        seen.append(ExportJob.objects.values_list("rows_written", "status").get(pk=job.pk))

    monkeypatch.setattr(jobs, "_progress", spy)
    job = _ask(provincial, {})
    jobs.run_export_job(job)
    assert seen == [(1, "running"), (2, "running"), (3, "running")]
    assert (job.status, job.rows_written) == ("done", 3)


def test_a_running_job_shows_its_percentage_and_keeps_polling(client, provincial, people):
    job = _ask(provincial, {})
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", rows_expected=40_000, rows_written=10_000, heartbeat_at=timezone.now()
    )
    client.force_login(provincial)
    part = client.get(f"/dan-cu/xuat/{job.pk}/tien-do/").content.decode()
    assert 'aria-valuenow="25"' in part and "đã ghi 10.000 / 40.000 người" in part
    assert f'hx-get="/dan-cu/xuat/{job.pk}/tien-do/"' in part
    assert "Tải tệp Excel" not in part
    assert client.get(f"/dan-cu/xuat/{job.pk}/tai-ve/").status_code == 302  # not ready yet


def test_an_interrupted_job_says_so_and_stops_polling(client, provincial, people):
    job = _ask(provincial, {})
    silent = timezone.now() - dt.timedelta(minutes=10)
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", rows_expected=3, rows_written=1, heartbeat_at=silent
    )
    client.force_login(provincial)
    part = client.get(f"/dan-cu/xuat/{job.pk}/tien-do/").content.decode()
    assert "Bị gián đoạn" in part and "xuất lại" in part and "hx-get" not in part


def test_only_the_user_who_asked_can_follow_or_download_it(
    client, provincial, officer, people, background
):
    job = jobs.run_export_job(_ask(provincial, {}))
    colleague = make_user(provincial.agency, role=User.Role.PROVINCIAL_OFFICER, username="pc06b")
    for user in (colleague, officer):
        client.force_login(user)
        for url in ("", "tien-do/", "tai-ve/"):
            assert client.get(f"/dan-cu/xuat/{job.pk}/{url}").status_code == 404, (user, url)
    assert not AuditEvent.objects.filter(action="registry.people.export_downloaded").exists()


def test_the_job_exports_the_area_the_user_has_when_it_runs(officer, people, background):
    job = jobs.run_export_job(_ask(officer, {}))
    rows = xlsx_rows(open(job.file_path, "rb").read())
    assert sorted(r[1] for r in rows[1:]) == ["Nguyễn Văn An", "Trần Thị Lan"]


def test_filters_no_longer_valid_fail_the_job_without_a_file(
    officer, people, background, commune_b, settings
):
    job = jobs.run_export_job(_ask(officer, {"unit": str(commune_b.pk)}))  # not their commune
    assert job.status == "failed" and "Xã/phường" in job.message and not job.file_path
    assert list(settings.EXPORT_DIR.iterdir()) == []
    assert not AuditEvent.objects.filter(action="registry.people.exported").exists()


def test_a_job_runs_once(provincial, people, background):
    job = jobs.run_export_job(_ask(provincial, {}))
    again = jobs.run_export_job(job)
    assert again.status == "done"
    assert AuditEvent.objects.filter(action="registry.people.exported").count() == 1


def test_the_command_runs_a_queued_job(provincial, people, background, capsys):
    job = _ask(provincial, {"sex": "female"})
    call_command("run_export", str(job.pk))
    assert "Hoàn thành, 1 dòng" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có lần xuất #999"):
        call_command("run_export", "999")


def test_files_are_deleted_a_week_after_they_were_built(client, provincial, people, background):
    old = jobs.run_export_job(_ask(provincial, {}))
    recent = jobs.run_export_job(_ask(provincial, {"sex": "male"}))
    ExportJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - dt.timedelta(days=7, minutes=1)
    )
    path = old.file_path

    _ask(provincial, {})  # the next request purges

    old.refresh_from_db()
    assert not old.file_path and not os.path.exists(path) and "xóa sau 7 ngày" in old.message
    assert os.path.exists(ExportJob.objects.get(pk=recent.pk).file_path)
    client.force_login(provincial)
    page = client.get(f"/dan-cu/xuat/{old.pk}/").content.decode()
    assert "xóa sau 7 ngày" in page and "Tải tệp Excel" not in page
    assert client.get(f"/dan-cu/xuat/{old.pk}/tai-ve/").status_code == 302


def test_asking_again_while_the_file_is_built_adds_no_second_job(client, provincial, people):
    first = _ask(provincial, {"sex": "male"})
    assert _ask(provincial, {"sex": "male"}) == first
    assert _ask(provincial, {"sex": "female"}) != first
    ExportJob.objects.filter(pk=first.pk).update(
        status="running", heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert _ask(provincial, {"sex": "male"}) != first  # that one was interrupted
    assert AuditEvent.objects.filter(action="registry.people.export_requested").count() == 3


def test_a_job_whose_process_never_started_is_shown_interrupted(client, provincial, people):
    job = _ask(provincial, {})
    client.force_login(provincial)
    assert "hx-get" in client.get(f"/dan-cu/xuat/{job.pk}/tien-do/").content.decode()
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    part = client.get(f"/dan-cu/xuat/{job.pk}/tien-do/").content.decode()
    assert "Bị gián đoạn" in part and "hx-get" not in part


def test_in_production_the_job_runs_in_a_detached_process(
    client, provincial, people, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EXPORT_XLSX_DIRECT_MAX_ROWS, settings.EXPORT_RUNNER = 1, "subprocess"
    started = []
    monkeypatch.setattr(  # the detached process itself would not see the test database
        "cancuoc.lib.background._spawn", lambda command, pk, log: started.append((command, pk))
    )
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/dan-cu/xuat-danh-sach.xlsx")
    job = ExportJob.objects.get()
    assert started == [("run_export", job.pk)] and job.status == "queued"
    part = client.get(f"/dan-cu/xuat/{job.pk}/tien-do/").content.decode()
    assert "Đang chờ" in part and "hx-get" in part


def test_beyond_the_limit_a_job_waits_and_the_running_process_takes_it_next(
    client, provincial, people, background, settings, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.EXPORT_RUNNER, settings.EXPORT_MAX_RUNNING = "subprocess", 1
    started = []
    monkeypatch.setattr(  # the detached process itself would not see the test database
        "cancuoc.lib.background._spawn", lambda command, pk, log: started.append(pk)
    )
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/dan-cu/xuat-danh-sach.xlsx")
    first = ExportJob.objects.get()
    ExportJob.objects.filter(pk=first.pk).update(status="running", heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/dan-cu/xuat-danh-sach.xlsx?sex=male")
    second = ExportJob.objects.exclude(pk=first.pk).get()
    assert started == [first.pk] and second.status == "queued"  # no second process
    ExportJob.objects.filter(pk=second.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    part = client.get(f"/dan-cu/xuat/{second.pk}/tien-do/").content.decode()
    assert "Bị gián đoạn" not in part and "hx-get" in part  # waiting its turn, not lost

    ExportJob.objects.filter(pk=first.pk).update(status="queued")  # as its process starts it
    jobs.run_export_queue(first)  # what `cancuoc run_export <first>` does

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.rows_written, second.status, second.rows_written) == (
        "done", 3, "done", 2)  # fmt: skip
    assert second.started_at >= first.finished_at


def test_the_user_finds_their_exports_again_and_only_theirs(
    client, provincial, officer, people, background
):
    done = jobs.run_export_job(_ask(provincial, {"sex": "male"}))
    waiting = _ask(provincial, {})
    theirs = jobs.run_export_job(_ask(officer, {}))
    client.force_login(provincial)
    assert 'href="/dan-cu/xuat/"' in client.get("/dan-cu/").content.decode()
    page = client.get("/dan-cu/xuat/").content.decode()
    assert f'href="/dan-cu/xuat/{done.pk}/tai-ve/">Tải về' in page
    assert f'href="/dan-cu/xuat/{waiting.pk}/"' in page and "Đang chờ" in page
    assert f'href="/dan-cu/xuat/{theirs.pk}/"' not in page
