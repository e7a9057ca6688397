"""Daily quota of a partner API key, counted atomically in the database."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from cancuoc.accounts.models import ApiKey
from cancuoc.api.models import ApiUsage


def consume_quota(key: ApiKey, *, on: dt.date) -> bool:
    """Count one request for `key` on day `on`; False (nothing counted) if the quota is used up.

    The increment is a single conditional UPDATE, so concurrent requests can never push the
    count past `daily_quota`.
    """
    if _increment(key, on):
        return True
    if key.daily_quota < 1:
        return False
    try:
        with transaction.atomic():
            ApiUsage.objects.create(api_key=key, day=on, count=1)
        return True
    except IntegrityError:
        # Another request created today's row first: count against it.
        return _increment(key, on)


def _increment(key: ApiKey, on: dt.date) -> bool:
    rows = ApiUsage.objects.filter(api_key=key, day=on, count__lt=key.daily_quota)
    return rows.update(count=F("count") + 1) == 1


def used_on(key: ApiKey, on: dt.date) -> int:
    """Requests counted for `key` on day `on`."""
    row = ApiUsage.objects.filter(api_key=key, day=on).values_list("count", flat=True).first()
    return row or 0
