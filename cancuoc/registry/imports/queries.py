"""Reads of import jobs, always through a Scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cancuoc.accounts.scope import Scope
from cancuoc.registry.imports.models import ImportIssue, ImportJob


def jobs_in_scope(scope: Scope) -> QuerySet[ImportJob]:
    """Jobs whose area lies in the scope, newest first."""
    jobs = ImportJob.objects.select_related("unit", "created_by").order_by("-pk")
    if scope.national:
        return jobs
    if scope.is_empty:
        return jobs.none()
    if scope.province_id is not None:
        return jobs.filter(Q(unit_id=scope.province_id) | Q(unit__province_id=scope.province_id))
    return jobs.filter(unit_id__in=scope.commune_ids)


def issues_of(job: ImportJob, *, limit: int = 200) -> list[ImportIssue]:
    """The first problems of a job, in row order (the full list is in the Excel report)."""
    return list(ImportIssue.objects.filter(job=job).order_by("row", "pk")[:limit])
