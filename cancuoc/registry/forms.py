"""Forms of the register pages. They only collect text: validation lives in
registry.validation (called by the services), whose errors are attached back to the fields."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q

from cancuoc.lib.domain import DomainError
from cancuoc.registry.models import Person, Sex
from cancuoc.registry.validation import FIELD_LABELS
from cancuoc.rules import catalogues
from cancuoc.rules.dates import PartialDate, format_date_vi

BLANK = [("", "—")]
DATE_HELP = "dd/mm/yyyy; nếu không rõ: mm/yyyy hoặc chỉ năm (yyyy)"


def _text(field: str, *, required: bool = False, max_length: int = 255, **attrs) -> forms.Field:
    widget = forms.TextInput(attrs=attrs) if attrs else None
    return forms.CharField(
        label=FIELD_LABELS[field], required=required, max_length=max_length, widget=widget
    )


def _choice(field: str, choices, *, required: bool = False) -> forms.Field:
    return forms.ChoiceField(label=FIELD_LABELS[field], choices=choices, required=required)


class PersonForm(forms.Form):
    """The 26 items of Điều 9 kept on the person row, as text; `version` guards edits."""

    full_name = _text("full_name", required=True, max_length=120, autocomplete="off")
    other_name = _text("other_name", max_length=120)
    personal_id = _text("personal_id", max_length=20, inputmode="numeric")
    birth_date = _text("birth_date", required=True, max_length=30, placeholder=DATE_HELP)
    sex = _choice("sex", BLANK + Sex.choices, required=True)
    birthplace = _text("birthplace")
    birth_registration_place = _text("birth_registration_place")
    hometown = _text("hometown")
    ethnicity = _choice("ethnicity", BLANK + catalogues.ETHNICITIES.choices())
    religion = _choice("religion", BLANK + catalogues.RELIGIONS.choices())
    nationality = _choice("nationality", catalogues.NATIONALITIES.choices())
    blood_group = _choice("blood_group", BLANK + catalogues.BLOOD_GROUPS.choices())
    old_id_number = _text("old_id_number", max_length=20, inputmode="numeric")
    residence_file_no = _text("residence_file_no", max_length=30)
    marital_status = _choice("marital_status", BLANK + catalogues.MARITAL_STATUSES.choices())
    relation_to_head = _text("relation_to_head", max_length=40)
    status = _choice("status", Person.Status.choices)
    death_date = _text("death_date", max_length=30, placeholder="dd/mm/yyyy")
    phone = _text("phone", max_length=20, inputmode="tel")
    email = _text("email", max_length=254)
    record_id = _text("record_id", max_length=60)
    unit = forms.ChoiceField(label=FIELD_LABELS["unit"], choices=())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, communes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.full_name) for u in communes]

    def raw(self, names=None) -> dict[str, str]:
        """Submitted text of the person fields (all, or only `names`)."""
        names = [n for n in (names or self.cleaned_data) if n in FIELD_LABELS]
        return {n: self.cleaned_data.get(n) or "" for n in names}

    def add_domain_errors(self, exc: DomainError) -> None:
        """Show a service's refusal next to the fields it names, or above the form."""
        for field, message in exc.errors.items():
            self.add_error(field if field in self.fields else None, message)
        if not exc.errors:
            self.add_error(None, exc.message)


def initial_of(person: Person) -> dict[str, object]:
    """The edit form's starting text: stored values written the way an officer types them."""
    values = {name: getattr(person, name, "") or "" for name in FIELD_LABELS}
    values["birth_date"] = str(PartialDate.from_date(person.birth_date, person.birth_precision))
    values["death_date"] = format_date_vi(person.death_date) if person.death_date else ""
    values["unit"] = person.unit.code
    values["version"] = person.version
    return values


class PersonFilterForm(forms.Form):
    """Search box and filters of the people list."""

    q = forms.CharField(label="Tìm kiếm", required=False, max_length=120)
    residing = forms.ChoiceField(
        label="Danh sách",
        required=False,
        choices=[
            ("", "Công dân do địa bàn quản lý"),
            ("1", "Tạm trú, ở tại địa bàn (quản lý nơi khác)"),
        ],
    )
    status = forms.ChoiceField(
        label="Tình trạng", choices=BLANK + Person.Status.choices, required=False
    )
    unit = forms.ChoiceField(label="Xã/phường", choices=(), required=False)
    sex = forms.ChoiceField(label="Giới tính", choices=BLANK + Sex.choices, required=False)
    year_from = forms.IntegerField(
        label="Sinh từ năm", required=False, min_value=1800, max_value=2200
    )
    year_to = forms.IntegerField(label="đến năm", required=False, min_value=1800, max_value=2200)

    def __init__(self, *args, communes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = BLANK + [(str(u.pk), u.full_name) for u in communes]

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "Năm kết thúc phải không nhỏ hơn năm bắt đầu")
        return data

    def filters(self) -> Q:
        """The filters as a condition on Person (empty when the form is invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        q = Q()
        for field in ("status", "sex"):
            if data.get(field):
                q &= Q(**{field: data[field]})
        if data.get("unit"):
            q &= Q(unit_id=int(data["unit"]))
        if data.get("year_from"):
            q &= Q(birth_date__gte=dt.date(data["year_from"], 1, 1))
        if data.get("year_to"):
            q &= Q(birth_date__lte=dt.date(data["year_to"], 12, 31))
        return q

    def wants_residents(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("residing") == "1"

    def text(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
