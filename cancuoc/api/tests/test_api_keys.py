"""accounts.keys (issue, revoke, authenticate), the daily counter, and `create_api_key`."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cancuoc.accounts.audit import AuditEvent
from cancuoc.accounts.keys import (
    ApiKeyError,
    authenticate_api_key,
    hash_secret,
    issue_api_key,
    revoke_api_key,
)
from cancuoc.accounts.models import ApiKey
from cancuoc.api.usage import consume_quota, used_on
from cancuoc.testing import system_actor

DAY = dt.date(2025, 8, 1)


def test_issued_key_stores_only_the_hash(partner_key):
    prefix, secret = partner_key.token.split(".", 1)
    key = ApiKey.objects.get(prefix=prefix)
    assert key.key_hash == hash_secret(secret)
    assert secret not in key.key_hash and len(secret) >= 40


def test_issue_writes_audit_event(partner_key):
    event = AuditEvent.objects.get(action="accounts.apikey.issued")
    assert event.object_id == str(partner_key.key.pk)
    assert event.data["prefix"] == partner_key.key.prefix
    assert partner_key.token.split(".")[1] not in json.dumps(event.data)


def test_authenticate_returns_the_live_key(partner_key):
    assert authenticate_api_key(partner_key.token) == partner_key.key


def test_authenticate_refuses_unknown_prefix(db):
    with pytest.raises(ApiKeyError, match="không hợp lệ"):
        authenticate_api_key("0123456789.bi-mat")


def test_revoked_key_no_longer_authenticates(partner_key):
    revoke_api_key(partner_key.key, actor=system_actor())
    with pytest.raises(ApiKeyError, match="thu hồi"):
        authenticate_api_key(partner_key.token)
    assert AuditEvent.objects.filter(action="accounts.apikey.revoked").count() == 1


def test_revoking_twice_is_refused(partner_key):
    revoke_api_key(partner_key.key, actor=system_actor())
    with pytest.raises(ApiKeyError, match="đã bị thu hồi"):
        revoke_api_key(partner_key.key, actor=system_actor())


@pytest.mark.parametrize(("name", "quota", "reason"), [("  ", 10, "tên"), ("eKYC", 0, "Hạn mức")])
def test_issue_refuses_bad_input_and_writes_nothing(partner_agency, name, quota, reason):
    with pytest.raises(ApiKeyError, match=reason):
        issue_api_key(partner_agency, name=name, daily_quota=quota, actor=system_actor())
    assert not ApiKey.objects.exists()


def test_quota_counter_stops_at_the_quota(partner_key):
    results = [consume_quota(partner_key.key, on=DAY) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert used_on(partner_key.key, DAY) == 3


def test_command_prints_the_secret_once(partner_agency):
    out = StringIO()
    call_command("create_api_key", agency_id=partner_agency.pk, name="Cổng eKYC", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    key = authenticate_api_key(token)
    assert (key.agency, key.name, key.daily_quota) == (partner_agency, "Cổng eKYC", 10_000)
    assert AuditEvent.objects.get(action="accounts.apikey.issued").channel == "cli"


def test_command_json_output(partner_agency):
    out = StringIO()
    call_command("create_api_key", "--agency-id", str(partner_agency.pk), "--name", "x",
                 "--daily-quota", "50", "--json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert authenticate_api_key(data["token"]).daily_quota == 50


def test_command_names_a_missing_agency(db):
    with pytest.raises(CommandError, match="Không có cơ quan mã 999"):
        call_command("create_api_key", agency_id=999, name="x", stdout=StringIO())
