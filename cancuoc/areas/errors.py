"""The one error the areas app raises: a human, Vietnamese message for the user."""

from __future__ import annotations

from cancuoc.lib.domain import DomainError


class AreasError(DomainError):
    """A unit cannot be found, added, retired or resolved; `message` says why, in Vietnamese."""
