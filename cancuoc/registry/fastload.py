"""Load huge populations into (nearly) empty register tables faster: indexes rebuilt once.

Used by the synthetic generator (empty tables only) and by large imports (`keep` the indexes
their duplicate screening reads, and allow tables that hold fewer people than the file).

Inside `fast_load()` the secondary (non-unique) indexes of the five register tables are
dropped and so are the foreign-key checks (PostgreSQL: the constraints defined on these tables;
SQLite: `PRAGMA foreign_keys` of the loading connections, see `relax_checks`). When the block
ends the indexes are recreated from the exact definitions read from the database catalogue
and the foreign keys are checked over the whole tables at once (PostgreSQL re-adds and
validates the constraints; SQLite runs `PRAGMA foreign_key_check` and fails loudly). Building
an index once over sorted data costs much less than maintaining it row by row. Unique indexes
and primary keys stay, so `registry.bulk` still refuses duplicate numbers batch by batch.

The definitions are saved to a file in DATA_DIR before anything is dropped; if the process
dies half-way, the next `fast_load()` or `restore_schema()` recreates them first.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from cancuoc.registry.models import Household, IdentityDocument, Person, Relative, Residence

MODELS = (Household, Person, Residence, IdentityDocument, Relative)


def state_file() -> Path:
    return Path(settings.DATA_DIR) / f"fast_load_{connection.settings_dict['NAME']}.json".replace(
        "/", "_"
    )


# An index to keep is named by its table and leading columns (as in the catalogue).
Kept = tuple[str, tuple[str, ...]]


@contextmanager
def fast_load(*, keep: tuple[Kept, ...] = (), max_people: int = 0) -> Iterator[bool]:
    """Yield True with indexes (and PostgreSQL foreign keys) dropped; False, changing nothing,
    when the register already holds more than `max_people` people (or any row at all in the
    five tables, with the default 0). Indexes listed in `keep` stay. Everything dropped is
    recreated on exit."""
    restore_schema()
    if not _small_enough(max_people):
        yield False
        return
    statements = _pg_definitions() if connection.vendor == "postgresql" else _sqlite_definitions()
    statements = [item for item in statements if not _kept(item, keep)]
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(statements, ensure_ascii=False, indent=1))
    with connection.cursor() as cursor:
        _flush_deferred(cursor)
        for item in statements:
            cursor.execute(item["drop"])
    relax_checks()
    try:
        yield True
    finally:
        restore_schema()


def _small_enough(max_people: int) -> bool:
    if not max_people:
        return not any(model.objects.exists() for model in MODELS)
    return not Person.objects.all()[max_people : max_people + 1].exists()


def _kept(item: dict, keep: tuple[Kept, ...]) -> bool:
    """Whether a dropped-by-default index is one of `keep` (same table, same leading columns)."""
    if item["kind"] != "index" or not keep:
        return False
    inside = item["create"].rsplit(" INCLUDE ", 1)[0]
    parts = [part.split() for part in inside[inside.index("(") + 1 : inside.rindex(")")].split(",")]
    if any(len(part) != 1 for part in parts):  # an operator class or ordering: another index
        return False
    columns = tuple(part[0].strip('"') for part in parts)
    table = item["table"]
    return any(table == t and columns == wanted for t, wanted in keep)


def relax_checks() -> None:
    """On SQLite, stop checking foreign keys row by row on this connection (fast load only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")


def restore_schema() -> int:
    """Recreate whatever a fast load dropped (idempotent); return the statements run.

    On PostgreSQL outside a transaction the work is spread over two connections: indexes are
    built two at a time, foreign keys are added NOT VALID and then validated table by table
    (VALIDATE only takes a SHARE UPDATE EXCLUSIVE lock, so two tables validate at once). A
    validated constraint is the same as one added in a single step.
    """
    path = state_file()
    if not path.exists():
        return 0
    statements = json.loads(path.read_text())
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _restore_pg_in_parallel(statements)
    else:
        with connection.cursor() as cursor:
            _flush_deferred(cursor)
            for item in statements:
                if not _exists(cursor, item):
                    cursor.execute(item["create"])
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA foreign_keys = ON")
                _check_foreign_keys(cursor)
    path.unlink()
    return len(statements)


def _restore_pg_in_parallel(statements: list[dict]) -> None:
    keys = [item for item in statements if item["kind"] == "foreign_key"]
    _two_at_a_time([item for item in statements if item["kind"] == "index"], _create)
    with connection.cursor() as cursor:
        for item in keys:
            if not _exists(cursor, item):
                cursor.execute(item["create"] + " NOT VALID")
    by_table: dict[str, list[dict]] = {}
    for item in keys:
        by_table.setdefault(item["table"], []).append(item)
    _two_at_a_time(list(by_table.values()), _validate)


def _create(cursor, item: dict) -> None:
    if not _exists(cursor, item):
        cursor.execute(item["create"])


def _validate(cursor, items: list[dict]) -> None:
    for item in items:  # a no-op for a constraint that is already valid
        cursor.execute(f'ALTER TABLE {item["table"]} VALIDATE CONSTRAINT "{item["name"]}"')


def _two_at_a_time(jobs: list, work) -> None:
    """Run work(cursor, job) for every job on two PostgreSQL connections of their own."""
    pending = list(reversed(jobs))
    lock = threading.Lock()

    def worker() -> None:
        try:
            with connection.cursor() as cursor:  # this thread's own connection
                cursor.execute("SET maintenance_work_mem = '256MB'")
                cursor.execute("SET max_parallel_maintenance_workers = 0")
                while True:
                    with lock:
                        if not pending:
                            return
                        job = pending.pop()
                    work(cursor, job)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(worker) for _ in range(2)]:
            future.result()


