"""Who is calling the API: a partner agency by API key, or an officer by Django session.

Both authenticators return a `Caller`, which Ninja stores as `request.auth`. Every request
carries an `Actor(channel="api")` for the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from ninja.security import APIKeyCookie, APIKeyHeader
from ninja.utils import check_csrf

from cancuoc.accounts.access import require_reader
from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.keys import ApiKeyError, actor_for_key, authenticate_api_key
from cancuoc.accounts.models import ApiKey, User
from cancuoc.api.errors import ApiError
from cancuoc.api.usage import consume_quota
from cancuoc.rules.dates import format_date_vi

API_KEY_HEADER = "X-API-Key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class Caller:
    """The authenticated party behind a request: exactly one of `user` or `api_key` is set."""

    actor: Actor
    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def is_partner(self) -> bool:
        return self.api_key is not None


class PartnerKey(APIKeyHeader):
    """`X-API-Key: <prefix>.<secret>`; a bad, revoked or over-quota key is refused outright."""

    param_name = API_KEY_HEADER

    def authenticate(self, request, key: str | None) -> Caller | None:
        if not key:
            return None  # no key: let the session authenticator try
        try:
            api_key = authenticate_api_key(key)
        except ApiKeyError as exc:
            raise ApiError(401, "unauthenticated", exc.message) from None
        today = timezone.localdate()
        if not consume_quota(api_key, on=today):
            raise _quota_exceeded(api_key, today)
        return Caller(actor=actor_for_key(api_key), api_key=api_key)


class OfficerSession(APIKeyCookie):
    """The signed-in user's Django session; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request) -> str | None:
        # CSRF is checked in authenticate, only once a session user exists, so an anonymous
        # POST answers 401 rather than a confusing CSRF error.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key: str | None) -> Caller | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403, "csrf_failed", "Thiếu hoặc sai mã CSRF: gửi tiêu đề X-CSRFToken lấy từ cookie."
            )
        return Caller(actor=Actor.for_user(user, channel=Channel.API), user=user)


def require_officer(request) -> User:
    """The signed-in user of a session request who may read personal records.

    Partner keys are refused with 403 here on purpose: partners get yes/no verification
    endpoints of their own (a later version), never the officers' record lookups.
    """
    caller: Caller = request.auth
    if caller.is_partner:
        raise ApiError(
            403,
            "partner_not_allowed",
            "Khóa API của đối tác không được dùng chức năng tra cứu dành cho cán bộ.",
        )
    require_reader(caller.user)
    return caller.user


def _quota_exceeded(api_key: ApiKey, today: dt.date) -> ApiError:
    now = timezone.localtime()
    midnight = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    retry_after = max(1, int((midnight - now).total_seconds()))
    message = (
        f"Khóa API đã dùng hết hạn mức {api_key.daily_quota} lượt của ngày "
        f"{format_date_vi(today)}; hạn mức được đặt lại lúc 00:00."
    )
    return ApiError(429, "quota_exceeded", message, {"Retry-After": str(retry_after)})
