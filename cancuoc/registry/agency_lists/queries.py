"""Reads of agency lists, always through a Scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from cancuoc.accounts.scope import Scope
from cancuoc.registry.agency_lists.models import AgencyList, AgencyListEntry
from cancuoc.registry.imports.queries import jobs_in_scope
from cancuoc.registry.models import IdentityDocument

CHIP_CARDS = (IdentityDocument.Kind.CCCD, IdentityDocument.Kind.CAN_CUOC)


def lists_in_scope(scope: Scope) -> QuerySet[AgencyList]:
    """Lists whose import job lies in the scope, newest first."""
    jobs = jobs_in_scope(scope).values("pk")
    return AgencyList.objects.filter(job__in=jobs).select_related("job").order_by("-pk")


def _valid_card(on: dt.date) -> Exists:
    """The linked person holds a CCCD or căn cước card still valid on `on`."""
    return Exists(
        IdentityDocument.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on),
            person=OuterRef("person_id"),
            kind__in=CHIP_CARDS,
        )
    )


SHOW = {
    "": Q(),
    "needs_card": Q(person__isnull=False, has_card=False),
    "has_card": Q(has_card=True),
    "not_found": Q(person__isnull=True),
    "problem": ~Q(problem=""),
}


def entries_of(agency_list: AgencyList, *, on: dt.date, show: str = "") -> QuerySet:
    """The list's rows in file order, each with its person and `has_card` (valid on `on`)."""
    entries = AgencyListEntry.objects.filter(agency_list=agency_list).select_related("person")
    return entries.annotate(has_card=_valid_card(on)).filter(SHOW.get(show, Q())).order_by("row")


@dataclass(frozen=True)
class ListSummary:
    """Counts of one list: rows, found in the register, holding a valid card, refused rows."""

    entries: int
    linked: int
    with_card: int
    problems: int

    @property
    def needs_card(self) -> int:
        return self.linked - self.with_card


def summary_of(agency_list: AgencyList, *, on: dt.date) -> ListSummary:
    entries = entries_of(agency_list, on=on)
    return ListSummary(
        entries=agency_list.entries_count,
        linked=agency_list.linked_count,
        with_card=entries.filter(has_card=True).count(),
        problems=entries.exclude(problem="").count(),
    )
