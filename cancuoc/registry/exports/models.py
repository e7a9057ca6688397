"""Export jobs: an Excel file too large to build inside one web request."""

from __future__ import annotations

from django.db import models


class ExportJob(models.Model):
    """One .xlsx of a filtered people list, built in the background for the user who asked.

    The filters are kept as the user set them (`params`, the list page's query) and applied
    again with that user's area when the job runs; the file belongs to that user alone.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang tạo tệp"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Thất bại"

    created_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    params = models.JSONField("bộ lọc", default=dict)
    criteria = models.JSONField("bộ lọc và địa bàn (ghi nhật ký)", default=dict)
    status = models.CharField(
        "trạng thái", max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField("thông báo", blank=True)
    rows_expected = models.PositiveIntegerField("số dòng dự kiến", default=0)
    rows_written = models.PositiveIntegerField("số dòng đã ghi", default=0)
    file_name = models.CharField("tên tệp", max_length=120)
    file_path = models.CharField(max_length=500, blank=True)
    file_size = models.BigIntegerField("dung lượng (byte)", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lần xuất danh sách"
        verbose_name_plural = "lần xuất danh sách"
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_expected:
            return 0
        return min(99, self.rows_written * 100 // self.rows_expected)
