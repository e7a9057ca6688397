"""The three lists agencies send (seed 003, Kế hoạch 179/KH-UBND and Công văn 9958/UBND-NV of
UBND huyện Nhơn Trạch): who compiles each, its columns, and how a returned file is recognised.

Person columns are headed with spellings the importer already knows (imports.columns), so a
filled template imports through the same pipeline as any people list; the list's own columns
(work place, position, school, class, unit, rank) are read back by services.fill_agency_list.
"""

from __future__ import annotations

from dataclasses import dataclass

from cancuoc.rules.names import compact_key


@dataclass(frozen=True)
class Column:
    """One column of a template: its heading, what to write there, an example value."""

    header: str
    help: str
    example: str = ""
    field: str = ""  # the AgencyListEntry field a list column fills ("" for person columns)
    required: bool = False


DATE_HELP = (
    "Ngày/tháng/năm dạng dd/mm/yyyy (vd. 05/09/1990). Nếu hồ sơ chỉ có tháng và năm thì ghi "
    "mm/yyyy (09/1990); chỉ có năm thì ghi yyyy (1990). Có thể nhập kiểu ngày của Excel."
)
PERSON_COLUMNS = (
    Column("Họ, chữ đệm và tên", "Họ, chữ đệm và tên khai sinh, viết có dấu.",
           "Nguyễn Văn An", required=True),
    Column("Ngày, tháng, năm sinh", DATE_HELP, "05/09/1990", required=True),
    Column("Giới tính", "Chọn Nam hoặc Nữ trong danh sách thả xuống.", "Nam", required=True),
    Column("Số định danh cá nhân", "12 chữ số (số trên thẻ CCCD/thẻ căn cước), giữ cả số 0 "
           "ở đầu. Để trống nếu chưa có.", "075090012345"),
    Column("Số CMND", "Số chứng minh nhân dân 9 chữ số, nếu có. Để trống nếu không có.",
           "271234567"),
    Column("Số điện thoại", "Số thuê bao di động, 10 chữ số.", "0912345678"),
    Column("Xã/phường thường trú", "Tên xã/phường nơi thường trú theo đơn vị hành chính mới "
           "(từ 01/7/2025), kèm tỉnh nếu ở tỉnh khác (vd. Phường Trảng Dài, Đồng Nai), hoặc "
           "mã xã 5 chữ số. Bắt buộc nếu không ghi nơi ở hiện tại.", "Phường Trảng Dài",
           required=True),
    Column("Địa chỉ thường trú", "Số nhà, đường, tổ/ấp/khu phố.", "Số 12, tổ 3, khu phố 4"),
    Column("Xã/phường nơi ở hiện tại", "Ghi nếu đang ở nơi khác nơi thường trú (cách ghi như "
           "cột thường trú).", ""),
    Column("Địa chỉ nơi ở hiện tại", "Số nhà, đường, tổ/ấp/khu phố nơi đang ở.", ""),
)  # fmt: skip


@dataclass(frozen=True)
class ListKind:
    """One kind of agency list: its title, who compiles it, its own columns."""

    code: str
    title: str
    short: str
    compiled_by: str
    columns: tuple[Column, ...]  # the list's own columns, after the person columns
    min_age: int = 0

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return (*PERSON_COLUMNS, *self.columns)

    @property
    def filename(self) -> str:
        return f"mau-danh-sach-{self.code.replace('_', '-')}.xlsx"

    def own_positions(self, headers: list[str]) -> dict[str, int]:
        """{entry field: file column} for this kind's own columns found in `headers`."""
        keys = [compact_key(str(h or "")) for h in headers]
        return {
            c.field: keys.index(compact_key(c.header))
            for c in self.columns
            if compact_key(c.header) in keys
        }


STAFF = ListKind(
    "staff",
    "Danh sách cán bộ, công chức, viên chức và người lao động",
    "Cán bộ, công chức, viên chức, người lao động",
    "Thủ trưởng cơ quan, đơn vị lập; Phòng Nội vụ tổng hợp (Công văn 9958/UBND-NV)",
    (
        Column("Cơ quan, đơn vị công tác", "Tên cơ quan, đơn vị nơi người đó làm việc.",
               "Phòng Nội vụ", field="organisation", required=True),
        Column("Phòng, ban, bộ phận", "Phòng, ban, tổ, bộ phận (nếu có).", "Tổ tổng hợp",
               field="group"),
        Column("Chức vụ", "Chức vụ hoặc công việc (vd. Chuyên viên, Giáo viên, Nhân viên).",
               "Chuyên viên", field="position"),
    ),
)  # fmt: skip
STUDENTS = ListKind(
    "students",
    "Danh sách học sinh, sinh viên từ đủ 14 tuổi trở lên",
    "Học sinh, sinh viên từ đủ 14 tuổi",
    "Nhà trường lập; Phòng Giáo dục và Đào tạo tổng hợp (Kế hoạch 179/KH-UBND)",
    (
        Column("Trường", "Tên trường (THCS, THPT, trường nghề, cao đẳng, đại học).",
               "Trường THPT Nhơn Trạch", field="organisation", required=True),
        Column("Lớp", "Lớp hoặc khóa học.", "10A1", field="group"),
    ),
    min_age=14,
)  # fmt: skip
ARMED_FORCES = ListKind(
    "armed_forces",
    "Danh sách cán bộ, chiến sĩ lực lượng vũ trang",
    "Lực lượng vũ trang",
    "Ban Chỉ huy Quân sự lập (sĩ quan, quân nhân chuyên nghiệp, công nhân và viên chức quốc "
    "phòng, hạ sĩ quan, binh sĩ đóng quân trên địa bàn — Kế hoạch 179/KH-UBND)",
    (
        Column("Đơn vị", "Đơn vị đóng quân trên địa bàn.", "Ban CHQS huyện Nhơn Trạch",
               field="organisation", required=True),
        Column("Cấp bậc", "Cấp bậc quân hàm (vd. Thượng úy, Trung sĩ, Binh nhất).",
               "Thượng úy", field="rank"),
        Column("Chức vụ", "Chức vụ (vd. Trợ lý, Tiểu đội trưởng, Chiến sĩ).", "Trợ lý",
               field="position"),
    ),
)  # fmt: skip
KINDS = {k.code: k for k in (STAFF, STUDENTS, ARMED_FORCES)}


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.title) for k in KINDS.values()]


def detect_kind(headers: list[str]) -> ListKind | None:
    """The kind whose distinctive column (the first of its own) heads a column of the file;
    when several do, the one with most of its own columns present."""
    found = [k for k in KINDS.values() if k.columns[0].field in k.own_positions(headers)]
    if not found:
        return None
    return max(found, key=lambda k: len(k.own_positions(headers)) / len(k.columns))
