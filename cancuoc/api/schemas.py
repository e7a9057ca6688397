"""Request and response shapes of API v1; every field is documented in docs/api/v1.md."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from cancuoc.rules.dates import PartialDate


class ErrorOut(Schema):
    """The body of every error answer."""

    code: str = Field(description="Mã lỗi ổn định cho máy đọc, ví dụ `not_found`.")
    message: str = Field(description="Thông báo lỗi bằng tiếng Việt, nêu rõ trường sai nếu có.")


class UnitRef(Schema):
    """An administrative unit (current structure) by its GSO code and name."""

    code: str = Field(description="Mã đơn vị hành chính (GSO).")
    name: str = Field(description="Tên đầy đủ, ví dụ “Phường Trảng Dài”.")


class PersonRead(Schema):
    """A person of the register as an officer sees it."""

    id: int = Field(description="Khóa nội bộ của hồ sơ.")
    personal_id: str | None = Field(description="Số định danh cá nhân (12 chữ số).")
    full_name: str = Field(description="Họ, chữ đệm và tên khai sinh.")
    birth_date: str = Field(
        description="Ngày sinh theo độ chính xác đã ghi: dd/mm/yyyy, mm/yyyy hoặc yyyy."
    )
    birth_date_iso: dt.date = Field(
        description="Ngày sinh dạng ISO yyyy-mm-dd (ngày sớm nhất có thể khi chỉ biết tháng/năm)."
    )
    birth_precision: str = Field(description="Độ chính xác ngày sinh: `day`, `month` hoặc `year`.")
    sex: str = Field(description="Giới tính: `male` hoặc `female`.")
    status: str = Field(description="Tình trạng: `alive`, `dead` hoặc `missing`.")
    unit: UnitRef = Field(description="Xã/phường (cấu trúc hiện hành) đang quản lý hồ sơ.")
    province: UnitRef = Field(description="Tỉnh/thành phố của xã/phường quản lý.")

    @classmethod
    def of(cls, person) -> PersonRead:
        birth = PartialDate.from_date(person.birth_date, person.birth_precision)
        return cls(
            id=person.pk,
            personal_id=person.personal_id,
            full_name=person.full_name,
            birth_date=str(birth),
            birth_date_iso=person.birth_date,
            birth_precision=person.birth_precision,
            sex=person.sex,
            status=person.status,
            unit=_unit(person.unit),
            province=_unit(person.province),
        )


def _unit(unit) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.full_name)
