from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from needsfirst.exchange import MAX_FILE_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("HTCDS 2.0 file (.json or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError(_("Choose a .json or .xlsx file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
