"""Users, agencies and partner API keys; every user acts for one agency in one area."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from cancuoc.accounts.audit import AuditEvent, AuditHead  # noqa: F401  (model registration)


class Agency(models.Model):
    """An organisation whose staff use the system: a police unit, committee, department or partner."""

    class Kind(models.TextChoices):
        COMMUNE_POLICE = "commune_police", "Công an xã/phường"
        PROVINCE_POLICE = "province_police", "Công an tỉnh (PC06)"
        DISTRICT_POLICE = "district_police", "Công an huyện (QLHC, trước 01/3/2025)"
        COMMITTEE = "committee", "Ủy ban nhân dân"
        DEPARTMENT = "department", "Sở, ban, ngành"
        PARTNER = "partner", "Đối tác khai thác"
        MINISTRY = "ministry", "Bộ Công an"

    name = models.CharField("tên cơ quan", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "areas.Unit", verbose_name="địa bàn", null=True, blank=True, on_delete=models.PROTECT
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in; has exactly one role, scoped to the area of their agency."""

    class Role(models.TextChoices):
        COMMUNE_OFFICER = "commune_officer", "Cán bộ Công an xã"
        COMMUNE_HEAD = "commune_head", "Trưởng Công an xã"
        PROVINCIAL_OFFICER = "provincial_officer", "Cán bộ Phòng PC06"
        COMMITTEE_VIEWER = "committee_viewer", "Lãnh đạo UBND (xem)"
        AGENCY_STAFF = "agency_staff", "Cán bộ sở, ngành"
        PARTNER_CLIENT = "partner_client", "Đối tác (API)"
        AUDITOR = "auditor", "Kiểm tra, giám sát"
        ADMIN = "admin", "Quản trị hệ thống"

    full_name = models.CharField("họ và tên", max_length=120, blank=True)
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def area(self):
        return self.agency.unit if self.agency_id else None

    @property
    def can_write_register(self) -> bool:
        return self.role in WRITER_ROLES


# Roles that may change the population register (seed 003: commune police collect and
# correct; the provincial team corrects across the province).
WRITER_ROLES = frozenset(
    {User.Role.COMMUNE_OFFICER, User.Role.COMMUNE_HEAD, User.Role.PROVINCIAL_OFFICER}
)
# Roles that may read personal records at all.
READER_ROLES = WRITER_ROLES | {User.Role.AUDITOR, User.Role.ADMIN}


class ApiKey(models.Model):
    """A partner agency's API key; only its hash is stored."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=128)
    daily_quota = models.PositiveIntegerField(default=10_000)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "khóa API"

    def __str__(self) -> str:
        return f"{self.agency} · {self.prefix}…"
