"""In a real Chromium: an officer uploads a people list from the menu, reads the outcome on the
job page (progress bar, counts, the refused row named in Vietnamese) and downloads the Excel
error report."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from cancuoc.registry.imports.models import ImportJob
from cancuoc.registry.models import Person
from cancuoc.registry.tests.conftest import log_in
from cancuoc.registry.tests.files import corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(IMPORT_RUNNER="inline")
def test_officer_uploads_a_list_and_downloads_its_error_report(
    browser, live_server, officer, commune_a, tmp_path
):
    rows = corpus.people_rows(2) + [["Lê Văn Tám", "15/05/90", "Nam", "", "26041", ""]]
    path = corpus.write_csv(tmp_path / "danh-sach.csv", rows)

    page = log_in(browser, live_server, "officer")
    page.click("nav >> text=Nhập danh sách")
    page.set_input_files("#id_file", str(path))
    page.click("button[type=submit]")
    page.wait_for_load_state()

    job = ImportJob.objects.get()
    assert page.url.endswith(reverse("registry:import-detail", args=[job.pk]))
    progress = page.locator("#import-progress")
    assert progress.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert progress.locator(".stat").all_inner_texts()[:2] == ["2", "1"]
    refused = page.locator("table tbody tr").first.inner_text()
    assert refused.startswith("4") and "“90”" in refused
    assert Person.objects.filter(unit=commune_a).count() == 2

    with page.expect_download() as info:
        page.click("text=Tải báo cáo lỗi (Excel)")
    report = tmp_path / "bao-cao.xlsx"
    info.value.save_as(report)
    sheet = load_workbook(report).worksheets[0]
    row, column, value, reason = [c.value for c in sheet[2]][:4]
    assert (row, column, value) == (4, "Ngày sinh (birth_date)", "15/05/90")
    assert "90" in reason
