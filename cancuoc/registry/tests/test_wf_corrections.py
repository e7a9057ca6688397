"""DC02 corrections as change requests: submitted → approved/rejected → applied."""

from __future__ import annotations

import datetime as dt

import pytest

from cancuoc.accounts.audit import AuditEvent
from cancuoc.registry.services import update_person
from cancuoc.registry.workflows.common import WorkflowError
from cancuoc.registry.workflows.corrections import (
    apply_correction,
    approve_correction,
    reject_correction,
    submit_correction,
)
from cancuoc.registry.workflows.models import CorrectionRequest
from cancuoc.testing import actor_for, make_person

Status = CorrectionRequest.Status


@pytest.fixture
def person(commune_a):
    return make_person(commune_a, full_name="Nguyễn Văn An", hometown="Biên Hòa")


def submit(officer, person, changes=(("hometown", "Nhơn Trạch"), ("birth_date", "16/05/1990"))):
    return submit_correction(
        person, changes=list(changes), document_ref="Giấy khai sinh số 12/2024",
        reason="Sai so với giấy khai sinh", actor=actor_for(officer),
    )  # fmt: skip


def test_submitting_keeps_current_and_requested_values_without_changing_the_person(officer, person):
    request = submit(officer, person, [("hometown", "nhơn  trạch"), ("ethnicity", "kinh")])

    lines = list(request.items.order_by("pk").values_list("field", "current_value",
                                                           "requested_value"))  # fmt: skip
    assert lines == [("hometown", "Biên Hòa", "nhơn trạch"), ("ethnicity", "", "Kinh")]
    assert request.status == Status.SUBMITTED
    person.refresh_from_db()
    assert person.hometown == "Biên Hòa" and person.version == 1
    assert AuditEvent.objects.get().action == "registry.correction.submitted"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ([], "ít nhất một"),
        ([("personal_id", "075090012346")], "không chỉnh sửa"),
        ([("hometown", "Biên Hòa")], "giống thông tin hiện tại"),
        ([("birth_date", "31/02/1990")], "Dòng 1 — Ngày sinh"),
        ([("hometown", "A"), ("hometown", "B")], "Dòng 2"),
    ],
)
def test_it_refuses_bad_lines_naming_them(officer, person, changes, message):
    with pytest.raises(WorkflowError, match=message):
        submit(officer, person, changes)
    assert not CorrectionRequest.objects.exists() and not AuditEvent.objects.exists()


def test_the_head_approves_then_an_officer_applies_through_update_person(officer, head, person):
    request = submit(officer, person, [("hometown", "Nhơn Trạch"), ("birth_date", "05/1990")])
    approve_correction(request, actor=actor_for(head))

    apply_correction(request, actor=actor_for(officer))

    person.refresh_from_db()
    assert person.hometown == "Nhơn Trạch"
    assert (person.birth_date, person.birth_precision) == (dt.date(1990, 5, 1), "month")
    request.refresh_from_db()
    assert request.status == Status.APPLIED and request.applied_by == officer
    field_event = AuditEvent.objects.get(action="registry.person.updated")
    assert field_event.data["hometown"] == ["Biên Hòa", "Nhơn Trạch"]
    assert AuditEvent.objects.filter(action="registry.correction.applied").count() == 1


def test_an_officer_cannot_approve(officer, person):
    other = make_person(person.unit, full_name="Khác", personal_id=None)
    request = submit(officer, other, [("hometown", "Long Thành")])

    with pytest.raises(WorkflowError, match="Trưởng Công an xã"):
        approve_correction(request, actor=actor_for(officer))
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_the_filer_cannot_approve_their_own_form(head, person):
    request = submit(head, person)
    with pytest.raises(WorkflowError, match="tự duyệt"):
        approve_correction(request, actor=actor_for(head))


def test_the_provincial_officer_may_approve(officer, provincial, person):
    request = submit(officer, person)
    approve_correction(request, actor=actor_for(provincial))
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.reviewed_by == provincial


def test_rejecting_needs_a_reason_and_never_changes_the_person(officer, head, person):
    request = submit(officer, person)
    with pytest.raises(WorkflowError, match="lý do từ chối"):
        reject_correction(request, reason=" ", actor=actor_for(head))

    reject_correction(request, reason="Giấy tờ không hợp lệ", actor=actor_for(head))

    request.refresh_from_db()
    assert request.status == Status.REJECTED and request.review_note == "Giấy tờ không hợp lệ"
    with pytest.raises(WorkflowError, match="Từ chối"):
        apply_correction(request, actor=actor_for(officer))
    person.refresh_from_db()
    assert person.hometown == "Biên Hòa"


def test_a_submitted_form_cannot_be_applied_before_approval(officer, person):
    request = submit(officer, person)
    with pytest.raises(WorkflowError, match="Chờ duyệt"):
        apply_correction(request, actor=actor_for(officer))


def test_it_refuses_to_apply_when_the_person_changed_since_filing(officer, head, person):
    request = submit(officer, person, [("hometown", "Nhơn Trạch"), ("phone", "0912345678")])
    approve_correction(request, actor=actor_for(head))
    update_person(person, changes={"hometown": "Long Khánh"}, expected_version=1,
                  actor=actor_for(head))  # fmt: skip

    with pytest.raises(WorkflowError, match="Quê quán.*đã thay đổi sau khi lập phiếu"):
        apply_correction(request, actor=actor_for(officer))

    person.refresh_from_db()
    assert person.hometown == "Long Khánh" and person.phone == ""  # nothing half-written
    request.refresh_from_db()
    assert request.status == Status.APPROVED
