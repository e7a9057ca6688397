"""In a real Chromium: an officer finds a person by a name typed without diacritics, opens
the record (the read is audited), and an officer of another commune gets 404 for it."""

from __future__ import annotations

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import sync_playwright

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.tests.registry_builders import new_person
from cancuoc.testing import PASSWORD, make_person

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(live_server, monkeypatch):
    # Depends on live_server so that the browser closes before the server stops.
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # meanwhile are plain synchronous ones, so Django's async-safety guard is relaxed here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # The test's ORM calls ran inside Playwright's greenlet, whose context got its own
        # database connection; close it so the test database can be dropped.
        connections.close_all()


def log_in(browser, live_server, username):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_officer_finds_and_opens_a_record_and_outsider_gets_404(
    browser, live_server, officer, outsider, commune_a
):
    person = new_person(commune_a, full_name="Nguyễn Văn An", personal_id="075090012345")
    make_person(commune_a, full_name="Trần Thị Bình", personal_id=None)

    page = log_in(browser, live_server, "officer")
    page.goto(live_server.url + reverse("registry:person-list"))
    page.fill("#id_q", "nguyen van an")
    page.press("#id_q", "Enter")
    page.wait_for_load_state()
    rows = page.locator("#people tbody tr")
    assert rows.count() == 1 and "Nguyễn Văn An" in rows.first.inner_text()

    page.click("text=Nguyễn Văn An")
    page.wait_for_load_state()
    assert page.url.endswith(reverse("registry:person-detail", args=[person.pk]))
    assert page.inner_text("#personal-id") == "075090012345"
    read = AuditEvent.objects.get(action="registry.person.viewed")
    assert (read.object_id, read.actor_user_id) == (str(person.pk), officer.pk)

    other = log_in(browser, live_server, "outsider")
    response = other.goto(page.url)
    assert response.status == 404
    assert "Không tìm thấy" in other.inner_text("main")
    assert "075090012345" not in other.content()
    assert AuditEvent.objects.filter(action="registry.person.viewed").count() == 1
