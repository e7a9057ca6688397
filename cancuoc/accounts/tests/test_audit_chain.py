"""The audit trail is append-only and hash-chained: tampering is detected and located."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cancuoc.accounts.audit import AuditEvent, record, verify_chain
from cancuoc.testing import actor_for, system_actor


@pytest.fixture
def three_events(officer):
    actor = actor_for(officer)
    return [
        record(actor, "registry.person.viewed", ("registry.person", i), {"i": i})
        for i in range(1, 4)
    ]


def test_it_chains_events_in_order(three_events):
    first, second, third = three_events
    assert [e.seq for e in three_events] == [1, 2, 3]
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert verify_chain().ok
    assert verify_chain().checked == 3


def test_it_records_actor_and_channel(officer):
    event = record(actor_for(officer, "api"), "registry.person.viewed", ("registry.person", 7))
    event.refresh_from_db()
    assert event.actor_user == officer
    assert event.actor_agency_id == officer.agency_id
    assert event.channel == "api"
    assert event.object_id == "7"


def test_it_refuses_to_update_or_delete_through_the_model(three_events):
    event = three_events[0]
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_it_detects_an_altered_row(three_events):
    AuditEvent.objects.filter(seq=2).update(data={"i": 99})
    report = verify_chain()
    assert not report.ok
    assert report.broken_seq == 2
    assert "sửa" in report.problem


def test_it_detects_a_deleted_row_in_the_middle(three_events):
    AuditEvent.objects.filter(seq=2).delete()
    report = verify_chain()
    assert report.broken_seq == 2


def test_it_detects_deleted_rows_at_the_end(three_events):
    AuditEvent.objects.filter(seq=3).delete()
    report = verify_chain()
    assert report.broken_seq == 3


def test_it_serialises_dates_in_data(db):
    import datetime as dt

    event = record(system_actor(), "registry.person.updated", ("registry.person", 1),
                   {"birth_date": [dt.date(1990, 1, 2), dt.date(1990, 2, 1)]})
    assert event.data == {"birth_date": ["1990-01-02", "1990-02-01"]}
    assert verify_chain().ok


def test_verify_command_reports_the_first_broken_link(three_events, capsys):
    call_command("audit", "verify")
    assert "3 bản ghi" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=1).update(action="tampered")
    with pytest.raises(CommandError, match="bản ghi số 1"):
        call_command("audit", "verify")
