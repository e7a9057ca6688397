"""Fetch an export job for a user: only the user who asked may follow or download it."""

from __future__ import annotations

from django.http import Http404

from cancuoc.accounts.access import require_reader
from cancuoc.registry.exports.models import ExportJob


def access_export_job(user, job_id) -> ExportJob:
    """The job `job_id` if `user` asked for it, else 404 (another user's export, personal data
    of their area, is indistinguishable from a missing one)."""
    require_reader(user)
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        raise Http404 from None
    job = ExportJob.objects.filter(pk=pk, created_by=user).first()
    if job is None:
        raise Http404
    return job
