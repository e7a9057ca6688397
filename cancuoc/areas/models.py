"""Administrative units (đơn vị hành chính), both structures, with validity dates."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from cancuoc.rules.names import compact_key, fold

# Nghị quyết 202/2025/QH15 and the 34 commune-rearrangement resolutions of 16/6/2025:
# the two-level structure took effect on 1 July 2025; the three-level one ended the day before.
REFORM_DATE = dt.date(2025, 7, 1)
LEGACY_LAST_DAY = dt.date(2025, 6, 30)


class Unit(models.Model):
    """An administrative unit (province, district or commune) valid over a period of dates."""

    class Scheme(models.TextChoices):
        LEGACY = "legacy63", "Trước 01/7/2025 (63 tỉnh, 3 cấp)"
        V2025 = "v2025", "Từ 01/7/2025 (34 tỉnh, 2 cấp)"

    class Level(models.TextChoices):
        PROVINCE = "province", "Tỉnh/thành phố"
        DISTRICT = "district", "Quận/huyện"
        COMMUNE = "commune", "Xã/phường/đặc khu"

    scheme = models.CharField(max_length=10, choices=Scheme.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    code = models.CharField("mã", max_length=10)
    name = models.CharField("tên", max_length=120)
    kind = models.CharField(
        "loại", max_length=40, blank=True
    )  # "Xã", "Phường", "Đặc khu", "Tỉnh"...
    name_folded = models.CharField(max_length=120, db_index=True)
    # compact_key(name): no spaces, hyphens or apostrophes, so "Ia H'Drai" matches "ia hdrai".
    name_key = models.CharField(max_length=120, db_index=True, blank=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "level", "code"],
                name="unit_unique_code",
                violation_error_message="Mã đơn vị đã tồn tại trong hệ thống này.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message="Ngày hết hiệu lực phải sau ngày có hiệu lực.",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "level", "province"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # Search keys are derived from the name, never typed (bulk loads set them explicitly).
        self.name_folded, self.name_key = fold(self.name), compact_key(self.name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}".strip()

    def is_valid_on(self, on: dt.date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= on
        ends_ok = self.valid_to is None or on <= self.valid_to
        return starts_ok and ends_ok


class UnitLink(models.Model):
    """Crosswalk row: a legacy unit became all or part of a current unit on a date."""

    old = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="links_to_new")
    new = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="links_from_old")
    is_partial = models.BooleanField("sáp nhập một phần", default=False)
    is_default = models.BooleanField("đơn vị mới mặc định", default=True)
    effective_on = models.DateField(default=REFORM_DATE)

    class Meta:
        verbose_name = "chuyển đổi đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="unitlink_unique_pair"),
        ]

    def __str__(self) -> str:
        part = " (một phần)" if self.is_partial else ""
        return f"{self.old} → {self.new}{part}"
