"""Fetch agency lists for a user: a list of another area answers 404, like a missing one."""

from __future__ import annotations

from django.http import Http404

from cancuoc.accounts.access import require_reader
from cancuoc.registry.agency_lists.models import AgencyList
from cancuoc.registry.imports.access import access_import_job


def access_agency_list(user, list_id) -> AgencyList:
    """The list `list_id` if its import job is one the user may see, else 404."""
    # The role gate comes first: a role without register access is refused outright.
    require_reader(user)
    try:
        pk = int(list_id)
    except (TypeError, ValueError):
        raise Http404 from None
    agency_list = AgencyList.objects.filter(pk=pk).first()
    if agency_list is None:
        raise Http404
    # The same gate as the import job: role first, then the job's area.
    agency_list.job = access_import_job(user, agency_list.job_id)
    return agency_list
