"""The real Chromium for the registry's browser tests (`browser` fixture, `log_in`)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.urls import reverse

from cancuoc.testing import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def browser(live_server, monkeypatch):
    # Depends on live_server so that the browser closes before the server stops.
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # meanwhile are plain synchronous ones, so Django's async-safety guard is relaxed here.
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # The test's ORM calls ran inside Playwright's greenlet, whose context got its own
        # database connection; close it so the test database can be dropped.
        connections.close_all()


def log_in(browser, live_server, username):
    """A new browser context signed in as `username` (the test password), on the home page."""
    page = browser.new_context(locale="vi-VN", accept_downloads=True).new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page
