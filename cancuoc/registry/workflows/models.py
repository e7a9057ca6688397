"""Records of the register workflows: DC01 collections, DC02 corrections, moves, absences,
temporary-residence extensions, ID-number changes and lock requests raised by deaths.

History is never overwritten: every workflow adds rows, and the person's fields change only
through the register-core services (field-level audit).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TemporaryDeletionReason(models.TextChoices):
    """The 8 cases of Luật Cư trú 2020, Điều 29 khoản 1 (xóa đăng ký tạm trú)."""

    DEATH = "a", "Chết; có quyết định của Tòa án tuyên bố mất tích hoặc đã chết"
    CANCELLED = "b", "Đã có quyết định hủy bỏ đăng ký tạm trú quy định tại Điều 35 Luật Cư trú"
    ABSENT_6_MONTHS = (
        "c",
        (
            "Vắng mặt liên tục tại nơi tạm trú từ 06 tháng trở lên mà không đăng ký tạm trú "
            "tại chỗ ở khác"
        ),
    )
    NATIONALITY = (
        "d",
        (
            "Đã được thôi quốc tịch Việt Nam, bị tước quốc tịch Việt Nam, bị hủy bỏ quyết định "
            "cho nhập quốc tịch Việt Nam"
        ),
    )
    PERMANENT_HERE = "dd", "Đã được đăng ký thường trú tại chính nơi tạm trú"
    TENANCY_ENDED = (
        "e",
        ("Đã chấm dứt việc thuê, mượn, ở nhờ chỗ ở mà không đăng ký tạm trú tại chỗ ở khác"),
    )
    OWNERSHIP_CHANGED = (
        "g",
        (
            "Quyền sở hữu chỗ ở đã chuyển cho người khác, trừ trường hợp được chủ sở hữu mới đồng ý "
            "cho tiếp tục sinh sống tại chỗ ở đó"
        ),
    )
    DWELLING_GONE = (
        "h",
        (
            "Chỗ ở đã bị phá dỡ, tịch thu theo quyết định của cơ quan nhà nước có thẩm quyền hoặc "
            "phương tiện đã bị xóa đăng ký"
        ),
    )

    @property
    def legal_ref(self) -> str:
        letter = "đ" if self.value == "dd" else self.value
        return f"Luật Cư trú 2020, Điều 29 khoản 1 điểm {letter}"


class Collection(models.Model):
    """A DC01 form (Phiếu thu thập thông tin dân cư) collected for one person, and its phúc tra."""

    class Source(models.TextChoices):
        DIRECT = "direct", "Kê khai trực tiếp"
        HOUSEHOLD_BOOK = "household_book", "Sổ hộ khẩu"
        BIRTH_CERTIFICATE = "birth_certificate", "Giấy khai sinh"
        AGENCY_LIST = "agency_list", "Danh sách cơ quan, tổ chức"
        RESIDENCE_FILE = "residence_file", "Hồ sơ cư trú"
        OTHER = "other", "Nguồn khác"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ phúc tra"
        VERIFIED = "verified", "Đã phúc tra, đúng"
        RETURNED = "returned", "Trả lại, cần thu thập lại"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="collections"
    )
    unit = models.ForeignKey(
        "areas.Unit", verbose_name="xã/phường", on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    form_no = models.CharField("số phiếu", max_length=30, blank=True)
    source = models.CharField("nguồn thông tin", max_length=20, choices=Source.choices)
    collected_on = models.DateField("ngày thu thập")
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ thu thập",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_person = models.BooleanField("lập hồ sơ mới", default=False)
    declared = models.JSONField("thông tin kê khai", default=dict)
    conflicts = models.JSONField("khác với dữ liệu hiện có", default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ phúc tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("thời điểm phúc tra", null=True, blank=True)
    verify_note = models.TextField("ghi chú phúc tra", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiếu DC01"
        verbose_name_plural = "phiếu DC01"
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["province", "status"]),
        ]

    def __str__(self) -> str:
        return f"DC01 #{self.pk} · {self.person}"


class CorrectionRequest(models.Model):
    """A DC02 form (Phiếu cập nhật, chỉnh sửa thông tin dân cư) reviewed by the commune head."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt, chờ cập nhật"
        REJECTED = "rejected", "Từ chối"
        APPLIED = "applied", "Đã cập nhật vào hồ sơ"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="correction_requests"
    )
    unit = models.ForeignKey(
        "areas.Unit", verbose_name="xã/phường", on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    document_ref = models.CharField("giấy tờ căn cứ", max_length=255)
    reason = models.TextField("lý do")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ lập phiếu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("thời điểm lập phiếu")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("thời điểm duyệt", null=True, blank=True)
    review_note = models.TextField("ý kiến người duyệt", blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField("thời điểm cập nhật", null=True, blank=True)

    class Meta:
        verbose_name = "phiếu DC02"
        verbose_name_plural = "phiếu DC02"
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["province", "status"]),
        ]

    def __str__(self) -> str:
        return f"DC02 #{self.pk} · {self.person}"


