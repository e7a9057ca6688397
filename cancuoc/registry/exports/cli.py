"""What `cancuoc export people` does, outside `handle`."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.scope import Scope, scope_of_unit
from cancuoc.registry.exports.rows import select_people
from cancuoc.registry.exports.services import export_people_xlsx, write_people_csv
from cancuoc.registry.imports.cli import area_unit


def format_of(out: str, fmt: str | None) -> str:
    """The format asked for, or the one the file name ends with (.xlsx unless .csv)."""
    if fmt:
        return fmt
    return "csv" if out.lower().endswith(".csv") else "xlsx"


def export_people(*, out: str, unit_code: str | None, text: str, fmt: str | None) -> dict:
    """Export the people of the area (national without --unit) matching `text` to `out`."""
    path = Path(out)
    if not path.parent.is_dir():
        raise CommandError(f"Không có thư mục “{path.parent}” để ghi tệp “{out}”.")
    unit = area_unit(unit_code)
    scope = scope_of_unit(unit) if unit else Scope(national=True)
    fmt = format_of(out, fmt)
    actor = Actor.system("cli:export", channel=Channel.CLI)
    criteria = {"unit": unit_code or "", "q": text, "national": unit is None}
    selection = select_people(scope, text=text)
    started = time.perf_counter()
    if fmt == "csv":
        with path.open("wb") as f:
            rows = write_people_csv(selection, f, actor=actor, criteria=criteria)
    else:
        rows = export_people_xlsx(selection, path, actor=actor, criteria=criteria)
    seconds = time.perf_counter() - started
    return {"file": str(path), "format": fmt, "rows": rows, "seconds": round(seconds, 2)}
