"""Role gates shared by every app; each app's access.py fetches its objects through them.

An object outside the user's area answers 404 exactly like one that does not exist, so a
record's existence is never revealed (DESIGN: "out of scope answers 404, never 403").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from cancuoc.accounts.models import READER_ROLES, WRITER_ROLES


def require_reader(user) -> None:
    """Only roles that handle personal data may read people's records."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.role not in READER_ROLES:
        raise PermissionDenied


def require_writer(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    if user.role not in WRITER_ROLES:
        raise PermissionDenied
