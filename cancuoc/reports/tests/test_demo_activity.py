"""`cancuoc demo` starts with the register's work in flight, done through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from cancuoc.accounts.audit import verify_chain
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.models import Person, Residence
from cancuoc.registry.workflows.models import Absence, Collection, CorrectionRequest, Move
from cancuoc.reports.demo import demo_units, ensure_demo_users
from cancuoc.reports.demo_activity import seed_activity

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def district(commune_a, commune_b, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("synth", people=1200, seed=5, db=True, province="75", commune_count=2, workers=1,
                 as_of=TODAY.isoformat())  # fmt: skip
    ensure_demo_users()
    return demo_units()


def test_the_demo_district_has_work_in_every_state(district):
    people = Person.objects.count()

    done = seed_activity(district, today=TODAY)

    commune = district["commune"]
    forms = Collection.objects.filter(unit=commune)
    alive = Person.objects.filter(unit=commune, status="alive").count()
    assert 0.15 * alive < forms.count() <= 0.2 * alive + 1
    statuses = set(forms.values_list("status", flat=True))
    assert statuses == {"pending", "verified", "returned"}
    assert (
        Collection.objects.filter(unit=district["commune2"]).exclude(status="pending").count() == 0
    )
    assert set(CorrectionRequest.objects.values_list("status", flat=True)) == {
        "submitted", "approved", "rejected", "applied"}  # fmt: skip
    assert done["births"] == 3 and Person.objects.count() == people + 3 + done["import_rows"]
    assert Person.objects.filter(status="dead", death_date=TODAY - dt.timedelta(6)).count() == 1
    assert Move.objects.filter(to_unit=district["commune2"]).count() == 2
    terms = Residence.objects.filter(kind="temporary", unit=commune, ended_on__isnull=True,
                                     address="Phòng trọ số 4, khu công nghiệp Nhơn Trạch")  # fmt: skip
    assert sorted((t.expires_on - TODAY).days for t in terms) == [30, 480, 690]
    assert Absence.objects.count() == 1
    job = ImportJob.objects.get()
    assert (job.status, job.rows_imported, job.rows_invalid) == ("done", 27, 3)
    assert ImportIssue.objects.filter(job=job).values("row").distinct().count() == 3
    assert verify_chain().ok
    assert seed_activity(district, today=TODAY) == {}  # once only
