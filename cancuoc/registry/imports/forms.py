"""The upload form: one file, CSV or Excel."""

from __future__ import annotations

from django import forms

from cancuoc.registry.agency_lists.kinds import kind_choices


class UploadForm(forms.Form):
    """A people list to import into the user's area."""

    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv UTF-8)",
        error_messages={"required": "Hãy chọn tệp danh sách.", "empty": "Tệp rỗng (0 byte)."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    list_kind = forms.ChoiceField(
        label="Loại danh sách",
        required=False,
        choices=[("", "Danh sách công dân (nhận biết mẫu danh sách cơ quan theo tiêu đề cột)")]
        + kind_choices(),
    )
    agency_name = forms.CharField(
        label="Cơ quan, đơn vị gửi danh sách", required=False, max_length=255
    )
