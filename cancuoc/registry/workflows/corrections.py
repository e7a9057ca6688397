"""DC02: Phiếu cập nhật, chỉnh sửa thông tin dân cư (Thông tư 66/2015/TT-BCA Điều 19), handled
as a change request: submitted → approved or rejected by the commune head → applied.

The change itself goes through registry.services.update_person, so the field history of the
person is one mechanism (audit `registry.person.updated` with {field: [old, new]}).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.registry.models import Person
from cancuoc.registry.services import update_person
from cancuoc.registry.validation import FIELD_LABELS
from cancuoc.registry.workflows.common import (
    WorkflowError,
    acting_user,
    clean_display,
    display_value,
    require_officer,
    require_reviewer,
    require_text,
)
from cancuoc.registry.workflows.models import CorrectionItem, CorrectionRequest

# Fields a DC02 form may change. The number, the managing commune and death have their own
# procedures (xác lập lại số định danh, chuyển thường trú, khai tử).
CORRECTABLE_FIELDS = (
    "full_name", "other_name", "birth_date", "sex", "birthplace", "birth_registration_place",
    "hometown", "ethnicity", "religion", "nationality", "blood_group", "old_id_number",
    "marital_status", "residence_file_no", "relation_to_head", "phone", "email",
)  # fmt: skip
Status = CorrectionRequest.Status


def field_choices() -> list[tuple[str, str]]:
    return [(f, FIELD_LABELS[f]) for f in CORRECTABLE_FIELDS]


def _lines(person: Person, changes: Iterable[tuple[str, str]]) -> list[CorrectionItem]:
    """Validate each (field, requested text); errors name the line and the field."""
    items, seen = [], set()
    for number, (field, text) in enumerate(changes, start=1):
        label = FIELD_LABELS.get(field, field)
        if field not in CORRECTABLE_FIELDS:
            raise WorkflowError(f"Dòng {number}: không chỉnh sửa “{label}” bằng phiếu DC02.")
        if field in seen:
            raise WorkflowError(f"Dòng {number}: trường “{label}” đã có ở dòng trước.")
        seen.add(field)
        try:
            requested = clean_display(field, text, person)
        except WorkflowError as exc:
            raise WorkflowError(f"Dòng {number} — {exc.message}", errors=exc.errors) from None
        current = display_value(person, field)
        if requested == current:
            raise WorkflowError(
                f"Dòng {number} ({label}): thông tin đề nghị giống thông tin hiện tại."
            )
        items.append(CorrectionItem(field=field, current_value=current, requested_value=requested))
    if not items:
        raise WorkflowError("Phiếu DC02 phải có ít nhất một nội dung chỉnh sửa.")
    return items


@transaction.atomic
def submit_correction(
    person: Person,
    *,
    changes: Iterable[tuple[str, str]],
    document_ref: str,
    reason: str,
    actor: Actor,
) -> CorrectionRequest:
    """File a DC02 form for a person: lines of (field, requested value).

    Preconditions: a supporting document and a reason; at least one line; each field
    correctable, once, and its requested value valid (registry.validation) and different from
    the current one. Effects: a CorrectionRequest "Chờ duyệt" keeping, per line, the value at
    filing time; the person is not changed yet; audit `registry.correction.submitted`.
    """
    filer = require_officer(actor, "Phiếu DC02")
    document_ref = require_text(document_ref, field="document_ref", label="giấy tờ căn cứ")
    reason = require_text(reason, field="reason", label="lý do chỉnh sửa")
    person = Person.objects.get(pk=person.pk)
    items = _lines(person, changes)
    request = CorrectionRequest.objects.create(
        person=person, unit_id=person.unit_id, province_id=person.province_id,
        document_ref=document_ref, reason=reason, submitted_by=filer,
        submitted_at=timezone.now(),
    )  # fmt: skip
    for item in items:
        item.request = request
    CorrectionItem.objects.bulk_create(items)
    audit.record(actor, "registry.correction.submitted", request, data={
        "person_id": person.pk,
        "changes": {i.field: [i.current_value, i.requested_value] for i in items},
    })  # fmt: skip
    return request


def _lock(request: CorrectionRequest, *expected: str) -> CorrectionRequest:
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in expected:
        raise WorkflowError(
            f"Phiếu DC02 số {request.pk} đang ở trạng thái “{request.get_status_display()}”."
        )
    return request


def _review(request, *, actor: Actor, status: str, note: str, action: str):
    user = require_reviewer(actor)
    request = _lock(request, Status.SUBMITTED)
    if user.pk == request.submitted_by_id:
        raise WorkflowError("Người lập phiếu không được tự duyệt phiếu của mình.")
    request.status, request.reviewed_by = status, user
    request.reviewed_at, request.review_note = timezone.now(), note
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(actor, action, request, data={
        "status": [Status.SUBMITTED, status], "note": note,
    })  # fmt: skip
    return request


@transaction.atomic
def approve_correction(
    request: CorrectionRequest, *, actor: Actor, note: str = ""
) -> CorrectionRequest:
    """Approve a DC02 form.

    Preconditions: the form is "Chờ duyệt"; the actor is a commune head or a provincial
    officer and did not file it. Effects: status "Đã duyệt", reviewer and time recorded;
    audit `registry.correction.approved`. The person changes only when the form is applied.
    """
    return _review(request, actor=actor, status=Status.APPROVED, note=note.strip(),
                   action="registry.correction.approved")  # fmt: skip


@transaction.atomic
def reject_correction(request: CorrectionRequest, *, reason: str, actor: Actor):
    """Reject a DC02 form.

    Preconditions: a reason; the form is "Chờ duyệt"; the actor is a commune head or a
    provincial officer and did not file it. Effects: status "Từ chối" with the reason; audit
    `registry.correction.rejected`. The person is not changed.
    """
    reason = require_text(reason, field="reason", label="lý do từ chối")
    return _review(request, actor=actor, status=Status.REJECTED, note=reason,
                   action="registry.correction.rejected")  # fmt: skip


def _check_unchanged(person: Person, items: list[CorrectionItem]) -> None:
    for item in items:
        now = display_value(person, item.field)
        if now != item.current_value:
            label = FIELD_LABELS.get(item.field, item.field)
            raise WorkflowError(
                f"Không cập nhật được: “{label}” đã thay đổi sau khi lập phiếu (phiếu ghi "
                f"“{item.current_value or '(trống)'}”, hồ sơ hiện là “{now or '(trống)'}”). "
                "Hãy lập phiếu DC02 mới theo thông tin hiện tại."
            )


@transaction.atomic
def apply_correction(request: CorrectionRequest, *, actor: Actor) -> CorrectionRequest:
    """Write an approved DC02 form into the person's record.

    Preconditions: the form is "Đã duyệt"; every field still holds the value it had when the
    form was filed (otherwise refused, naming the field, and nothing changes). Effects: the
    requested values are written through update_person (field-level audit
    `registry.person.updated`, version + 1); status "Đã cập nhật"; audit
    `registry.correction.applied`.
    """
    request = _lock(request, Status.APPROVED)
    person = Person.objects.select_for_update().get(pk=request.person_id)
    items = list(request.items.all())
    _check_unchanged(person, items)
    changes = {item.field: item.requested_value for item in items}
    update_person(person, changes=changes, expected_version=person.version, actor=actor)
    request.status, request.applied_by = Status.APPLIED, acting_user(actor)
    request.applied_at = timezone.now()
    request.save(update_fields=["status", "applied_by", "applied_at"])
    audit.record(actor, "registry.correction.applied", request, data={
        "status": [Status.APPROVED, Status.APPLIED], "person_id": person.pk,
        "changes": {i.field: [i.current_value, i.requested_value] for i in items},
    })  # fmt: skip
    return request
