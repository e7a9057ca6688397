"""The error every register service raises when it refuses a change."""

from __future__ import annotations

from cancuoc.lib.domain import DomainError


class RegistryError(DomainError):
    """A register change was refused: invalid fields, a conflict or a broken precondition."""
