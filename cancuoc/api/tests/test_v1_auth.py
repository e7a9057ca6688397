"""Authentication under /api/v1/: partner keys (revocation, quota) and officer sessions (CSRF)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.middleware.csrf import get_token
from django.test import RequestFactory

from cancuoc.accounts.keys import revoke_api_key
from cancuoc.api.auth import OfficerSession
from cancuoc.api.errors import ApiError
from cancuoc.api.tests.conftest import PERSON_ID
from cancuoc.api.usage import used_on
from cancuoc.testing import system_actor

URL = f"/api/v1/people/by-id/{PERSON_ID}"


def get_with_key(client, token):
    return client.get(URL, headers={"X-API-Key": token})


def test_no_credentials_gets_401_json(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Chưa xác thực: hãy đăng nhập, hoặc gửi khóa API trong tiêu đề X-API-Key.",
    }


@pytest.mark.parametrize("token", ["khong-co-dau-cham", "abc.", ".bimat"])
def test_malformed_key_gets_401(client, db, token):
    response = get_with_key(client, token)
    assert response.status_code == 401
    assert "định dạng" in response.json()["message"]


def test_wrong_secret_gets_401(client, partner_key):
    prefix = partner_key.key.prefix
    response = get_with_key(client, f"{prefix}.sai-bi-mat")
    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "message": "Khóa API không hợp lệ."}


def test_revoked_key_gets_401(client, partner_key):
    revoke_api_key(partner_key.key, actor=system_actor())
    response = get_with_key(client, partner_key.token)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "thu hồi" in response.json()["message"]


def test_key_of_inactive_agency_gets_401(client, partner_key, partner_agency):
    partner_agency.is_active = False
    partner_agency.save()
    response = get_with_key(client, partner_key.token)
    assert response.status_code == 401
    assert "ngừng hoạt động" in response.json()["message"]


def test_each_request_with_a_valid_key_is_counted(client, partner_key):
    with time_machine.travel(dt.datetime(2025, 8, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        get_with_key(client, partner_key.token)
        get_with_key(client, partner_key.token)
    assert used_on(partner_key.key, dt.date(2025, 8, 1)) == 2


def test_quota_exceeded_gets_429_json(client, partner_key):
    with time_machine.travel(dt.datetime(2025, 8, 1, 23, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(3):  # the fixture's quota
            assert get_with_key(client, partner_key.token).status_code == 403
        response = get_with_key(client, partner_key.token)
    assert response.status_code == 429
    assert response.json() == {
        "code": "quota_exceeded",
        "message": "Khóa API đã dùng hết hạn mức 3 lượt của ngày 02/08/2025; "
        "hạn mức được đặt lại lúc 00:00.",
    }
    # 23:00 UTC is 06:00 in Hà Nội: 18 hours until local midnight.
    assert response["Retry-After"] == str(18 * 3600)
    assert used_on(partner_key.key, dt.date(2025, 8, 2)) == 3


def test_quota_resets_on_the_next_local_day(client, partner_key):
    with time_machine.travel(dt.datetime(2025, 8, 1, 16, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(4):
            last = get_with_key(client, partner_key.token)
    assert last.status_code == 429
    # 17:00 UTC on 1 August is already 00:00 on 2 August in Hà Nội.
    with time_machine.travel(dt.datetime(2025, 8, 1, 17, 0, tzinfo=dt.UTC), tick=False):
        assert get_with_key(client, partner_key.token).status_code == 403


def test_session_post_without_csrf_token_is_refused(officer):
    request = RequestFactory().post(URL)
    request.user = officer
    with pytest.raises(ApiError) as caught:
        OfficerSession()(request)
    assert (caught.value.status, caught.value.code) == (403, "csrf_failed")


def test_session_post_with_csrf_token_is_accepted(officer):
    token = get_token(RequestFactory().get("/"))
    request = RequestFactory().post(URL, headers={"X-CSRFToken": token})
    request.COOKIES["csrftoken"] = token
    request.user = officer
    caller = OfficerSession()(request)
    assert caller.user == officer
    assert caller.actor.channel == "api"


def test_session_get_needs_no_csrf_token(officer):
    request = RequestFactory().get(URL)
    request.user = officer
    assert OfficerSession()(request).user == officer
