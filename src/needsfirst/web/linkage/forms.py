from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from needsfirst.linkage.errors import LinkageErrorCode, LinkageInputError
from needsfirst.linkage.keys import MINIMUM_SECRET_BYTES, LinkageKey, decode_secret

MAXIMUM_KEY_FILE_BYTES = 1024


class EncodeForm(forms.Form):
    key_file = forms.FileField(
        label=_("Key file shared with your partners"),
        help_text=_(
            "The file the partners agreed on for this linkage round. It is read in memory and "
            "never stored."
        ),
    )

    def clean_key_file(self) -> LinkageKey:
        upload: Any = self.cleaned_data["key_file"]
        if upload.size > MAXIMUM_KEY_FILE_BYTES:
            raise forms.ValidationError(_("A key file is at most 1 KB; this is not a key file."))
        try:
            text = upload.read().decode("ascii")
            return LinkageKey.from_secret(decode_secret(text))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("A key file holds hex or base64 text.")) from None
        except LinkageInputError as error:
            if error.code is LinkageErrorCode.KEY_TOO_SHORT:
                raise forms.ValidationError(
                    _("The key is too short: it must hold at least %(minimum)s bytes."),
                    params={"minimum": MINIMUM_SECRET_BYTES},
                ) from None
            raise forms.ValidationError(_("A key file holds hex or base64 text.")) from None
