from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code"),
        max_length=16,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits from your authenticator app, or a backup code."),
    )


class ReauthenticateForm(forms.Form):
    """The password, and the second factor once one is enrolled, given again."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args: object, with_token: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if with_token:
            self.fields["otp_token"] = forms.CharField(
                label=_("Code"),
                max_length=16,
                min_length=6,
                widget=forms.TextInput(
                    attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
                ),
                help_text=_("The six digits from your authenticator app, or a backup code."),
            )


class NewAuthenticatorForm(TokenForm):
    """The first code of a new authenticator app (a backup code does not confirm it)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["otp_token"].help_text = _("The six digits the new app shows.")
