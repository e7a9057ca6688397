"""Download the people list as .xlsx or CSV: the list page's filters, the user's area.

CSV streams at once, whatever the size. An .xlsx is built whole before its download starts
(about 5,000 rows a second), so a list longer than EXPORT_XLSX_DIRECT_MAX_ROWS becomes an
export job: built in the background, its progress on a page of its own, downloaded from there.
"""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cancuoc.accounts.access import require_reader
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import scope_of_user
from cancuoc.registry.exports.access import access_export_job
from cancuoc.registry.exports.filters import describe_filters, filtered_selection, list_params
from cancuoc.registry.exports.jobs import (
    direct_max_rows,
    is_stale,
    record_download,
    request_people_export,
    start_export_job,
)
from cancuoc.registry.exports.models import ExportJob
from cancuoc.registry.exports.rows import count, more_than
from cancuoc.registry.exports.services import export_people_csv, export_people_xlsx
from cancuoc.registry.exports.writers import CSV, XLSX

FORMATS = ("xlsx", "csv")
RECENT_JOBS = 20


def criteria_of(request, scope) -> dict:
    """The filters as the user set them (for the audit trail), and the area."""
    area = request.user.agency.unit.code if request.user.agency_id else ""
    return {**list_params(request.GET), "area": area, "national": scope.national}


@login_required
def people_export(request, fmt: str):
    """The whole filtered list (not one page), in the people list's order."""
    require_reader(request.user)
    if fmt not in FORMATS:
        raise Http404
    selection, form = filtered_selection(request.user, request.GET)
    if selection is None:
        for field in form:
            for error in field.errors:
                messages.error(request, f"Không xuất được danh sách — {field.label}: {error}")
        return redirect(_list_url(request))
    actor = Actor.for_user(request.user)
    criteria = criteria_of(request, scope_of_user(request.user))
    name = f"danh-sach-cong-dan-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            export_people_csv(selection, actor=actor, criteria=criteria), content_type=CSV
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if more_than(selection, direct_max_rows()):
        job = request_people_export(
            list_params(request.GET), actor=actor, user=request.user, criteria=criteria,
            rows_expected=count(selection), file_name=name,
        )  # fmt: skip
        if job.status == job.Status.QUEUED and job.started_at is None:
            start_export_job(job)
        return redirect("registry:export-detail", job_id=job.pk)
    out = tempfile.TemporaryFile()  # streamed from disk
    export_people_xlsx(selection, out, actor=actor, criteria=criteria)
    out.seek(0)
    return FileResponse(out, as_attachment=True, content_type=XLSX, filename=name)


def _job_context(job) -> dict:
    return {"job": job, "interrupted": is_stale(job), "query": urlencode(job.params)}


@login_required
def export_list(request):
    """The user's own export jobs, newest first (nobody else's: they hold personal data)."""
    require_reader(request.user)
    jobs = ExportJob.objects.filter(created_by=request.user).order_by("-pk")[:RECENT_JOBS]
    return render(request, "registry/exports/list.html", {"jobs": jobs})


@login_required
def export_detail(request, job_id):
    job = access_export_job(request.user, job_id)
    filters = describe_filters(request.user, job.params)
    return render(
        request, "registry/exports/detail.html", {**_job_context(job), "filters": filters}
    )


@login_required
def export_progress(request, job_id):
    job = access_export_job(request.user, job_id)
    return render(request, "registry/exports/_progress.html", _job_context(job))


@login_required
def export_download(request, job_id):
    job = access_export_job(request.user, job_id)
    if job.status != job.Status.DONE or not job.file_path:
        messages.error(request, job.message or "Tệp chưa tạo xong.")
        return redirect("registry:export-detail", job_id=job.pk)
    try:
        handle = open(job.file_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError:
        messages.error(request, "Tệp không còn trên máy chủ: hãy xuất lại danh sách.")
        return redirect("registry:export-detail", job_id=job.pk)
    record_download(job, actor=Actor.for_user(request.user))
    return FileResponse(handle, as_attachment=True, content_type=XLSX, filename=job.file_name)


def _list_url(request) -> str:
    """The people list with the filters the export was asked with."""
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return (
        f"{reverse('registry:person-list')}?{query}" if query else reverse("registry:person-list")
    )
