"""The append-only, hash-chained audit trail.

Every service writes one event in the same transaction as its change (`record`). Each event
stores the hash of the previous one, so altering or deleting any row breaks the chain at that
row, and `verify_chain` names the first broken link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cancuoc.accounts.actor import Actor, Channel

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One audited action: who, through which channel, did what to which object, and the diff."""

    seq = models.BigIntegerField("số thứ tự", unique=True)
    at = models.DateTimeField("thời điểm", db_index=True)
    actor_user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    action = models.CharField("hành động", max_length=80, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only")

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, _payload(self))


class AuditHead(models.Model):
    """The single row holding the chain's tip; locked while an event is appended."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


def _payload(event: AuditEvent) -> dict[str, Any]:
    at = event.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "seq": event.seq,
        "at": at,
        "actor_user": event.actor_user_id,
        "actor_agency": event.actor_agency_id,
        "actor_label": event.actor_label,
        "channel": event.channel,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "data": event.data,
    }


def chain_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any]:
    return json.loads(json.dumps(data or {}, default=str, ensure_ascii=False))


def object_ref(obj: Any) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


@transaction.atomic
def record(actor: Actor, action: str, obj: Any, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event for `obj` (a model instance, or an (object_type, object_id) pair)."""
    object_type, object_id = obj if isinstance(obj, tuple) else object_ref(obj)
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_user_id=actor.user_id,
        actor_agency_id=actor.agency_id,
        actor_label=actor.label,
        channel=actor.channel,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=_jsonable(data),
        prev_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    """Result of a verification: how many events were checked and the first problem, if any."""

    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first event whose link or content does not hold."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"thiếu bản ghi số {expected_seq}")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "liên kết với bản ghi trước bị sai")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "nội dung bản ghi đã bị sửa")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.seq != checked:
        return ChainReport(checked, checked + 1, "các bản ghi cuối chuỗi đã bị xóa")
    return ChainReport(checked)