def _flush_deferred(cursor) -> None:
    """Inside an enclosing transaction, run PostgreSQL's pending deferred checks now: a table
    with pending trigger events cannot be altered. (No-op in autocommit and on SQLite.)"""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _check_foreign_keys(cursor) -> None:
    for table in _tables():
        cursor.execute(f'PRAGMA foreign_key_check("{table}")')
        broken = cursor.fetchall()
        if broken:
            row = broken[0]
            raise RuntimeError(
                f"Bảng {table}: {len(broken)} dòng tham chiếu tới bản ghi không tồn tại "
                f"(dòng {row[1]} → {row[2]})"
            )


def _tables() -> list[str]:
    return [m._meta.db_table for m in MODELS]


def _sqlite_definitions() -> list[dict]:
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
            f"AND sql IS NOT NULL AND tbl_name IN ({', '.join(['%s'] * len(MODELS))})",
            _tables(),
        )
        for name, table, sql in cursor.fetchall():
            if sql.upper().startswith("CREATE UNIQUE"):
                continue
            found.append({"kind": "index", "name": name, "table": table, "create": sql,
                          "drop": f'DROP INDEX "{name}"'})  # fmt: skip
    return found


def _pg_definitions() -> list[dict]:
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary",
            [_tables()],
        )
        for name, table, sql in cursor.fetchall():
            found.append({"kind": "index", "name": name, "table": table, "create": sql,
                          "drop": f'DROP INDEX "{name}"'})  # fmt: skip
        cursor.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [_tables()],
        )
        for name, table, definition in cursor.fetchall():
            found.append({
                "kind": "foreign_key", "name": name, "table": table,
                "create": f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}',
                "drop": f'ALTER TABLE {table} DROP CONSTRAINT "{name}"',
            })  # fmt: skip
    return found


def _exists(cursor, item: dict) -> bool:
    if connection.vendor == "postgresql":
        if item["kind"] == "index":
            cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i'",
                           [item["name"]])  # fmt: skip
        else:
            cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [item["name"]])
    else:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s",
                       [item["name"]])  # fmt: skip
    return cursor.fetchone() is not None
