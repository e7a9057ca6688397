"""The upload form: one file, CSV or Excel."""

from __future__ import annotations

from django import forms


class UploadForm(forms.Form):
    """A people list to import into the user's area."""

    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv UTF-8)",
        error_messages={"required": "Hãy chọn tệp danh sách.", "empty": "Tệp rỗng (0 byte)."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
