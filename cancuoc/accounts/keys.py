"""Partner API keys: issue, revoke and authenticate.

A key is shown to the partner once as ``<prefix>.<secret>``. The prefix is stored in clear to
find the row; only a SHA-256 hash of the secret is stored. The secret carries 256 random bits,
so a fast hash is enough (a slow password hash protects low-entropy secrets, not these).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.models import Agency, ApiKey
from cancuoc.lib.domain import DomainError
from cancuoc.rules.dates import format_date_vi

PREFIX_BYTES = 5  # 10 hex characters; ApiKey.prefix holds up to 12
SECRET_BYTES = 32
SEPARATOR = "."
# Compared against when the prefix is unknown, so a miss costs the same as a wrong secret.
_DUMMY_HASH = hashlib.sha256(b"cancuoc-no-such-key").hexdigest()


class ApiKeyError(DomainError):
    """A key cannot be issued, revoked or used; `message` says why in Vietnamese."""


@dataclass(frozen=True)
class IssuedKey:
    """A freshly issued key and the full token, which is never stored and shown only once."""

    key: ApiKey
    token: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def issue_api_key(agency: Agency, *, name: str, daily_quota: int, actor: Actor) -> IssuedKey:
    """Issue a new key for `agency`.

    Preconditions: the agency is active, `name` is not blank and `daily_quota` is at least 1.
    Effects: stores the prefix and the hash of the secret, writes `accounts.apikey.issued`, and
    returns the token `<prefix>.<secret>` (the only time the secret exists in clear).
    """
    name = name.strip()
    if not agency.is_active:
        raise ApiKeyError(f"Cơ quan “{agency}” đã ngừng hoạt động, không cấp khóa API.")
    if not name:
        raise ApiKeyError("Chưa nhập tên khóa API (ví dụ: “Hệ thống eKYC ngân hàng”).")
    if daily_quota < 1:
        raise ApiKeyError(f"Hạn mức mỗi ngày phải từ 1 lượt trở lên, không phải {daily_quota}.")
    secret = secrets.token_urlsafe(SECRET_BYTES)
    key = ApiKey.objects.create(
        agency=agency,
        name=name,
        prefix=_new_prefix(),
        key_hash=hash_secret(secret),
        daily_quota=daily_quota,
    )
    audit.record(
        actor,
        "accounts.apikey.issued",
        key,
        data={"agency": agency.pk, "name": name, "prefix": key.prefix, "daily_quota": daily_quota},
    )
    return IssuedKey(key=key, token=f"{key.prefix}{SEPARATOR}{secret}")


@transaction.atomic
def revoke_api_key(key: ApiKey, *, actor: Actor) -> ApiKey:
    """Revoke `key` from now on.

    Preconditions: the key is not already revoked.
    Effects: sets `revoked_at`, writes `accounts.apikey.revoked`; later requests get 401.
    """
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise ApiKeyError(f"Khóa API {key.prefix} đã bị thu hồi ngày {_local_day(key.revoked_at)}.")
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit.record(actor, "accounts.apikey.revoked", key, data={"revoked_at": [None, key.revoked_at]})
    return key


def authenticate_api_key(token: str) -> ApiKey:
    """The live key matching `token` (`<prefix>.<secret>`); raise ApiKeyError otherwise.

    Compares the secret's hash in constant time. Refuses revoked keys and keys of an agency
    that is no longer active.
    """
    prefix, sep, secret = (token or "").strip().partition(SEPARATOR)
    if not sep or not prefix or not secret:
        raise ApiKeyError("Khóa API không đúng định dạng <mã khóa>.<bí mật>.")
    key = ApiKey.objects.select_related("agency").filter(prefix=prefix).first()
    expected = key.key_hash if key else _DUMMY_HASH
    if not hmac.compare_digest(hash_secret(secret), expected) or key is None:
        raise ApiKeyError("Khóa API không hợp lệ.")
    if key.revoked_at is not None:
        raise ApiKeyError(f"Khóa API đã bị thu hồi ngày {_local_day(key.revoked_at)}.")
    if not key.agency.is_active:
        raise ApiKeyError(f"Cơ quan “{key.agency}” đã ngừng hoạt động, khóa API không dùng được.")
    return key


def actor_for_key(key: ApiKey) -> Actor:
    """The actor behind requests made with `key`: the partner agency, through the API."""
    return Actor(
        user_id=None,
        agency_id=key.agency_id,
        channel=str(Channel.API),
        label=f"apikey:{key.prefix}",
    )


def _local_day(moment) -> str:
    return format_date_vi(timezone.localtime(moment).date())
