"""Forms of the units pages: they parse fields and find units by code; services decide."""

from __future__ import annotations

from django import forms

from cancuoc.areas.models import Unit
from cancuoc.areas.queries import unit_by_code
from cancuoc.areas.services import LEVEL_KINDS, PARENT_LEVEL

DATE_WIDGET = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
SCHEME_FILTER = [
    (Unit.Scheme.V2025, "Hiện hành (từ 01/7/2025)"),
    (Unit.Scheme.LEGACY, "Trước 01/7/2025"),
    ("all", "Cả hai hệ thống"),
]
KIND_CHOICES = [(k, k) for k in dict.fromkeys(k for ks in LEVEL_KINDS.values() for k in ks)]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": f"Chưa nhập {label.lower()}.",
            "invalid": f"{label}: ngày không hợp lệ, ghi theo dạng dd/mm/yyyy.",
        },
    )


class UnitFilterForm(forms.Form):
    """Search box and filters of the units list; never invalid (bad values are ignored)."""

    q = forms.CharField(label="Tìm theo tên hoặc mã", required=False, max_length=120)
    scheme = forms.ChoiceField(label="Hệ thống", choices=SCHEME_FILTER, required=False)
    level = forms.ChoiceField(
        label="Cấp", choices=[("", "Mọi cấp"), *Unit.Level.choices], required=False
    )
    province = forms.TypedChoiceField(label="Tỉnh/thành phố", coerce=int, required=False)

    def __init__(self, data, provinces):
        super().__init__(data)
        self.fields["province"].choices = [("", "Tất cả")] + [(p.pk, p.name) for p in provinces]

    def filters(self) -> dict:
        """The valid filters; an invalid value (e.g. an unknown province) is simply ignored."""
        self.is_valid()
        data = self.cleaned_data
        scheme = data.get("scheme") or Unit.Scheme.V2025
        return {
            "text": data.get("q", ""),
            "scheme": "" if scheme == "all" else scheme,
            "level": data.get("level", ""),
            "province_id": data.get("province"),
        }


class UnitAddForm(forms.Form):
    """A new unit: structure, level, code, kind and name, parent by code, start date."""

    scheme = forms.ChoiceField(
        label="Hệ thống", choices=Unit.Scheme.choices[::-1], initial=Unit.Scheme.V2025
    )
    level = forms.ChoiceField(label="Cấp", choices=Unit.Level.choices, initial=Unit.Level.COMMUNE)
    code = forms.CharField(
        label="Mã đơn vị",
        max_length=10,
        help_text="Mã theo danh mục hành chính của Cục Thống kê: tỉnh 2 chữ số, xã 5 chữ số.",
    )
    kind = forms.ChoiceField(label="Loại", choices=KIND_CHOICES, initial="Xã")
    name = forms.CharField(label="Tên (không kèm loại)", max_length=120)
    parent_code = forms.CharField(
        label="Mã đơn vị cấp trên",
        max_length=10,
        required=False,
        help_text="Xã hiện hành: mã tỉnh (vd. 75); xã cũ: mã huyện; để trống nếu thêm tỉnh.",
    )
    valid_from = _date_field("Ngày có hiệu lực")

    def clean(self):
        data = super().clean()
        scheme, level = data.get("scheme"), data.get("level")
        expected = PARENT_LEVEL.get((scheme, level))
        code = (data.get("parent_code") or "").strip()
        data["parent"] = None
        if expected and not code:
            self.add_error("parent_code", "Chưa nhập mã đơn vị cấp trên.")
        elif expected:
            data["parent"] = unit_by_code(code, scheme=scheme, level=expected)
            if data["parent"] is None:
                label = Unit.Level(expected).label.lower()
                self.add_error(
                    "parent_code", f"Không tìm thấy {label} mã «{code}» trong hệ thống đã chọn."
                )
        return data

    def service_arguments(self) -> dict:
        fields = ("scheme", "level", "code", "name", "kind", "parent", "valid_from")
        return {f: self.cleaned_data[f] for f in fields}


class UnitRetireForm(forms.Form):
    """End of a unit's validity (its last day) and, optionally, its successor by code."""

    valid_to = _date_field("Ngày hết hiệu lực")
    successor_code = forms.CharField(label="Mã đơn vị kế thừa", max_length=10, required=False)
    is_partial = forms.BooleanField(
        label="Chỉ một phần địa bàn chuyển sang đơn vị kế thừa", required=False
    )

    def __init__(self, data=None, *, unit: Unit):
        super().__init__(data)
        self.unit = unit

    def clean(self):
        data = super().clean()
        code = (data.get("successor_code") or "").strip()
        data["successor"] = None
        if code:
            data["successor"] = unit_by_code(code, scheme=self.unit.scheme, level=self.unit.level)
            if data["successor"] is None:
                self.add_error("successor_code", f"Không tìm thấy đơn vị cùng cấp mã «{code}».")
        return data
