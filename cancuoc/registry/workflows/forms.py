"""Forms of the workflow pages. They collect text and dates; the services validate and their
refusals come back next to the fields they name (DomainErrorMixin)."""

from __future__ import annotations

from django import forms

from cancuoc.lib.domain import DomainError
from cancuoc.registry.forms import BLANK, DATE_HELP
from cancuoc.registry.models import Sex
from cancuoc.registry.validation import FIELD_LABELS
from cancuoc.registry.workflows.collection import EXTRA_LABELS, PERSON_FIELDS, RELATIVE_FIELDS
from cancuoc.registry.workflows.corrections import field_choices
from cancuoc.registry.workflows.models import Collection, TemporaryDeletionReason
from cancuoc.rules import catalogues

DATE_INPUT = {"placeholder": "dd/mm/yyyy"}
CHOICES = {
    "sex": Sex.choices,
    "ethnicity": catalogues.ETHNICITIES.choices(),
    "religion": catalogues.RELIGIONS.choices(),
    "nationality": catalogues.NATIONALITIES.choices(),
    "blood_group": catalogues.BLOOD_GROUPS.choices(),
    "marital_status": catalogues.MARITAL_STATUSES.choices(),
}


def _date(label: str, *, required: bool = True) -> forms.DateField:
    widget = forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT)
    return forms.DateField(label=label, required=required, widget=widget)


def _text(label: str, *, required: bool = False, max_length: int = 255) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


