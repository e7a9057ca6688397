"""Temporary residence (Luật Cư trú Điều 27-29) and absence declarations (Điều 31)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.services import add_residence
from cancuoc.registry.workflows.common import WorkflowError
from cancuoc.registry.workflows.models import Absence, ResidenceExtension, TemporaryDeletionReason
from cancuoc.registry.workflows.residence_events import (
    declare_absence,
    delete_temporary_residence,
    end_absence,
    extend_temporary_residence,
    register_temporary_residence,
)
from cancuoc.testing import actor_for, make_person

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def person(commune_a, officer):
    person = make_person(commune_a)
    add_residence(person, kind="permanent", unit=commune_a, address="Ấp 1",
                  started_on=dt.date(2010, 1, 1), actor=actor_for(officer))  # fmt: skip
    return person


def stay(person, commune_b, officer, **kw):
    values = {"started_on": dt.date(2026, 1, 1), "expires_on": dt.date(2027, 1, 1)} | kw
    return register_temporary_residence(person, unit=commune_b, address="Phòng trọ 4",
                                        actor=actor_for(officer), **values)  # fmt: skip


def test_a_temporary_residence_lasts_at_most_two_years(person, commune_b, officer):
    with pytest.raises(RegistryError, match="không quá 2 năm"):
        stay(person, commune_b, officer, expires_on=dt.date(2028, 1, 2))

    residence = stay(person, commune_b, officer, expires_on=dt.date(2028, 1, 1))

    assert (residence.kind, residence.expires_on) == ("temporary", dt.date(2028, 1, 1))


def test_it_is_refused_in_the_commune_of_permanent_residence(person, commune_a, officer):
    with pytest.raises(WorkflowError, match="Điều 27 khoản 1"):
        stay(person, commune_a, officer)
    assert person.residences.count() == 1


def test_an_extension_is_at_most_two_years_from_the_current_end(person, commune_b, officer):
    residence = stay(person, commune_b, officer)
    with pytest.raises(WorkflowError, match="không quá 2 năm"):
        extend_temporary_residence(residence, new_expires_on=dt.date(2029, 1, 2),
                                   actor=actor_for(officer))  # fmt: skip

    extension = extend_temporary_residence(residence, new_expires_on=dt.date(2029, 1, 1),
                                           actor=actor_for(officer))  # fmt: skip

    residence.refresh_from_db()
    assert residence.expires_on == dt.date(2029, 1, 1)
    assert (extension.previous_expires_on, extension.extended_on) == (dt.date(2027, 1, 1), TODAY)
    event = AuditEvent.objects.get(action="registry.temporary_residence.extended")
    assert event.data["expires_on"] == ["2027-01-01", "2029-01-01"]


def test_an_expired_stay_cannot_be_extended(person, commune_b, officer):
    residence = stay(person, commune_b, officer, started_on=dt.date(2025, 1, 1),
                     expires_on=dt.date(2026, 1, 1))  # fmt: skip
    with pytest.raises(WorkflowError, match="phải đăng ký tạm trú mới"):
        extend_temporary_residence(residence, new_expires_on=dt.date(2027, 1, 1),
                                   actor=actor_for(officer))  # fmt: skip
    assert not ResidenceExtension.objects.exists()


def test_deleting_uses_the_legal_reason(person, commune_b, officer):
    residence = stay(person, commune_b, officer)
    with pytest.raises(WorkflowError, match="8 trường hợp"):
        delete_temporary_residence(residence, reason="z", on=TODAY, actor=actor_for(officer))

    delete_temporary_residence(residence, reason=TemporaryDeletionReason.ABSENT_6_MONTHS,
                               on=TODAY, actor=actor_for(officer))  # fmt: skip

    residence.refresh_from_db()
    assert residence.ended_on == TODAY
    assert residence.end_reason.startswith("Vắng mặt liên tục tại nơi tạm trú từ 06 tháng")
    assert residence.end_reason.endswith("(Luật Cư trú 2020, Điều 29 khoản 1 điểm c)")
    with pytest.raises(WorkflowError, match="đã kết thúc"):
        extend_temporary_residence(residence, new_expires_on=dt.date(2027, 6, 1),
                                   actor=actor_for(officer))  # fmt: skip


def test_the_eight_reasons_of_article_29(person):
    assert len(TemporaryDeletionReason.choices) == 8
    assert TemporaryDeletionReason.PERMANENT_HERE.legal_ref.endswith("điểm đ")


def test_an_absence_is_declared_and_closed_on_return(person, officer):
    absence = declare_absence(person, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2027, 3, 1),
                              destination="Hàn Quốc", reason="Lao động có thời hạn",
                              actor=actor_for(officer))  # fmt: skip
    assert absence.unit == person.unit
    with pytest.raises(WorkflowError, match="trùng thời gian"):
        declare_absence(
            person,
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 7, 1),
            destination="Hà Nội",
            reason="Học tập",
            actor=actor_for(officer),
        )

    end_absence(absence, returned_on=TODAY, actor=actor_for(officer))

    absence.refresh_from_db()
    assert absence.returned_on == TODAY
    assert AuditEvent.objects.filter(action__startswith="registry.absence.").count() == 2


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"destination": ""}, "nơi đến"),
        ({"reason": " "}, "lý do tạm vắng"),
        ({"ends_on": dt.date(2026, 1, 1)}, "phải sau ngày bắt đầu"),
    ],
)
def test_an_absence_needs_destination_reason_and_ordered_dates(person, officer, kw, message):
    values = {"starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2026, 9, 1),
              "destination": "Hà Nội", "reason": "Học tập"} | kw  # fmt: skip
    with pytest.raises(WorkflowError, match=message):
        declare_absence(person, actor=actor_for(officer), **values)
    assert not Absence.objects.exists()
