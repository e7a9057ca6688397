"""Kill an import process at random moments and re-run it: the reliability drill.

Used by the test suite (a few kills on a small file) and by bench/bench_import.py (ten kills).
Each run is `cancuoc import people FILE`, exactly what an officer would type again after a
crash; the file's hash finds the interrupted job and the checkpoint skips committed rows.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def import_command(path: Path) -> list[str]:
    return [sys.executable, "-m", "cancuoc.cli", "import", "people", str(path), "--json"]


def kill_and_resume(
    path: Path,
    *,
    env: dict,
    kills: int,
    checkpoint: Callable[[], int],
    rng: random.Random,
    max_delay: float = 0.1,
    timeout: float = 120,
) -> dict:
    """SIGKILL the import `kills` times once its checkpoint has moved, then let it finish.

    `checkpoint()` reads the job's checkpoint row from the database (0 before the job exists).
    Returns what happened: the checkpoint at each kill and the final run's output.
    """
    at_kill = []
    for _ in range(kills):
        before = checkpoint()
        process = subprocess.Popen(
            import_command(path), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while checkpoint() <= before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, max_delay))  # inside a later batch, or between two
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        at_kill.append(checkpoint())
    final = subprocess.run(
        import_command(path), env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    return {
        "checkpoints_at_kill": at_kill,
        "returncode": final.returncode,
        "stdout": final.stdout,
        "stderr": final.stderr,
    }
