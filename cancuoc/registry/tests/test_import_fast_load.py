"""A large file into a small register: indexes dropped for the load and rebuilt once, with
the same results as the ordinary path (duplicates refused, look-alikes flagged)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.registry import fastload
from cancuoc.registry.imports import runner
from cancuoc.registry.imports.models import ImportIssue
from cancuoc.registry.imports.services import (
    _maybe_fast_load,
    create_import_job,
    run_import_job,
)
from cancuoc.registry.models import Person
from cancuoc.registry.tests.files import corpus
from cancuoc.testing import make_person

CLI = Actor.system("test", channel=Channel.CLI)


def _definitions() -> list[str]:
    found = (
        fastload._pg_definitions()
        if connection.vendor == "postgresql"
        else fastload._sqlite_definitions()
    )
    return sorted(item["create"] for item in found)


def _run(path):
    job, _ = create_import_job(path, actor=CLI, source_name=path.name)
    return run_import_job(job)


@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the fast load's state file
    settings.IMPORT_FAST_LOAD_MIN_ROWS = 5
    settings.IMPORT_BATCH_ROWS = 10


def test_a_fast_load_imports_flags_and_restores_every_index(small_threshold, commune_a, tmp_path):
    before = _definitions()
    rows = corpus.people_rows(25)
    near, far = list(rows[1]), list(rows[3])
    near[3] = far[3] = ""  # same name, birth date and commune, no number
    # file rows: 2-4 = rows[0:3], 5 = twin of row 3 (same batch), ..., 28 = twin of row 6
    # (written in an earlier batch), 29 = row 2 again (its number is taken)
    file_rows = [*rows[:3], near, *rows[3:], far, rows[0]]
    dropped_during_load = []
    real = runner.commit_batch

    def spy(batch, job, **kwargs):
        dropped_during_load.append(len(_definitions()) < len(before))
        return real(batch, job, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "commit_batch", spy)
        job = _run(corpus.write_csv(tmp_path / "a.csv", file_rows))

    assert all(dropped_during_load) and len(dropped_during_load) == 3
    assert (job.status, job.rows_imported, job.rows_conflict, job.rows_flagged) == (
        "done",
        27,
        1,
        2,
    )
    same_batch, earlier = ImportIssue.objects.filter(job=job, kind="flag").order_by("row")
    assert (same_batch.row, same_batch.person_id) == (5, None)
    assert "dòng 3 của tệp" in same_batch.message
    sixth = Person.objects.get(personal_id=rows[3][3])
    assert (earlier.row, earlier.person_id) == (28, sixth.pk)
    assert f"đã có trong sổ (mã {sixth.pk})" in earlier.message
    conflict = ImportIssue.objects.get(job=job, kind="conflict")
    assert conflict.row == 29 and "đã có trong sổ" in conflict.message
    assert _definitions() == before
    assert not fastload.state_file().exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1


def test_look_alikes_of_people_already_in_the_register_name_them(
    small_threshold, commune_a, tmp_path
):
    rows = corpus.people_rows(8)
    name, born = rows[2][0], rows[2][1]
    existing = make_person(full_name=name, unit=commune_a)
    Person.objects.filter(pk=existing.pk).update(birth_date=_iso(born))
    job = _run(corpus.write_csv(tmp_path / "a.csv", rows))
    flag = ImportIssue.objects.get(job=job, kind="flag")
    assert (flag.row, flag.person_id) == (4, existing.pk)
    assert f"mã {existing.pk}" in flag.message


def test_an_interrupted_fast_load_is_repaired_by_the_next_run(small_threshold, commune_a, tmp_path):
    before = _definitions()
    interrupted = fastload.fast_load(keep=(), max_people=100)
    assert interrupted.__enter__() is True  # the process dies here: nothing restored
    assert _definitions() != before and fastload.state_file().exists()

    job = _run(corpus.write_csv(tmp_path / "a.csv", corpus.people_rows(12)))

    assert (job.status, job.rows_imported) == ("done", 12)
    assert _definitions() == before and not fastload.state_file().exists()


@override_settings(IMPORT_FAST_LOAD_MIN_ROWS=5)
def test_a_register_larger_than_the_file_keeps_its_indexes(settings, tmp_path, commune_a):
    settings.DATA_DIR = tmp_path
    for i in range(6):
        make_person(full_name=f"Lê Văn Số {chr(65 + i)}", unit=commune_a, personal_id=None)
    with _maybe_fast_load(5) as dropped:
        assert dropped is False
    with _maybe_fast_load(4) as dropped:  # under the threshold: never
        assert dropped is False
    with _maybe_fast_load(6) as dropped:  # as many people as the register holds
        assert dropped is True


def _iso(text: str):
    import datetime as dt

    day, month, year = map(int, text.split("/"))
    return dt.date(year, month, day)