def _note(label: str, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class DomainErrorMixin:
    """Show a service's refusal next to the fields it names, or above the form."""

    def add_domain_errors(self, exc: DomainError) -> None:
        placed = False
        for field, message in exc.errors.items():
            if field in self.fields:
                self.add_error(field, message)
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class CollectionForm(DomainErrorMixin, forms.Form):
    """DC01: header of the form, the person items, residences and relatives (vn_spec §7)."""

    source = forms.ChoiceField(label="Nguồn thông tin", choices=Collection.Source.choices)
    collected_on = _date("Ngày thu thập")
    form_no = _text("Số phiếu", max_length=30)

    def __init__(self, *args, communes=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["unit"] = forms.ChoiceField(
                label="Xã/phường thu thập", choices=[(u.code, u.full_name) for u in communes]
            )
        for name in PERSON_FIELDS:
            self.fields[name] = self._person_field(name, required=communes is not None)
        for name in ("permanent_address", "current_address"):
            self.fields[name] = _text(EXTRA_LABELS[name])
        for prefix in RELATIVE_FIELDS:
            self.fields[f"{prefix}_name"] = _text(
                f"{EXTRA_LABELS[prefix]}: họ và tên", max_length=120
            )
            self.fields[f"{prefix}_id"] = _text(
                f"{EXTRA_LABELS[prefix]}: số định danh/CMND", max_length=20
            )
        self.fields["head_name"] = _text("Chủ hộ: họ và tên", max_length=120)
        self.fields["head_id"] = _text("Chủ hộ: số định danh/CMND", max_length=20)

    @staticmethod
    def _person_field(name: str, *, required: bool) -> forms.Field:
        label = FIELD_LABELS[name]
        required = required and name in ("full_name", "birth_date", "sex")
        if name in CHOICES:
            return forms.ChoiceField(label=label, choices=BLANK + CHOICES[name], required=required)
        field = _text(label, required=required)
        if name == "birth_date":
            field.widget.attrs["placeholder"] = DATE_HELP
        return field

    def declared(self) -> dict[str, str]:
        """The declared items as text (header and commune excluded)."""
        skip = {"source", "collected_on", "form_no", "unit"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip and v}


class VerifyForm(DomainErrorMixin, forms.Form):
    """Phúc tra of a DC01 form: correct, or returned with what is wrong."""

    decision = forms.ChoiceField(label="Kết quả phúc tra", widget=forms.RadioSelect, choices=[
        ("verified", "Đúng, xác nhận phiếu"), ("returned", "Trả lại để thu thập lại")])  # fmt: skip
    note = _note("Ghi chú (bắt buộc khi trả lại)")


CORRECTION_LINES = 6


class CorrectionForm(DomainErrorMixin, forms.Form):
    """DC02: up to six lines of (field, requested value), the document and the reason."""

    document_ref = _text("Giấy tờ căn cứ (số, ngày, cơ quan cấp)", required=True)
    reason = _note("Lý do chỉnh sửa", required=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, CORRECTION_LINES + 1):
            self.fields[f"field_{n}"] = forms.ChoiceField(
                label=f"Dòng {n}: trường thông tin", choices=BLANK + field_choices(),
                required=False,
            )  # fmt: skip
            self.fields[f"value_{n}"] = _text(f"Dòng {n}: thông tin đề nghị")

    def lines(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        pairs = [(data.get(f"field_{n}"), data.get(f"value_{n}") or "")
                 for n in range(1, CORRECTION_LINES + 1)]  # fmt: skip
        return [(f, v) for f, v in pairs if f]

    def line_rows(self):
        return [(self[f"field_{n}"], self[f"value_{n}"]) for n in range(1, CORRECTION_LINES + 1)]


class ReviewForm(DomainErrorMixin, forms.Form):
    """The head's decision on a DC02 form."""

    decision = forms.ChoiceField(label="Quyết định", widget=forms.RadioSelect, choices=[
        ("approve", "Duyệt"), ("reject", "Từ chối")])  # fmt: skip
    note = _note("Ý kiến (bắt buộc khi từ chối)")


class BirthForm(DomainErrorMixin, forms.Form):
    """Khai sinh: the parents by their ID numbers and the child's items."""

    mother_id = _text("Số định danh của mẹ", max_length=20)
    father_id = _text("Số định danh của cha", max_length=20)
    full_name = _text(FIELD_LABELS["full_name"], required=True, max_length=120)
    birth_date = _date("Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=BLANK + Sex.choices)
    birthplace = _text(FIELD_LABELS["birthplace"])
    ethnicity = forms.ChoiceField(label="Dân tộc (trống: theo cha/mẹ)", required=False,
                                  choices=BLANK + CHOICES["ethnicity"])  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("mother_id") and not data.get("father_id"):
            raise forms.ValidationError("Nhập số định danh của mẹ hoặc của cha.")
        return data


class DeathForm(DomainErrorMixin, forms.Form):
    death_date = _date("Ngày chết")
    document_ref = _text("Giấy tờ căn cứ (trích lục khai tử, giấy báo tử)", required=True)


class IdentifyForm(DomainErrorMixin, forms.Form):
    """The citizen's card: number, name and birth date must all match the register."""

    personal_id = _text("Số định danh cá nhân", required=True, max_length=20)
    full_name = _text("Họ, chữ đệm và tên", required=True, max_length=120)
    birth_date = _text("Ngày sinh", required=True, max_length=30)

    def __init__(self, *args, communes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ChoiceField(
            label="Xã/phường đăng ký", choices=[(u.code, u.full_name) for u in communes]
        )
        self.fields["address"] = _text("Địa chỉ chỗ ở", required=True)


class MoveForm(IdentifyForm):
    """Đăng ký thường trú (chuyển đến), made at the new commune."""

    moved_on = _date("Ngày đăng ký thường trú")
    household_code = _text("Nhập vào hộ (số hộ, nếu có)", max_length=30)
    relation = _text("Quan hệ với chủ hộ", max_length=40)


class TemporaryForm(IdentifyForm):
    """Đăng ký tạm trú, made at the commune of the stay (Luật Cư trú 2020 Điều 27)."""

    started_on = _date("Từ ngày")
    expires_on = _date("Đến ngày (tối đa 02 năm; trống: đủ 02 năm)", required=False)


class ExtendForm(DomainErrorMixin, forms.Form):
    new_expires_on = _date("Gia hạn đến ngày (tối đa 02 năm)")


class DeleteTemporaryForm(DomainErrorMixin, forms.Form):
    reason = forms.ChoiceField(label="Trường hợp xóa (Luật Cư trú 2020, Điều 29 khoản 1)",
                               choices=TemporaryDeletionReason.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    on = _date("Ngày xóa đăng ký")


class AbsenceForm(DomainErrorMixin, forms.Form):
    starts_on = _date("Từ ngày")
    ends_on = _date("Đến ngày")
    destination = _text("Nơi đến", required=True)
    reason = _text("Lý do tạm vắng", required=True)


class ReturnForm(DomainErrorMixin, forms.Form):
    returned_on = _date("Ngày trở về")


class ReestablishForm(DomainErrorMixin, forms.Form):
    reason = _note("Lý do hủy, xác lập lại (giải trình gửi cấp trên)", required=True)
    place_code = forms.ChoiceField(
        label="Mã nơi đăng ký khai sinh (trống: giữ mã cũ nếu đúng, nếu không theo tỉnh quản lý)",
        required=False, choices=BLANK,
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        from cancuoc.rules.idnumber import PROVINCE_CODES

        super().__init__(*args, **kwargs)
        self.fields["place_code"].choices = BLANK + [
            (code, f"{code} — {name}") for code, name in PROVINCE_CODES.items()
        ]
