"""Upload a people list, follow its import (HTMX-polled progress), download the error report."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from cancuoc.accounts.access import require_writer
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import scope_of_user
from cancuoc.areas.models import Unit
from cancuoc.registry.agency_lists.services import register_agency_list
from cancuoc.registry.imports.access import access_import_job
from cancuoc.registry.imports.forms import UploadForm
from cancuoc.registry.imports.queries import issues_of, jobs_in_scope
from cancuoc.registry.imports.report import column_name, write_report
from cancuoc.registry.imports.services import (
    can_resume,
    create_import_job,
    max_upload_bytes,
    start_import_job,
    store_upload,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit (before it fills the disk)."""

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit, self.exceeded = limit, False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The declared size already says no: stop at the first chunk, read nothing more.
        self.exceeded = bool(content_length and content_length > self.limit + 64 * 1024)

    def receive_data_chunk(self, raw_data, start):
        if self.exceeded or start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _area(user) -> Unit | None:
    """The current-structure commune or province a user imports into."""
    unit = user.agency.unit if user.agency_id else None
    if unit and unit.scheme == Unit.Scheme.V2025 and unit.level != Unit.Level.DISTRICT:
        return unit
    return None


@csrf_exempt
@login_required
def import_upload(request):
    limit = SizeLimit(request, max_upload_bytes())
    request.upload_handlers.insert(0, limit)
    return _upload(request, limit)


@csrf_protect
def _upload(request, limit: SizeLimit):
    require_writer(request.user)
    area, form = _area(request.user), UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if limit.exceeded:
            form.add_error(
                None,
                f"Tệp vượt giới hạn {max_upload_bytes() / 1e6:.0f} MB cho tải lên. "
                "Hãy chia nhỏ danh sách hoặc nhờ quản trị dùng lệnh “cancuoc import people”.",
            )
        elif area is None:
            form.add_error(None, "Tài khoản của bạn không gắn với xã/phường hoặc tỉnh hiện hành.")
        elif form.is_valid():
            return _accept(request, form.cleaned_data, area)
    jobs = jobs_in_scope(scope_of_user(request.user))[:20]
    return render(
        request,
        "registry/imports/upload.html",
        {"form": form, "area": area, "jobs": jobs, "limit_mb": max_upload_bytes() // 10**6},
    )


def _accept(request, form_data: dict, area: Unit):
    upload = form_data["file"]
    path, sha = store_upload(upload)
    actor = Actor.for_user(request.user)
    job, created = create_import_job(
        path, actor=actor, source_name=upload.name, sha256=sha, unit=area, user=request.user
    )
    if created:
        if kind := form_data.get("list_kind"):
            register_agency_list(job, kind=kind, agency_name=form_data["agency_name"], actor=actor)
        start_import_job(job)
        messages.success(request, f"Đã nhận tệp “{upload.name}”; đang nhập trong nền.")
    else:
        messages.info(request, f"Tệp này đã được nhận ở lần nhập #{job.pk}: không nhập lại.")
    return redirect("registry:import-detail", job_id=job.pk)


@login_required
def import_detail(request, job_id):
    job = access_import_job(request.user, job_id)
    issues = [(i, column_name(i.column)) for i in issues_of(job)]
    return render(
        request,
        "registry/imports/detail.html",
        {"job": job, "issues": issues, "resumable": can_resume(job)},
    )


@login_required
def import_progress(request, job_id):
    job = access_import_job(request.user, job_id)
    return render(
        request, "registry/imports/_progress.html", {"job": job, "resumable": can_resume(job)}
    )


@login_required
def import_report(request, job_id):
    job = access_import_job(request.user, job_id)
    report = tempfile.TemporaryFile()  # streamed from disk: a report can hold a million rows
    write_report(job, report)
    report.seek(0)
    return FileResponse(
        report, as_attachment=True, content_type=XLSX, filename=f"bao-cao-loi-nhap-{job.pk}.xlsx"
    )


@require_POST
@login_required
def import_resume(request, job_id):
    job = access_import_job(request.user, job_id, write=True)
    if can_resume(job):
        start_import_job(job)
        messages.success(request, "Đang nhập tiếp từ dòng đã dừng.")
    else:
        messages.info(request, "Lần nhập này không cần chạy tiếp.")
    return redirect("registry:import-detail", job_id=job.pk)
