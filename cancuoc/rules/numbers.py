"""Numbers as Vietnamese write them: "." groups thousands, "," marks decimals."""

from __future__ import annotations


def format_number_vi(number: float) -> str:
    """1.000.000 for an int, 12,5 for a float (one decimal)."""
    text = f"{number:,.1f}" if isinstance(number, float) else f"{number:,}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
