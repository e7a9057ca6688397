"""Import jobs and the problems found in their rows."""

from __future__ import annotations

from django.db import models


class ImportJob(models.Model):
    """One import of a people list: the stored file, its status, counts and checkpoint."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang nhập"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Thất bại"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (.xlsx)"

    source_name = models.CharField("tên tệp", max_length=255)
    file_path = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_size = models.BigIntegerField("dung lượng (byte)", default=0)
    file_format = models.CharField("định dạng", max_length=4, choices=Format.choices, blank=True)
    encoding = models.CharField("bảng mã", max_length=20, blank=True)
    # The area the list is for: every row must be managed inside it; None = national (CLI).
    unit = models.ForeignKey(
        "areas.Unit",
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        "trạng thái", max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField("thông báo", blank=True)
    rows_expected = models.PositiveIntegerField("số dòng dự kiến", default=0)
    # Spreadsheet row number (header = 1) of the last row whose batch is committed.
    checkpoint_row = models.PositiveIntegerField("dòng đã xử lý", default=0)
    rows_read = models.PositiveIntegerField("số dòng đã đọc", default=0)
    rows_imported = models.PositiveIntegerField("số dòng đã nhập", default=0)
    rows_invalid = models.PositiveIntegerField("số dòng lỗi", default=0)
    rows_conflict = models.PositiveIntegerField("số dòng trùng số định danh", default=0)
    rows_flagged = models.PositiveIntegerField("số dòng nghi trùng", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "lần nhập danh sách"
        verbose_name_plural = "lần nhập danh sách"
        indexes = [models.Index(fields=["unit", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_expected:
            return 0
        return (
            min(99, (self.checkpoint_row - 1) * 100 // self.rows_expected)
            if self.checkpoint_row
            else 0
        )


class ImportIssue(models.Model):
    """A problem in one row (or the file): the row is refused, or imported and flagged."""

    class Kind(models.TextChoices):
        ERROR = "error", "Lỗi — không nhập"
        CONFLICT = "conflict", "Trùng số định danh — không nhập"
        FLAG = "flag", "Nghi trùng — đã nhập, cần rà soát"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField("dòng")  # spreadsheet row number; 1 is the header
    column = models.CharField("cột", max_length=80, blank=True)
    value = models.CharField("giá trị", max_length=255, blank=True)
    kind = models.CharField("loại", max_length=8, choices=Kind.choices, default=Kind.ERROR)
    message = models.TextField("lý do")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "vấn đề khi nhập"
        verbose_name_plural = "vấn đề khi nhập"
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"dòng {self.row}: {self.message}"
