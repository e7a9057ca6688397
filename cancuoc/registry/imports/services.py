"""Import jobs: create one for a file, run it (or resume it), and start it in the background.

Settings (all optional):
- IMPORT_MAX_UPLOAD_BYTES (env CANCUOC_IMPORT_MAX_UPLOAD_MB, default 100 MB): web uploads.
- IMPORT_MAX_XLSX_BYTES (env CANCUOC_IMPORT_MAX_XLSX_MB, default 100 MB): any .xlsx, because
  an Excel file's shared-strings table is held in memory. CSV from the command line has no
  limit: it is streamed with constant memory.
- IMPORT_RUNNER: "subprocess" (default; `cancuoc run_import JOB_ID`, detached, survives the
  web request and even a web server restart), "thread", or "inline" (tests).
- IMPORT_BATCH_ROWS (env CANCUOC_IMPORT_BATCH_ROWS): rows per committed batch (10,000).
- IMPORT_WORKERS (env CANCUOC_IMPORT_WORKERS): processes validating rows while the importing
  process writes, for files of 20,000 rows or more (default 1: see DEFAULT_WORKERS).
- IMPORT_STALE_SECONDS: a running job without heartbeat for this long is resumable (300).
- IMPORT_FAST_LOAD_MIN_ROWS (env CANCUOC_IMPORT_FAST_LOAD_MIN_ROWS, default 50,000; 0 turns it
  off): a file of at least this many rows going into a register that holds no more people than
  the file is loaded with the register's secondary indexes (and PostgreSQL foreign keys)
  dropped and rebuilt once at the end (`registry.fastload`), except the indexes the duplicate
  screening reads. Searches are slower while such a load runs; a killed load is repaired by
  the next run (or `cancuoc serve`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import uuid
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor, Channel
from cancuoc.lib.background import start_job
from cancuoc.registry.agency_lists.services import fill_agency_list
from cancuoc.registry.fastload import fast_load
from cancuoc.registry.imports.blocks import text_blocks
from cancuoc.registry.imports.columns import HeaderError, match_headers
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.runner import DEFAULT_BATCH_ROWS, LostClaim, row_context, run_batches
from cancuoc.registry.imports.sources import FileRefused, open_source

MB = 1_000_000
SQLITE_CACHE_KIB = 256 * 1024
PARALLEL_MIN_ROWS = 20_000  # below this, forking validation workers is not worth it
# One process validates the next batches while this one writes (1M-row list, 2 cores: SQLite
# 20,520 -> 28,840 rows/s with the worker, PostgreSQL 18,295 -> 31,568; bench/README.md). A
# second worker is slower on 2 cores: the writer and the server need the other core.
DEFAULT_WORKERS = 1
FAST_LOAD_MIN_ROWS = 50_000
# What the duplicate screening (runner.screen_duplicates) reads: kept during a fast load.
SCREENING_INDEXES = (
    ("registry_person", ("record_id",)),
    ("registry_person", ("unit_id", "name_folded", "birth_date")),
)


def _setting(name: str, env: str, default_mb: int) -> int:
    value = getattr(settings, name, None)
    return int(value) if value is not None else int(os.getenv(env) or default_mb) * MB


def max_upload_bytes() -> int:
    return _setting("IMPORT_MAX_UPLOAD_BYTES", "CANCUOC_IMPORT_MAX_UPLOAD_MB", 100)


def max_xlsx_bytes() -> int:
    return _setting("IMPORT_MAX_XLSX_BYTES", "CANCUOC_IMPORT_MAX_XLSX_MB", 100)


def storage_dir() -> Path:
    path = Path(getattr(settings, "IMPORT_DIR", None) or settings.DATA_DIR / "imports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def store_upload(upload) -> tuple[Path, str]:
    """Copy an uploaded file into the import directory; return its path and SHA-256."""
    digest = hashlib.sha256()
    tmp = storage_dir() / f".upload-{uuid.uuid4().hex}"
    with tmp.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    sha = digest.hexdigest()
    suffix = Path(upload.name).suffix.lower()[:6]
    path = storage_dir() / f"{sha[:24]}{suffix}"
    shutil.move(tmp, path)
    return path, sha


def _previous_job(sha: str, unit) -> ImportJob | None:
    """The job of the same area that already took this exact file, unless it refused it."""
    jobs = ImportJob.objects.filter(file_sha256=sha, unit=unit).exclude(
        Q(status=ImportJob.Status.FAILED) & Q(checkpoint_row=0)
    )
    return jobs.order_by("-pk").first()


@transaction.atomic
def create_import_job(
    path: Path, *, actor: Actor, source_name: str, sha256: str = "", unit=None, user=None
) -> tuple[ImportJob, bool]:
    """A queued job for the file at `path`, or the earlier job for the same content.

    Preconditions: `path` exists. Effects: a new ImportJob (created=True), or nothing when a
    job of the same area already imported or is importing this exact file (same SHA-256):
    re-running a file never adds its people twice; an interrupted job is resumed instead.
    """
    sha256 = sha256 or file_sha256(path)
    if previous := _previous_job(sha256, unit):
        return previous, False
    job = ImportJob.objects.create(
        source_name=source_name[:255],
        file_path=str(path),
        file_sha256=sha256,
        file_size=path.stat().st_size,
        unit=unit,
        created_by=user,
        agency_id=actor.agency_id,
        actor_label=actor.label,
        channel=actor.channel,
    )
    audit.record(
        actor,
        "registry.import.created",
        job,
        data={"file": job.source_name, "sha256": sha256, "unit": unit and unit.code},
    )
    return job, True


def job_actor(job: ImportJob) -> Actor:
    """The person who asked for the import, acting through the background job."""
    return Actor(
        user_id=job.created_by_id,
        agency_id=job.agency_id,
        channel=job.channel if job.channel == Channel.CLI else Channel.JOB,
        label=job.actor_label or "import",
    )


def is_stale(job: ImportJob) -> bool:
    """A job whose worker is gone: dead process here, no heartbeat for long, never started."""
    limit = getattr(settings, "IMPORT_STALE_SECONDS", 300)
    if job.status == ImportJob.Status.QUEUED:  # its worker never started
        return (timezone.now() - job.created_at).total_seconds() > limit
    if job.status != ImportJob.Status.RUNNING:
        return False
    host, _, rest = job.worker.partition(":")
    pid = rest.partition(":")[0]
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        return True
    beat = job.heartbeat_at or job.started_at
    return beat is None or (timezone.now() - beat).total_seconds() > limit


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped by its parent is a zombie: dead for us
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def can_resume(job: ImportJob) -> bool:
    resumable_failure = job.status == ImportJob.Status.FAILED and job.checkpoint_row > 0
    return job.status == ImportJob.Status.QUEUED or resumable_failure or is_stale(job)


def _claim(job: ImportJob) -> str | None:
    """Mark the job running for this process; None if it is running elsewhere or finished."""
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    with transaction.atomic():
        current = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not can_resume(current):
            return None
        now = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.RUNNING,
            worker=worker,
            heartbeat_at=now,
            message="",
            started_at=current.started_at or now,
        )
        audit.record(
            job_actor(current),
            "registry.import.started",
            current,
            data={"file": current.source_name, "resume_after_row": current.checkpoint_row},
        )
    job.refresh_from_db()
    return worker


def _finish(job: ImportJob, worker: str, status: str, message: str = "") -> None:
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk, worker=worker).update(
            status=status, message=message, finished_at=timezone.now(), heartbeat_at=timezone.now()
        )
        job.refresh_from_db()
        audit.record(job_actor(job), "registry.import.finished", job, data=summary(job))


def summary(job: ImportJob) -> dict:
    """Counts of a job, as printed by the CLI and written in the audit trail."""
    return {
        "job": job.pk,
        "file": job.source_name,
        "status": job.status,
        "message": job.message,
        "rows_read": job.rows_read,
        "rows_imported": job.rows_imported,
        "rows_invalid": job.rows_invalid,
        "rows_conflict": job.rows_conflict,
        "rows_flagged": job.rows_flagged,
        "checkpoint_row": job.checkpoint_row,
    }


def _refuse(job: ImportJob, worker: str, reason: str) -> None:
    with transaction.atomic():
        ImportIssue.objects.filter(job=job, row__lte=1).delete()
        ImportIssue.objects.create(job=job, row=1, message=reason)
    _finish(job, worker, ImportJob.Status.FAILED, reason)


def run_import_job(
    job: ImportJob, *, progress=None, on=None, max_bytes: int | None = None, workers: int = 0
) -> ImportJob:
    """Run (or resume) `job` in this process until it is done or refused.

    Preconditions: the job is queued, failed after some batches, or interrupted (stale);
    otherwise nothing happens. Effects: valid rows written batch by batch with the checkpoint;
    invalid rows, conflicts and look-alikes recorded as ImportIssue; audit events
    registry.import.started and registry.import.finished (with the counts). A file-level
    problem fails the job before any row is written.
    """
    worker = _claim(job)
    if worker is None:
        return job
    try:
        on = on or timezone.localdate()
        _run(job, worker, progress=progress, on=on, max_bytes=max_bytes, workers=workers)
    except LostClaim:
        pass
    except (FileRefused, HeaderError) as exc:
        _refuse(job, worker, exc.reason)
    except Exception as exc:
        job.refresh_from_db()
        _finish(
            job,
            worker,
            ImportJob.Status.FAILED,
            f"Lỗi hệ thống sau dòng {job.checkpoint_row}: {exc}. Các lô đã ghi được giữ "
            "nguyên; chạy lại để tiếp tục từ chỗ dừng.",
        )
        raise
    job.refresh_from_db()
    return job


def _run(job: ImportJob, worker: str, *, progress, on, max_bytes, workers) -> None:
    path = Path(job.file_path)
    if not path.exists():
        raise FileRefused(f"Không còn tệp “{job.source_name}” trên máy chủ để nhập tiếp.")
    if job.checkpoint_row and file_sha256(path) != job.file_sha256:
        raise FileRefused(f"Tệp “{job.source_name}” đã bị thay đổi từ lần nhập trước.")
    source = open_source(path, name=job.source_name, max_bytes=max_bytes)
    if source.format == "xlsx" and path.stat().st_size > max_xlsx_bytes():
        raise FileRefused(
            f"Tệp Excel lớn hơn {max_xlsx_bytes() // MB} MB: hãy lưu thành CSV UTF-8."
        )
    layout = match_headers(source.headers)
    ImportJob.objects.filter(pk=job.pk).update(
        file_format=source.format,
        encoding=source.encoding,
        rows_expected=source.rows_expected,
        message=_notes(source, layout),
    )
    after = max(job.checkpoint_row, 1)
    rows = source.rows(after=after)
    if not job.checkpoint_row and next(source.rows(), None) is None:
        raise FileRefused(f"“{job.source_name}” chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")
    batch_rows, workers = _tuning(source.rows_expected, workers)
    blocks = text_blocks(source, after=after) if workers and source.format == "csv" else None
    ctx = row_context(job, layout, on)
    with bulk_session(), _maybe_fast_load(source.rows_expected):
        run_batches(
            rows,
            ctx,
            job,
            worker=worker,
            actor=job_actor(job),
            batch_rows=batch_rows,
            workers=workers,
            blocks=blocks,
            progress=progress,
        )
    fill_agency_list(job, actor=job_actor(job))  # an agency's list keeps every row (seed 003)
    job.refresh_from_db()
    _finish(job, worker, ImportJob.Status.DONE, job.message)


def _tuning(rows_expected: int, workers: int) -> tuple[int, int]:
    """Rows per batch, and validation processes (0: validate here, as for any file under
    IMPORT_PARALLEL_MIN_ROWS rows)."""
    batch_rows = getattr(settings, "IMPORT_BATCH_ROWS", None) or int(
        os.getenv("CANCUOC_IMPORT_BATCH_ROWS") or DEFAULT_BATCH_ROWS
    )
    configured = getattr(settings, "IMPORT_WORKERS", None)
    if configured is None:
        configured = int(os.getenv("CANCUOC_IMPORT_WORKERS") or DEFAULT_WORKERS)
    workers = workers or configured
    if rows_expected < getattr(settings, "IMPORT_PARALLEL_MIN_ROWS", PARALLEL_MIN_ROWS):
        workers = 0
    return batch_rows, workers


def _maybe_fast_load(rows_expected: int):
    """fast_load for a large file into a register no larger than the file; else nothing."""
    minimum = getattr(settings, "IMPORT_FAST_LOAD_MIN_ROWS", None)
    if minimum is None:
        minimum = int(os.getenv("CANCUOC_IMPORT_FAST_LOAD_MIN_ROWS") or FAST_LOAD_MIN_ROWS)
    if not minimum or rows_expected < minimum:
        return nullcontext(False)
    return fast_load(keep=SCREENING_INDEXES, max_people=rows_expected)


@contextmanager
def bulk_session():
    """On SQLite, a large page cache while the job writes: random inserts into a dozen
    indexes otherwise turn into system calls once the register outgrows the 2 MB default."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _notes(source, layout) -> str:
    notes = list(source.notes)
    if layout.ignored:
        notes.append("Bỏ qua các cột không dùng: " + ", ".join(layout.ignored) + ".")
    return " ".join(notes)


# ---------------------------------------------------------------------- background start


def start_import_job(job: ImportJob) -> None:
    """Start the job outside the request, after the current transaction commits
    (IMPORT_RUNNER: "subprocess", "thread" or "inline"; `cancuoc run_import JOB_ID`)."""
    start_job(
        lambda: run_import_job(job),
        mode=getattr(settings, "IMPORT_RUNNER", "subprocess"),
        command="run_import",
        job_id=job.pk,
        log=storage_dir() / f"job-{job.pk}.log",
    )
