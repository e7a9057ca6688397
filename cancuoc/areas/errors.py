"""The one error the areas app raises: a human, Vietnamese message for the user."""

from __future__ import annotations


class AreasError(ValueError):
    """A unit cannot be found, added, retired or resolved; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
