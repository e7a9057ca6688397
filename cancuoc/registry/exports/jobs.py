"""Excel exports too large for one web request: asked for on the list page, built in the
background with their progress shown, downloaded by the user who asked.

Settings (all optional):
- EXPORT_XLSX_DIRECT_MAX_ROWS (20,000): up to this many people an .xlsx is built inside the
  request (about 4 s); a larger list becomes an export job.
- EXPORT_RUNNER: "subprocess" (default; `cancuoc run_export JOB_ID`, detached), "thread" or
  "inline" (tests).
- EXPORT_DIR: where the files are kept (DATA_DIR/exports).
- EXPORT_STALE_SECONDS (120): a running job without progress for this long was interrupted.
- EXPORT_MAX_RUNNING (2): files built at the same time (each takes a core and ~170 MB); a job
  asked for beyond that waits, queued, and the process that finishes a job takes the next.
- EXPORT_KEEP_DAYS (7): a file holds personal data, so it is deleted this many days after it
  was built (when the next export is asked for); its job stays, saying so.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor, Channel
from cancuoc.lib.background import start_job
from cancuoc.registry.exports.filters import filtered_selection
from cancuoc.registry.exports.models import ExportJob
from cancuoc.registry.exports.services import export_people_xlsx

REQUESTED = "registry.people.export_requested"
DOWNLOADED = "registry.people.export_downloaded"
DIRECT_MAX_ROWS = 20_000
MAX_RUNNING = 2
KEEP_DAYS = 7


class FiltersInvalid(Exception):
    """The job's filters no longer validate for its user (their area changed, say)."""


def direct_max_rows() -> int:
    return getattr(settings, "EXPORT_XLSX_DIRECT_MAX_ROWS", DIRECT_MAX_ROWS)


def exports_dir() -> Path:
    path = Path(getattr(settings, "EXPORT_DIR", None) or settings.DATA_DIR / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def job_actor(job: ExportJob) -> Actor:
    """The user who asked, acting through the background job."""
    user = job.created_by
    return Actor(user.pk, user.agency_id, channel=Channel.JOB, label=job.actor_label)


def _silent(moment, *, now=None) -> bool:
    limit = getattr(settings, "EXPORT_STALE_SECONDS", 120)
    return ((now or timezone.now()) - moment).total_seconds() > limit


def running_jobs():
    """Jobs being built now (heard from lately)."""
    fresh = timezone.now() - dt.timedelta(seconds=getattr(settings, "EXPORT_STALE_SECONDS", 120))
    return ExportJob.objects.filter(status=ExportJob.Status.RUNNING, heartbeat_at__gte=fresh)


def is_stale(job: ExportJob) -> bool:
    """Running but silent for longer than a progress step can take, or queued for long with no
    job running that would take it next: the process is gone."""
    if job.status == ExportJob.Status.RUNNING:
        return _silent(job.heartbeat_at or job.started_at or job.created_at)
    if job.status == ExportJob.Status.QUEUED:
        return _silent(job.created_at) and not running_jobs().exists()
    return False


@transaction.atomic
def request_people_export(
    params: dict, *, actor: Actor, user, criteria: dict, rows_expected: int, file_name: str
) -> ExportJob:
    """A queued export of the people list filtered by `params` (the list page's query), or the
    user's export of the same list still being built (a second click adds no second job).

    Effects: one ExportJob owned by `user`; audit registry.people.export_requested with the
    filters and the expected number of rows. Nothing is read from the register yet.
    """
    purge_old_exports()
    unfinished = ExportJob.objects.filter(
        created_by=user, status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
    )
    for job in unfinished.order_by("-pk"):
        if job.params == params and not is_stale(job):
            return job
    job = ExportJob.objects.create(
        created_by=user,
        actor_label=actor.label,
        params=params,
        criteria=criteria,
        rows_expected=rows_expected,
        file_name=file_name,
    )
    audit.record(actor, REQUESTED, job, data={"filters": criteria, "rows_expected": rows_expected})
    return job


def purge_old_exports(*, now=None) -> int:
    """Delete the files of exports built more than EXPORT_KEEP_DAYS days ago; return how many.
    Their jobs stay (who exported what, and when, is kept in the audit trail)."""
    days = getattr(settings, "EXPORT_KEEP_DAYS", KEEP_DAYS)
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file_path="")
    for job in old:
        Path(job.file_path).unlink(missing_ok=True)
    return old.update(file_path="", message=f"Tệp đã được xóa sau {days} ngày.")