class CorrectionItem(models.Model):
    """One line of a DC02 form: a field, its value when the form was filed, the value asked."""

    request = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="items")
    field = models.CharField("trường thông tin", max_length=40)
    current_value = models.CharField("thông tin hiện tại", max_length=255, blank=True)
    requested_value = models.CharField("thông tin đề nghị", max_length=255, blank=True)

    class Meta:
        verbose_name = "nội dung chỉnh sửa"
        verbose_name_plural = "nội dung chỉnh sửa"
        constraints = [
            models.UniqueConstraint(
                fields=["request", "field"],
                name="correctionitem_one_line_per_field",
                violation_error_message="Mỗi trường thông tin chỉ ghi một lần trong phiếu.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.current_value} → {self.requested_value}"


class Move(models.Model):
    """A change of permanent residence between communes (chuyển đi / chuyển đến)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="moves")
    from_unit = models.ForeignKey(
        "areas.Unit", verbose_name="nơi chuyển đi", on_delete=models.PROTECT, related_name="+"
    )
    from_province = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        "areas.Unit", verbose_name="nơi chuyển đến", on_delete=models.PROTECT, related_name="+"
    )
    to_province = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField("ngày đăng ký thường trú mới")
    address = models.CharField("địa chỉ mới", max_length=255)
    old_residence = models.ForeignKey(
        "registry.Residence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_residence = models.ForeignKey(
        "registry.Residence", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chuyển thường trú"
        verbose_name_plural = "chuyển thường trú"
        indexes = [
            models.Index(fields=["from_unit", "moved_on"]),
            models.Index(fields=["to_unit", "moved_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.from_unit} → {self.to_unit}"


class ResidenceExtension(models.Model):
    """One extension of a temporary residence (gia hạn tạm trú, Luật Cư trú 2020 Điều 28)."""

    residence = models.ForeignKey(
        "registry.Residence", on_delete=models.PROTECT, related_name="extensions"
    )
    previous_expires_on = models.DateField("thời hạn cũ")
    new_expires_on = models.DateField("thời hạn mới")
    extended_on = models.DateField("ngày gia hạn")
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "gia hạn tạm trú"
        verbose_name_plural = "gia hạn tạm trú"

    def __str__(self) -> str:
        return f"{self.residence_id}: {self.previous_expires_on} → {self.new_expires_on}"


class Absence(models.Model):
    """A declaration of temporary absence (khai báo tạm vắng, Luật Cư trú 2020 Điều 31)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="absences")
    unit = models.ForeignKey(
        "areas.Unit", verbose_name="xã/phường", on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    destination = models.CharField("nơi đến", max_length=255)
    reason = models.CharField("lý do", max_length=255)
    returned_on = models.DateField("ngày trở về", null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khai báo tạm vắng"
        verbose_name_plural = "khai báo tạm vắng"
        indexes = [models.Index(fields=["unit", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_dates_ordered",
                violation_error_message="Ngày kết thúc tạm vắng phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.starts_on} → {self.ends_on}"


class IdNumberChange(models.Model):
    """A cancelled personal ID number and, if re-established, the number that replaced it."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", "Hủy số định danh"
        REESTABLISHED = "reestablished", "Hủy và xác lập lại số định danh"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="id_number_changes"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    old_number = models.CharField("số cũ", max_length=20, db_index=True)
    new_number = models.CharField("số mới", max_length=12, blank=True, db_index=True)
    problems = models.JSONField("sai sót của số cũ", default=list, blank=True)
    reason = models.TextField("lý do")
    changed_on = models.DateField("ngày xác lập lại")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer_label = models.CharField("cán bộ thực hiện", max_length=150)
    unit = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("areas.Unit", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hủy, xác lập lại số định danh"
        verbose_name_plural = "hủy, xác lập lại số định danh"

    def __str__(self) -> str:
        return f"{self.old_number} → {self.new_number or '(hủy)'}"


class LockRequest(models.Model):
    """A request to the cards/e-ID apps to lock a card or the electronic identity."""

    class Target(models.TextChoices):
        DOCUMENT = "document", "Thẻ căn cước/CCCD/CMND"
        EID = "eid", "Căn cước điện tử (VNeID)"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ khóa"
        DONE = "done", "Đã khóa"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="lock_requests"
    )
    target = models.CharField("đối tượng khóa", max_length=10, choices=Target.choices)
    document = models.ForeignKey(
        "registry.IdentityDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("lý do", max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.CharField("người đề nghị", max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "đề nghị khóa"
        verbose_name_plural = "đề nghị khóa"
        indexes = [models.Index(fields=["status", "target"])]

    def __str__(self) -> str:
        return f"{self.get_target_display()} · {self.person} · {self.get_status_display()}"
