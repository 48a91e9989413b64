"""Forms of the case pages: they validate input and name the field of every error."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst.protect.names import clean_name
from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.cases.consent_recipients import outside_recipients
from needsfirst.web.cases.models import (
    NAME_FIELDS,
    Case,
    CaseEvent,
    CaseStatus,
    Consent,
    ConsentKind,
    IdentityDocument,
    NameKind,
    Person,
)
from needsfirst.web.common.dates import PlausibleDatesMixin
from needsfirst.web.common.fields import TEXT_MAX_LENGTH
from needsfirst.web.common.validators import country_choices, language_choices

MAX_AGE = 120
NAME_MAX_LENGTH = 200  # as the name fields (EncryptedCharField's form_max_length)
ALIASES_MAX_LENGTH = 2000
PERSON_FIELDS = [
    "first_name",
    "middle_name",
    "second_name",
    "birthdate",
    "estimated_age",
    "sex",
    "gender",
    "citizenship",
    "primary_language",
    "secondary_language",
    "email",
    "mobile_phone",
    "home_phone",
    "mailing_street",
    "mailing_city",
    "mailing_country",
    "identity_number",
    "safe_contact",
]


class PersonForm(PlausibleDatesMixin, forms.ModelForm):
    citizenship = forms.MultipleChoiceField(
        label=_("Nationality"),
        required=False,
        choices=country_choices,
        help_text=_(
            "Choose one or more. Type in the search box to find a country; without it, hold "
            "Ctrl (or Cmd) to choose more than one."
        ),
        widget=forms.SelectMultiple(
            attrs={
                "data-search": "",
                "size": 8,
                "data-search-label": _("Search the countries"),
                "data-remove-label": _("Remove"),
            }
        ),
    )
    primary_language = forms.ChoiceField(
        label=_("Main language"),
        required=False,
        choices=lambda: [("", _("Choose a language…")), *language_choices()],
    )
    secondary_language = forms.ChoiceField(
        label=_("Other language"),
        required=False,
        choices=lambda: [("", _("Choose a language…")), *language_choices()],
    )
    mailing_country = forms.ChoiceField(
        label=_("Country of address"),
        required=False,
        choices=lambda: [("", _("Choose a country…")), *country_choices()],
    )
    aliases = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        max_length=ALIASES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: aliases, names used, spellings in another script."),
    )
    estimated_age = forms.IntegerField(
        label=_("Estimated age"), required=False, min_value=0, max_value=MAX_AGE
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"safe_contact": forms.Textarea(attrs={"rows": 2})}

    def clean_aliases(self) -> str:
        aliases = str(self.cleaned_data.get("aliases", ""))
        if any(len(line.strip()) > NAME_MAX_LENGTH for line in aliases.splitlines()):
            raise forms.ValidationError(
                _("Each name can have at most %(limit)d characters."),
                params={"limit": NAME_MAX_LENGTH},
                code="max_length",
            )
        return aliases

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "")
        if email:
            forms.EmailField().clean(email)
        return str(email)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Invisible and reordering characters out first: a name of nothing else is no name.
        for name in NAME_FIELDS:
            if name in data:
                data[name] = clean_name(data[name] or "")
        if "aliases" in data:
            data["aliases"] = "\n".join(clean_name(line) for line in data["aliases"].splitlines())
        names = [data.get("first_name"), data.get("second_name"), data.get("aliases")]
        if not any(names):
            self.add_error("first_name", _("Give at least one name, even one the person uses."))
        return data

    def other_names(self) -> list[tuple[str, str]]:
        lines = self.cleaned_data.get("aliases", "").splitlines()
        return [(NameKind.ALIAS, line.strip()) for line in lines if line.strip()]

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class IntakeForm(PersonForm):
    """Opening a case: nothing but a name is required (users.md, Amina's night)."""

    assistance_consent = forms.TypedChoiceField(
        label=_("Consent to assistance"),
        choices=[("", _("Not asked yet")), ("yes", _("Given")), ("no", _("Declined"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, min_length=2)


class CaseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["status", "assigned_caseworker", "closure_reason"]
        widgets = {"closure_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_caseworker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            organisation=organisation, role__in=CASE_ROLES, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == CaseStatus.CLOSED and not data.get("closure_reason"):
            self.add_error("closure_reason", _("Say why the case is closed."))
        return data


class DocumentForm(forms.ModelForm):
    issuing_country = forms.ChoiceField(
        label=_("Issuing country"), required=False, choices=lambda: [("", "—"), *country_choices()]
    )

    class Meta:
        model = IdentityDocument
        fields = ["type", "number", "issuing_country", "held_by"]


class NoteForm(PlausibleDatesMixin, forms.Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH
    )
    note_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def clean_note_date(self) -> Any:
        value = self.cleaned_data["note_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A note cannot be dated in the future."))
        return value


class EventForm(PlausibleDatesMixin, forms.ModelForm):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=lambda: [("", "—"), *country_choices()]
    )

    class Meta:
        model = CaseEvent
        fields = [
            "type",
            "date",
            "date_is_approximate",
            "country",
            "state",
            "city",
            "street",
            "description",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_date(self) -> Any:
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("An event cannot be dated in the future."))
        return value


def _is_given(value: str) -> bool:
    return value == "given"


class ConsentForm(PlausibleDatesMixin, forms.ModelForm):
    # An explicit choice with no default: an unticked box used to record a refusal by omission.
    granted = forms.TypedChoiceField(
        label=_("The person's decision"),
        choices=[("given", _("Given")), ("declined", _("Declined"))],
        coerce=_is_given,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the person gave or declined consent.")},
    )
    # An outside provider (not an organisation of needsfirst) the person agreed to share with.
    recipient_service = forms.TypedChoiceField(
        label=_("Or an outside service (not in needsfirst)"),
        required=False,
        choices=lambda: [("", "—"), *outside_recipients()],
        coerce=uuid.UUID,
        empty_value=None,
        help_text=_("An interpreter, a clinic or another service that receives a printed form."),
    )
    field_order = ["kind", "granted", "purpose", "recipient", "recipient_service"]

    class Meta:
        model = Consent
        fields = ["kind", "granted", "purpose", "recipient", "method", "decided_on"]
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ConsentKind.DATA_SHARING:
            if not data.get("purpose"):
                self.add_error("purpose", _("Say for what purpose the data may be shared."))
            if data.get("recipient") and data.get("recipient_service"):
                self.add_error(
                    "recipient_service",
                    _(
                        "Name either an organisation or an outside service, not both: record "
                        "one consent for each."
                    ),
                )
            elif not data.get("recipient") and not data.get("recipient_service"):
                self.add_error(
                    "recipient", _("Say with which organisation the data may be shared.")
                )
        decided_on = data.get("decided_on")
        if decided_on and decided_on > timezone.localdate():
            self.add_error("decided_on", _("The date of the decision cannot be in the future."))
        return data


class WithdrawForm(PlausibleDatesMixin, forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


NOT_CLOSED = "not_closed"


class CaseListFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (NOT_CLOSED, _("All but closed")), *CaseStatus.choices],
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
