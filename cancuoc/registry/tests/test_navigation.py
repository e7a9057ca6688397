"""The main navigation highlights exactly one item: the one whose URL matches the page best."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cancuoc.testing import make_person


class _Nav(HTMLParser):
    """Collects (label, is active) for each link of <nav class="mainnav">."""

    def __init__(self):
        super().__init__()
        self.links: list[list] = []
        self._in_nav = self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "mainnav" in (attrs.get("class") or "").split():
            self._in_nav = True
        elif tag == "a" and self._in_nav:
            self._in_link = True
            self.links.append(["", "active" in (attrs.get("class") or "").split()])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if self._in_link:
            self.links[-1][0] += data


def active_items(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    nav = _Nav()
    nav.feed(response.text)
    assert len(nav.links) >= 4, response.text[:2000]
    return [label.strip() for label, active in nav.links if active]


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("reports:home", "Tổng quan"),
        ("registry:person-list", "Dân cư"),
        ("registry:import-upload", "Nhập danh sách"),
        ("registry:workflows-home", "Nghiệp vụ"),
        ("areas:unit-list", "Đơn vị hành chính"),
    ],
)
def test_the_page_highlights_only_its_own_item(client, officer, url_name, label):
    client.force_login(officer)
    assert active_items(client, reverse(url_name)) == [label]


def test_a_person_page_highlights_the_register(client, officer, commune_a):
    person = make_person(commune_a)
    client.force_login(officer)
    url = reverse("registry:person-detail", args=[person.pk])
    assert active_items(client, url) == ["Dân cư"]
