"""Per-key request counters for the partner API's daily quotas."""

from __future__ import annotations

from django.db import models


class ApiUsage(models.Model):
    """How many requests one API key made on one local (Asia/Ho_Chi_Minh) day."""

    api_key = models.ForeignKey(
        "accounts.ApiKey", verbose_name="khóa API", on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField("ngày")
    count = models.PositiveIntegerField("số lượt", default=0)

    class Meta:
        verbose_name = "lượt dùng API"
        verbose_name_plural = "lượt dùng API"
        constraints = [
            models.UniqueConstraint(fields=["api_key", "day"], name="api_usage_one_row_per_key_day")
        ]

    def __str__(self) -> str:
        return f"{self.api_key_id} {self.day}: {self.count}"
