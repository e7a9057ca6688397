"""`cancuoc synth` against the database: the command, the fast load, the importer round trip."""

from __future__ import annotations

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cancuoc.accounts.audit import AuditEvent, verify_chain
from cancuoc.registry import fastload
from cancuoc.registry.bulk import AUDIT_ACTION
from cancuoc.registry.models import Household, IdentityDocument, Person, Relative, Residence
from cancuoc.rules.names import fold


def synth(*args) -> dict:
    out = StringIO()
    call_command("synth", *args, "--json", "--workers", "1", stdout=out)
    return json.loads(out.getvalue())


def test_synth_db_writes_the_register(commune_a, commune_b, tmp_path):
    truth = tmp_path / "truth.csv"
    summary = synth("--people", "400", "--seed", "5", "--db", "--truth", str(truth),
                    "--batch-size", "150", "--commune-count", "2")  # fmt: skip

    assert Person.objects.count() == 400 == summary["database"]["people"]
    assert summary["communes"] == ["26068", "26041"]  # Biên Hòa wards first in Đồng Nai
    assert Household.objects.count() == summary["database"]["households"] > 80
    assert Residence.objects.count() >= 400 and IdentityDocument.objects.count() > 200
    assert Relative.objects.exclude(relative=None).count() > 200  # family links resolved
    person = Person.objects.exclude(household=None).order_by("pk").first()
    assert person.name_folded == fold(person.full_name)
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"26041", "26068"}
    events = AuditEvent.objects.filter(action=AUDIT_ACTION)
    assert events.count() == summary["database"]["batches"] >= 3
    assert events.first().data["source"] == "synth:seed=5"
    job = AuditEvent.objects.get(action="registry.people.synthesized")
    assert job.data["people"] == 400 and job.data["defects"] == summary["defects"]
    assert verify_chain().ok
    rows = list(csv.DictReader(truth.open(encoding="utf-8")))
    assert len(rows) == sum(summary["defects"].values())
    assert {r["record_id"] for r in rows} <= set(Person.objects.values_list("record_id", flat=True))


def test_the_command_writes_the_same_bytes_for_the_same_seed(commune_a, tmp_path):
    paths = [tmp_path / f"{n}.csv" for n in range(3)]
    for path, seed in zip(paths, ("4", "4", "5"), strict=True):
        synth("--people", "300", "--seed", seed, "--out", str(path))

    assert paths[0].read_bytes() == paths[1].read_bytes() != paths[2].read_bytes()
    assert not Person.objects.exists()  # --out alone writes no people


def test_synth_refuses_a_second_run_with_the_same_prefix(commune_a):
    synth("--people", "50", "--db")
    with pytest.raises(CommandError, match="đã có hồ sơ giả lập"):
        synth("--people", "50", "--db")
    assert Person.objects.count() == 50


def test_bad_arguments_give_vietnamese_errors(commune_a, tmp_path):
    with pytest.raises(CommandError, match="Cần --out"):
        synth("--people", "10")
    with pytest.raises(CommandError, match="không hợp lệ"):
        synth("--people", "10", "--out", str(tmp_path / "p.csv"), "--as-of", "22/11/2026")
    with pytest.raises(CommandError, match="không thuộc tỉnh"):
        synth("--people", "10", "--out", str(tmp_path / "p.csv"), "--communes", "99999")
    with pytest.raises(CommandError, match="mã 01"):
        synth("--people", "10", "--out", str(tmp_path / "p.csv"), "--province", "01")


def _definitions() -> list[str]:
    found = fastload._pg_definitions() if connection.vendor == "postgresql" else (
        fastload._sqlite_definitions())  # fmt: skip
    return sorted(item["create"] for item in found)


def test_fast_load_restores_the_same_indexes_and_checks(commune_a, province, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    before = _definitions()
    with fastload.fast_load() as dropped:
        assert dropped and _definitions() == []
        assert fastload.state_file().exists()  # what to rebuild survives a crash
    assert _definitions() == before and len(before) > 15
    assert not fastload.state_file().exists()


def test_fast_load_does_nothing_when_tables_have_rows(commune_a, province, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    Household.objects.create(code="HK-1", unit=commune_a)
    before = _definitions()
    with fastload.fast_load() as dropped:
        assert dropped is False and _definitions() == before


def test_the_importer_reads_the_synthetic_csv(commune_a, commune_b, tmp_path):
    from cancuoc.registry.imports.models import ImportJob
    from cancuoc.registry.imports.services import create_import_job, run_import_job
    from cancuoc.testing import system_actor

    people, truth = tmp_path / "people.csv", tmp_path / "truth.csv"
    synth("--people", "150", "--seed", "9", "--out", str(people), "--truth", str(truth))
    job, _ = create_import_job(people, actor=system_actor(), source_name="people.csv")
    job = run_import_job(job, on=date(2026, 11, 22))

    assert job.status == ImportJob.Status.DONE
    imported = set(Person.objects.values_list("record_id", flat=True))
    refused = {r["record_id"] for r in csv.DictReader(people.open(encoding="utf-8"))} - imported
    wrong_numbers = {r["record_id"] for r in csv.DictReader(truth.open(encoding="utf-8"))
                     if r["defect"].startswith("id_")}  # fmt: skip
    assert len(imported) >= 140 and refused <= wrong_numbers
