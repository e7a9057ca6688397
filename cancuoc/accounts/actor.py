"""Who is acting: passed as `actor=` to every service so the audit trail names them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Channel(models.TextChoices):
    WEB = "web", "Giao diện web"
    API = "api", "API"
    JOB = "job", "Tác vụ nền"
    CLI = "cli", "Dòng lệnh"


@dataclass(frozen=True)
class Actor:
    """The user (or system job) behind a change, the agency they act for, and the channel."""

    user_id: int | None
    agency_id: int | None
    channel: str
    label: str

    @classmethod
    def for_user(cls, user, *, channel: str = Channel.WEB) -> Actor:
        return cls(
            user_id=user.pk,
            agency_id=user.agency_id,
            channel=str(channel),
            label=user.get_username(),
        )

    @classmethod
    def system(cls, label: str, *, channel: str = Channel.JOB) -> Actor:
        return cls(user_id=None, agency_id=None, channel=str(channel), label=label)
