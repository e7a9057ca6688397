"""A synthetic population file (`cancuoc synth --out`) imports cleanly except its planted
ID-number defects, which are exactly the refused rows."""

from __future__ import annotations

import csv

from django.core.management import call_command

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.registry.imports.models import ImportIssue
from cancuoc.registry.imports.services import create_import_job, run_import_job
from cancuoc.registry.models import Person

ID_DEFECTS = {"id_unknown_province", "id_wrong_sex", "id_wrong_year"}


def test_synthetic_people_import_and_only_planted_id_defects_are_refused(
    tmp_path, commune_a, commune_b
):
    people, truth = tmp_path / "people.csv", tmp_path / "truth.csv"
    call_command(
        "synth",
        "--people",
        "1500",
        "--seed",
        "11",
        "--communes",
        "26041,26068",
        "--out",
        str(people),
        "--truth",
        str(truth),
        "--json",
    )
    job, _ = create_import_job(
        people, actor=Actor.system("t", channel=Channel.CLI), source_name="p.csv"
    )
    job = run_import_job(job)
    with people.open(encoding="utf-8") as f:
        record_of_row = {n: row["record_id"] for n, row in enumerate(csv.DictReader(f), start=2)}
    with truth.open(encoding="utf-8") as f:
        planted = {row["record_id"] for row in csv.DictReader(f) if row["defect"] in ID_DEFECTS}
    refused = {
        record_of_row[row]
        for row in ImportIssue.objects.filter(job=job, kind="error").values_list("row", flat=True)
    }
    assert job.status == "done" and planted
    assert refused == planted
    assert Person.objects.count() == job.rows_imported == 1500 - len(planted)
