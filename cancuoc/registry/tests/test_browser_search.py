"""In a real Chromium: an officer finds a person by a name typed without diacritics, opens
the record (the read is audited), and an officer of another commune gets 404 for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.tests.conftest import log_in
from cancuoc.registry.tests.registry_builders import new_person
from cancuoc.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
