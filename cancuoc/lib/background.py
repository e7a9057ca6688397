"""Run a job outside the web request that asked for it (imports, exports).

Three ways, chosen by a setting of the caller:
- "subprocess" (production): `cancuoc <command> <job id>` in a detached process, which
  survives the request and even a restart of the web server; its output goes to `log`;
- "thread": in a thread of the web process (closes its database connection when done);
- "inline": at once, in the caller (tests).
The process and the thread start only after the current transaction commits, so they see
the job row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from django.db import close_old_connections, transaction


def start_job(run_here: Callable[[], object], *, mode: str, command: str, job_id: int,
              log: Path) -> None:  # fmt: skip
    """Run the job the way `mode` says (see the module docstring)."""
    if mode == "inline":
        run_here()
    elif mode == "thread":
        transaction.on_commit(
            lambda: threading.Thread(target=_in_thread, args=(run_here,), daemon=True).start()
        )
    else:
        transaction.on_commit(lambda: _spawn(command, job_id, log))


def _in_thread(run_here: Callable[[], object]) -> None:
    try:
        run_here()
    finally:
        close_old_connections()


def _spawn(command: str, job_id: int, log: Path) -> None:
    with log.open("ab") as out:
        subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "cancuoc.cli", command, str(job_id)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ},
        )
