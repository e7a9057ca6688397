"""In a real Chromium: a provincial officer asks for the Excel file of a list too long to
build at once, follows the export job's page and downloads the file from there."""

from __future__ import annotations

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from cancuoc.registry.exports.models import ExportJob
from cancuoc.registry.tests.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provincial_officer_exports_a_long_list_through_a_job(
    browser, live_server, provincial, people, tmp_path
):
    with override_settings(
        EXPORT_RUNNER="inline", EXPORT_XLSX_DIRECT_MAX_ROWS=1, EXPORT_DIR=tmp_path / "x"
    ):
        page = log_in(browser, live_server, "pc06")
        page.goto(live_server.url + "/dan-cu/?sex=male")
        page.click("text=Xuất Excel")
        page.wait_for_load_state()

        job = ExportJob.objects.get()
        assert page.url.endswith(f"/dan-cu/xuat/{job.pk}/")
        assert "Giới tính: Nam" in page.inner_text("main")
        progress = page.locator("#export-progress")
        assert progress.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
        with page.expect_download() as info:
            page.click("text=Tải tệp Excel")
        saved = tmp_path / "ds.xlsx"
        info.value.save_as(saved)
    assert info.value.suggested_filename.startswith("danh-sach-cong-dan-")
    rows = list(load_workbook(saved, read_only=True).worksheets[0].values)
    assert sorted(r[1] for r in rows[1:]) == ["Lê Văn Cường", "Nguyễn Văn An"]
