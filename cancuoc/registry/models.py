"""The population register: people with the 26 items of Điều 9 Luật Căn cước 2023,
households, residences, relatives and the identity documents already issued."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Household(models.Model):
    """A household (hộ gia đình) with its head, registered at one commune."""

    code = models.CharField("số hộ", max_length=30)  # unique: household_code_unique below
    unit = models.ForeignKey("areas.Unit", verbose_name="xã/phường", on_delete=models.PROTECT)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    head = models.ForeignKey(
        "registry.Person",
        verbose_name="chủ hộ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"
        # A constraint, not unique=True: no varchar_pattern_ops twin on PostgreSQL (see Person).
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="household_code_unique",
                violation_error_message="Số hộ đã có trong sổ.",
            )
        ]

    def __str__(self) -> str:
        return self.code


class Person(models.Model):
    """A person in the register (công dân), with the identity items of Điều 9."""

    class Status(models.TextChoices):
        ALIVE = "alive", "Còn sống"
        DEAD = "dead", "Đã chết"
        MISSING = "missing", "Mất tích"

    class EidLevel(models.IntegerChoices):
        NONE = 0, "Chưa có"
        LEVEL_1 = 1, "Mức 1"
        LEVEL_2 = 2, "Mức 2"

    # 1-5: name, other name, personal ID, birth date (with precision), sex
    full_name = models.CharField("họ, chữ đệm và tên khai sinh", max_length=120)
    other_name = models.CharField("tên gọi khác", max_length=120, blank=True)
    personal_id = models.CharField(
        "số định danh cá nhân", max_length=12, null=True, blank=True
    )  # unique: person_personal_id_unique below
    birth_date = models.DateField("ngày sinh")
    birth_precision = models.CharField(
        "độ chính xác ngày sinh",
        max_length=5,
        choices=[("day", "Ngày/tháng/năm"), ("month", "Tháng/năm"), ("year", "Chỉ có năm")],
        default="day",
    )
    sex = models.CharField("giới tính", max_length=6, choices=Sex.choices)
    # 6-12: places of birth, hometown, catalogues
    birthplace = models.CharField("nơi sinh", max_length=255, blank=True)
    birth_registration_place = models.CharField("nơi đăng ký khai sinh", max_length=255, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=4, blank=True)
    religion = models.CharField("tôn giáo", max_length=4, blank=True)
    nationality = models.CharField("quốc tịch", max_length=4, default="VN", blank=True)
    blood_group = models.CharField("nhóm máu", max_length=4, blank=True)
    # 13: the old 9-digit CMND number
    old_id_number = models.CharField("số CMND 9 số", max_length=9, blank=True)  # indexed below
    # 16-18 live in Residence; 20 residence file number; 21-22 marital status and relation
    residence_file_no = models.CharField("số hồ sơ cư trú", max_length=30, blank=True)
    # Codes of rules.catalogues.MARITAL_STATUSES ("single", "married", "divorced", "widowed").
    marital_status = models.CharField("tình trạng hôn nhân", max_length=10, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name="hộ gia đình",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    relation_to_head = models.CharField("quan hệ với chủ hộ", max_length=40, blank=True)
    # 24: death or missing
    status = models.CharField(
        "tình trạng", max_length=8, choices=Status.choices, default=Status.ALIVE
    )
    death_date = models.DateField("ngày chết/mất tích", null=True, blank=True)
    # 25: contact
    phone = models.CharField("số thuê bao di động", max_length=15, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    # VNeID summary until the eid app owns accounts (Điều 15 k5: e-ID level is identity data).
    eid_level = models.PositiveSmallIntegerField(
        "định danh điện tử", choices=EidLevel.choices, default=EidLevel.NONE
    )
    # Management: the current-structure commune that keeps the record, and its province.
    # No single-column indexes on unit and province: (unit, name_folded) and
    # (province, name_folded) lead with them, and every index costs each bulk insert.
    unit = models.ForeignKey(
        "areas.Unit",
        verbose_name="xã/phường quản lý",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    province = models.ForeignKey(
        "areas.Unit",
        verbose_name="tỉnh/thành phố",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    record_id = models.CharField("mã hồ sơ nguồn", max_length=60, blank=True)  # indexed below
    # Search keys (rules.names.fold): diacritics removed, đ -> d, lower case. On PostgreSQL
    # both columns use the "C" collation (migration 0002) so prefix ranges and ORDER BY use
    # the btree indexes; an AlterField on them must keep db_collation="C" there.
    name_folded = models.CharField(max_length=120, editable=False)  # indexed below
    # No index of its own: person_given_name_cover leads with it.
    given_folded = models.CharField(max_length=40, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "công dân"
        verbose_name_plural = "công dân"
        # Single-column indexes are declared here, not with unique=True / db_index=True: on
        # PostgreSQL those also build a varchar_pattern_ops twin ("..._like") for LIKE queries,
        # which no query of these columns needs (exact numbers; name prefixes use ranges on the
        # "C" collation), yet each twin is upkeep on every write and a rebuild after a bulk
        # load (4 twins: 82 MB and ~2 s of index builds per million people).
        indexes = [
            models.Index(fields=["name_folded"], name="person_name_folded_idx"),
            models.Index(fields=["record_id"], name="person_record_id_idx"),
            models.Index(fields=["old_id_number"], name="person_old_id_number_idx"),
            # Also the exact look-alike probe of imports (same commune, name and birth date).
            models.Index(fields=["unit", "name_folded", "birth_date"]),
            models.Index(fields=["province", "name_folded"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["birth_date"]),
            # Given-name search (queries.search_people) within an area, in display order, and
            # for people managed elsewhere; INCLUDE makes them covering on PostgreSQL (SQLite
            # indexes carry the rowid anyway), so the name filters never touch the table.
            models.Index(
                fields=["province", "given_folded", "name_folded"],
                include=["id"],
                name="person_prov_given_cover",
            ),
            models.Index(
                fields=["unit", "given_folded", "name_folded"],
                include=["id"],
                name="person_unit_given_cover",
            ),
            models.Index(
                fields=["given_folded", "name_folded"],
                include=["id", "province", "unit"],
                name="person_given_name_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                name="person_personal_id_unique",
                violation_error_message="Số định danh cá nhân đã có trong sổ.",
            ),
            models.CheckConstraint(
                condition=Q(death_date__isnull=True) | ~Q(status="alive"),
                name="person_death_date_only_if_not_alive",
                violation_error_message="Người còn sống không có ngày chết.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def birth(self):
        """The birth date at its recorded precision (a rules.dates.PartialDate)."""
        from cancuoc.rules.dates import PartialDate

        d, precision = self.birth_date, self.birth_precision
        month = d.month if precision in ("day", "month") else None
        return PartialDate(d.year, month, d.day if precision == "day" else None)


class Residence(models.Model):
    """A residence registration: permanent (thường trú), temporary (tạm trú) or current."""

    class Kind(models.TextChoices):
        PERMANENT = "permanent", "Thường trú"
        TEMPORARY = "temporary", "Tạm trú"
        CURRENT = "current", "Nơi ở hiện tại"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(  # indexed by (unit, kind, ended_on) below
        "areas.Unit", verbose_name="xã/phường", on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )  # fmt: skip
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    started_on = models.DateField("từ ngày", null=True, blank=True)
    expires_on = models.DateField("thời hạn đến", null=True, blank=True)
    ended_on = models.DateField("kết thúc ngày", null=True, blank=True)
    end_reason = models.CharField("lý do kết thúc", max_length=255, blank=True)

    class Meta:
        verbose_name = "nơi cư trú"
        verbose_name_plural = "nơi cư trú"
        indexes = [models.Index(fields=["unit", "kind", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class Relative(models.Model):
    """A family link (item 15): father, mother, spouse, child or legal representative."""

    class Kind(models.TextChoices):
        FATHER = "father", "Cha"
        MOTHER = "mother", "Mẹ"
        SPOUSE = "spouse", "Vợ/chồng"
        CHILD = "child", "Con"
        REPRESENTATIVE = "representative", "Người đại diện hợp pháp"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    kind = models.CharField("quan hệ", max_length=16, choices=Kind.choices)
    relative = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("họ và tên", max_length=120, blank=True)
    id_number = models.CharField("số định danh/CMND", max_length=12, blank=True)
    nationality = models.CharField("quốc tịch", max_length=4, blank=True)

    class Meta:
        verbose_name = "thân nhân"
        verbose_name_plural = "thân nhân"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class IdentityDocument(models.Model):
    """A card already issued to the person (item 14): CMND, CCCD or thẻ căn cước."""

    class Kind(models.TextChoices):
        CMND = "cmnd", "Chứng minh nhân dân"
        CCCD = "cccd", "Căn cước công dân"
        CAN_CUOC = "can_cuoc", "Thẻ căn cước"

    person = models.ForeignKey(  # indexed by (person, issued_on) below
        Person, on_delete=models.CASCADE, related_name="documents", db_index=False
    )
    kind = models.CharField("loại giấy tờ", max_length=10, choices=Kind.choices)
    number = models.CharField("số", max_length=12)
    issued_on = models.DateField("ngày cấp", null=True, blank=True)
    expires_on = models.DateField("có giá trị đến", null=True, blank=True)
    issued_by = models.CharField("nơi cấp", max_length=120, blank=True)

    class Meta:
        verbose_name = "giấy tờ tùy thân"
        verbose_name_plural = "giấy tờ tùy thân"
        indexes = [models.Index(fields=["person", "issued_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


from cancuoc.registry.imports.models import ImportIssue, ImportJob  # noqa: E402,F401
from cancuoc.registry.workflows.models import (  # noqa: E402,F401  (model registration)
    Absence,
    Collection,
    CorrectionItem,
    CorrectionRequest,
    IdNumberChange,
    LockRequest,
    Move,
    ResidenceExtension,
)
