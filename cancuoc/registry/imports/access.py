"""Fetch import jobs for a user: a job of another area answers 404, like a missing one."""

from __future__ import annotations

from django.http import Http404

from cancuoc.accounts.access import require_reader, require_writer
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.imports.models import ImportJob


def access_import_job(user, job_id, *, write: bool = False) -> ImportJob:
    """The job `job_id` if its area lies in the user's area, else 404."""
    # Role gate first: only roles that handle personal records see import jobs.
    if write:
        require_writer(user)
    else:
        require_reader(user)
    # A malformed id is a missing job.
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        raise Http404 from None
    job = ImportJob.objects.select_related("unit").filter(pk=pk).first()
    if job is None:
        raise Http404
    scope = scope_of_user(user)
    # A national job (command line, no area) is visible only nationally.
    if job.unit is None and not scope.national:
        raise Http404
    # A job of another area is indistinguishable from a missing one.
    if job.unit is not None and not scope.contains_unit(job.unit):
        raise Http404
    return job
