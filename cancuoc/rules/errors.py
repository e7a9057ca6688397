"""Exceptions raised by the pure rules. Their messages are Vietnamese and shown in the UI."""

from __future__ import annotations


class RuleError(ValueError):
    """A value breaks a domain rule; `reason` is a Vietnamese sentence safe to show a user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidIdNumber(RuleError):
    """The text is not a valid 12-digit personal identification number."""


class InvalidDate(RuleError):
    """The text is not a valid (possibly partial) date, or dates are in an impossible order."""


class InvalidQr(RuleError):
    """The payload of a card's QR code cannot be read."""


class InvalidMrz(RuleError):
    """The machine-readable zone of a card is malformed or fails a check digit.

    `check` names the failed check for code ("document_number", "id_number", "birth_date",
    "expiry", "composite") or is None for a layout problem.
    """

    def __init__(self, reason: str, *, check: str | None = None) -> None:
        super().__init__(reason)
        self.check = check
