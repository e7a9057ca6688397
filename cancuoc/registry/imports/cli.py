"""What the `cancuoc import people` and `cancuoc run_import` commands do, outside `handle`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.areas.models import Unit
from cancuoc.registry.imports.models import ImportJob
from cancuoc.registry.imports.report import write_report
from cancuoc.registry.imports.services import (
    can_resume,
    create_import_job,
    run_import_job,
    summary,
)


def area_unit(code: str | None) -> Unit | None:
    """The current-structure province or commune with this code (the list's area)."""
    if not code:
        return None
    unit = (
        Unit.objects.filter(scheme=Unit.Scheme.V2025, code=code.strip())
        .exclude(level=Unit.Level.DISTRICT)
        .order_by("level")
        .first()
    )
    if unit is None:
        raise CommandError(f"Không có tỉnh hoặc xã/phường mã “{code}” (cơ cấu từ 01/7/2025).")
    return unit


def import_people(
    path: str, *, unit_code: str | None, stderr, show_progress: bool, workers: int = 0
) -> ImportJob:
    """Create (or find) the job for the file, then run or resume it in this process."""
    file = Path(path).resolve()
    if not file.is_file():
        raise CommandError(f"Không tìm thấy tệp “{path}”.")
    actor = Actor.system("cli:import", channel=Channel.CLI)
    job, created = create_import_job(
        file, actor=actor, source_name=file.name, unit=area_unit(unit_code)
    )
    if not created and job.status == ImportJob.Status.DONE:
        stderr.write(f"Tệp này đã được nhập ở lần nhập #{job.pk}: không nhập lại.")
        return job
    return run_job(job, stderr=stderr, show_progress=show_progress, workers=workers)


def run_job(job: ImportJob, *, stderr, show_progress: bool, workers: int = 0) -> ImportJob:
    if not can_resume(job):
        raise CommandError(f"Lần nhập #{job.pk} đang chạy ở tiến trình khác ({job.worker}).")
    if not show_progress:
        return run_import_job(job, workers=workers)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(f"Nhập {job.source_name}", total=job.rows_expected or None)

        def progress(current: ImportJob) -> None:
            bar.update(
                task,
                total=current.rows_expected or None,
                completed=max(0, current.checkpoint_row - 1),
            )

        return run_import_job(job, progress=progress, workers=workers)


def print_result(job: ImportJob, *, stdout, as_json: bool, report: str | None) -> None:
    if report:
        write_report(job, Path(report))
    data = summary(job)
    if as_json:
        stdout.write(json.dumps(data, ensure_ascii=False))
        return
    stdout.write(
        f"Lần nhập #{job.pk} ({job.get_status_display()}): đọc {job.rows_read} dòng, nhập "
        f"{job.rows_imported}, lỗi {job.rows_invalid}, trùng số định danh {job.rows_conflict}, "
        f"nghi trùng {job.rows_flagged}."
    )
    if job.message:
        stdout.write(job.message)
