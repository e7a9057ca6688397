"""The base of every domain error: a refusal with a Vietnamese message the user can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A service refused a change; `message` says why in Vietnamese, `errors` per field if any.

    Views show `message` (and attach `errors` to their form fields); the API answers
    400 {"error": message, "fields": errors}.
    """

    def __init__(self, message: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})

    def __str__(self) -> str:
        return self.message