def _claim(job: ExportJob) -> bool:
    """Mark a queued job running; False if it already ran or runs elsewhere."""
    now = timezone.now()
    return bool(
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=now, heartbeat_at=now
        )
    )


def run_export_job(job: ExportJob) -> ExportJob:
    """Build the job's .xlsx (a queued job only; otherwise nothing happens).

    The filters are applied again within the area the user has now. Progress (rows written)
    is saved every few thousand rows. The file is written under a temporary name and renamed
    when complete, so a finished job always points at a whole file. Effects: the file; the
    job done with its row count and size (or failed with the reason, no file left); audit
    registry.people.exported by the user through the job.
    """
    if not _claim(job):
        job.refresh_from_db()
        return job
    part = exports_dir() / f".{job.pk}-{uuid.uuid4().hex}.part"
    try:
        selection, form = filtered_selection(job.created_by, job.params)
        if selection is None:
            raise FiltersInvalid("bộ lọc không còn hợp lệ: " + _form_errors(form))
        rows = export_people_xlsx(
            selection, part, actor=job_actor(job), criteria=job.criteria,
            progress=lambda n: _progress(job, n),
        )  # fmt: skip
        final = exports_dir() / f"{job.pk}-{uuid.uuid4().hex[:12]}.xlsx"
        part.rename(final)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE, rows_written=rows, file_path=str(final),
            file_size=final.stat().st_size, finished_at=timezone.now(),
        )  # fmt: skip
    except Exception as exc:
        part.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            message=f"Không tạo được tệp: {exc}. Hãy xuất lại hoặc lọc hẹp hơn.",
            finished_at=timezone.now(),
        )
        if not isinstance(exc, FiltersInvalid):
            raise
    finally:
        job.refresh_from_db()
    return job


def _form_errors(form) -> str:
    """ "Xã/phường: ...; Năm kết thúc ...": each error with its field's label, if it has one."""
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


def _progress(job: ExportJob, rows: int) -> None:
    ExportJob.objects.filter(pk=job.pk).update(rows_written=rows, heartbeat_at=timezone.now())


def record_download(job: ExportJob, *, actor: Actor) -> None:
    """Audit one download of the job's file (personal data leaving the system)."""
    audit.record(actor, DOWNLOADED, job, data={"rows": job.rows_written, "file": job.file_name})


# ---------------------------------------------------------------------- background start


def run_export_queue(job: ExportJob) -> ExportJob:
    """Build `job`, then every job still queued, oldest first (each is claimed, so two
    processes never build the same one); return `job` as it ended."""
    job = run_export_job(job)
    while (waiting := ExportJob.objects.filter(status=ExportJob.Status.QUEUED)
           .order_by("pk").first()) is not None:  # fmt: skip
        run_export_job(waiting)
    return job


def start_export_job(job: ExportJob) -> None:
    """Run the job outside the request, after the current transaction commits; when
    EXPORT_MAX_RUNNING jobs are already being built, leave it queued for them to take."""
    if running_jobs().count() >= getattr(settings, "EXPORT_MAX_RUNNING", MAX_RUNNING):
        return
    start_job(
        lambda: run_export_queue(job),
        mode=getattr(settings, "EXPORT_RUNNER", "subprocess"),
        command="run_export",
        job_id=job.pk,
        log=exports_dir() / f"job-{job.pk}.log",
    )
