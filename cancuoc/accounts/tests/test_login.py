"""Sign-in: Vietnamese errors, argon2 hashes, lockout after repeated failures."""

from __future__ import annotations

from django.urls import reverse

from cancuoc.testing import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"


def test_it_stores_argon2_hashes(officer):
    assert officer.password.startswith("argon2")


def test_it_signs_in_and_lands_on_the_dashboard(client, officer):
    r = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == reverse("reports:home")


def test_wrong_password_gets_a_vietnamese_message(client, officer):
    r = client.post(LOGIN, {"username": "officer", "password": "sai"})
    assert r.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in r.content.decode()


def test_it_locks_out_after_five_failures(client, officer):
    for _ in range(5):
        client.post(LOGIN, {"username": "officer", "password": "sai"})
    r = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert r.status_code == 429
    assert "tạm khóa" in r.content.decode()


def test_pages_require_sign_in(client, db):
    r = client.get(reverse("reports:home"))
    assert r.status_code == 302
    assert r.url.startswith(LOGIN)
