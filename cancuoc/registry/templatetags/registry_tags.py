"""Display helpers for register pages: catalogue names, dates at their precision."""

from __future__ import annotations

import datetime as dt

from django import template

from cancuoc.rules import catalogues
from cancuoc.rules.dates import format_date_vi

register = template.Library()

CATALOGUES = {
    "ethnicity": catalogues.ETHNICITIES,
    "religion": catalogues.RELIGIONS,
    "nationality": catalogues.NATIONALITIES,
    "blood_group": catalogues.BLOOD_GROUPS,
    "marital_status": catalogues.MARITAL_STATUSES,
}


@register.filter
def catalogue(code: str, name: str) -> str:
    """The display name of a catalogue code: {{ person.ethnicity|catalogue:"ethnicity" }}."""
    if not code:
        return ""
    values = CATALOGUES[name]
    return values.get(code).name if code in values else code


@register.filter
def vi_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return format_date_vi(value) if value else ""
