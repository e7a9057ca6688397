"""Kill the import process (SIGKILL) at random points and re-run it: every valid row once.

The import runs in real subprocesses (`cancuoc import people FILE`), so they need a database
they can open: on PostgreSQL the test database itself (committed data), on SQLite a file copy
of the in-memory test database.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3

import pytest
from django.db import connection

from cancuoc.registry.imports.chaos import kill_and_resume
from cancuoc.registry.tests.files import corpus

VALID, INVALID = 3000, 3


def _subprocess_world(tmp_path) -> tuple[dict, callable]:
    """Environment for child processes, and a function running SQL on their database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CANCUOC_IMPORT_BATCH_ROWS"] = "25"  # 120 batches: a kill lands mid-import
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )

        def sql(query):
            with connection.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchone()

        return env, sql
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "cancuoc.sqlite3")
    connection.connection.backup(target)
    target.close()
    env["CANCUOC_DATA_DIR"] = str(tmp_path)

    def sql(query):
        with sqlite3.connect(tmp_path / "cancuoc.sqlite3", timeout=30) as db:
            return db.execute(query).fetchone()

    return env, sql


@pytest.mark.django_db(transaction=True)
def test_killed_imports_resume_to_exactly_once(tmp_path, commune_a):
    rows = corpus.people_rows(VALID)
    for i in (10, 1500, 2900):  # invalid rows spread over several batches
        rows.insert(i, ["Lê Văn Tám", "15/05/90", "Nam", "", "26041", ""])
    path = corpus.write_csv(tmp_path / "ds.csv", rows)
    env, sql = _subprocess_world(tmp_path)

    def checkpoint() -> int:
        row = sql("SELECT max(checkpoint_row) FROM registry_importjob")
        return row[0] or 0

    seed = random.randrange(10**6)
    outcome = kill_and_resume(
        path, env=env, kills=3, checkpoint=checkpoint, rng=random.Random(seed), max_delay=0.03
    )
    assert outcome["returncode"] == 0, (seed, outcome["stderr"])
    result = json.loads(outcome["stdout"].strip().splitlines()[-1])
    assert (result["status"], result["rows_imported"], result["rows_invalid"]) == (
        "done",
        VALID,
        INVALID,
    )
    assert sql("SELECT count(*), count(DISTINCT personal_id) FROM registry_person") == (
        VALID,
        VALID,
    )
    assert sql("SELECT count(*) FROM registry_importissue") == (INVALID,)
    assert sql("SELECT count(*) FROM registry_importjob") == (1,)
    kills = outcome["checkpoints_at_kill"]
    assert kills == sorted(kills) and kills[0] > 0, kills
    assert kills[1] < VALID + INVALID + 1, f"the drill killed nothing mid-import: {kills}"
