"""A list an agency sent (imported as a people list) and its entries, each linked to the
person of the register it names."""

from __future__ import annotations

from django.db import models

from cancuoc.registry.agency_lists.kinds import KINDS, kind_choices


class AgencyList(models.Model):
    """One list received from an agency: the import job that read it, its kind, the sender."""

    class Status(models.TextChoices):
        PENDING = "pending", "Đang nhập"
        READY = "ready", "Đã đối chiếu"

    job = models.OneToOneField(
        "registry.ImportJob", on_delete=models.PROTECT, related_name="agency_list"
    )
    kind = models.CharField("loại danh sách", max_length=16, choices=kind_choices())
    agency_name = models.CharField("cơ quan, đơn vị gửi", max_length=255, blank=True)
    status = models.CharField(
        "trạng thái", max_length=8, choices=Status.choices, default=Status.PENDING
    )
    entries_count = models.PositiveIntegerField("số dòng", default=0)
    linked_count = models.PositiveIntegerField("số người có trong CSDL", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    filled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "danh sách cơ quan gửi"
        verbose_name_plural = "danh sách cơ quan gửi"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.agency_name or self.job.source_name}"

    @property
    def list_kind(self):
        return KINDS[self.kind]


class AgencyListEntry(models.Model):
    """One row of a received list as written, and the person it names (None if not found)."""

    agency_list = models.ForeignKey(AgencyList, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField("dòng")  # spreadsheet row number; 1 is the header
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField("họ và tên", max_length=120, blank=True)
    birth_date = models.CharField("ngày sinh (như trong tệp)", max_length=30, blank=True)
    personal_id = models.CharField("số định danh (như trong tệp)", max_length=20, blank=True)
    organisation = models.CharField("cơ quan, đơn vị, trường", max_length=255, blank=True)
    group = models.CharField("phòng ban, lớp", max_length=120, blank=True)
    rank = models.CharField("cấp bậc", max_length=60, blank=True)
    position = models.CharField("chức vụ", max_length=120, blank=True)
    problem = models.TextField("vấn đề khi nhập", blank=True)

    class Meta:
        verbose_name = "dòng danh sách cơ quan gửi"
        verbose_name_plural = "dòng danh sách cơ quan gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["agency_list", "row"],
                name="agency_list_entry_row_unique",
                violation_error_message="Mỗi dòng của danh sách chỉ ghi một lần.",
            )
        ]

    def __str__(self) -> str:
        return f"dòng {self.row}: {self.full_name}"
