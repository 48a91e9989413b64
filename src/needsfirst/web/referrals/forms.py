"""Forms of the directory and the referral workflow: every error names its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst.web.accounts.models import Organisation
from needsfirst.web.cases.models import CaseShareSection
from needsfirst.web.common.dates import PlausibleDatesMixin
from needsfirst.web.common.validators import country_choices, country_name, language_choices
from needsfirst.web.referrals.models import (
    DOMAIN_CHOICES,
    Eligibility,
    ReferralOutcome,
    ServiceProvider,
)


def _blank(choices: Any) -> Any:
    return lambda: [("", "—"), *(choices() if callable(choices) else choices)]


class DirectorySearchForm(forms.Form):
    """GET filters: a need, a language, a place. None of it is personal data."""

    need = forms.ChoiceField(label=_("Need"), required=False, choices=_blank(DOMAIN_CHOICES))
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_blank(language_choices)
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=_blank(country_choices))
    city = forms.CharField(label=_("Town or city"), required=False, max_length=100)


class ProviderForm(forms.ModelForm):
    domains = forms.MultipleChoiceField(
        label=_("Needs it meets"),
        choices=DOMAIN_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=language_choices,
        required=False,
        widget=forms.SelectMultiple(
            attrs={"data-search": "", "size": 8, "data-search-label": _("Search the languages")}
        ),
    )
    eligibility = forms.MultipleChoiceField(
        label=_("Who it serves"),
        choices=Eligibility.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.ChoiceField(label=_("Country"), choices=_blank(country_choices))
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=0)

    class Meta:
        model = ServiceProvider
        fields = [
            "name",
            "type",
            "organisation",
            "in_needsfirst",
            "domains",
            "languages",
            "country",
            "city",
            "opening_hours",
            "capacity",
            "eligibility",
            "contact",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("in_needsfirst") and not data.get("organisation"):
            self.add_error(
                "organisation",
                _("A service that answers referrals in needsfirst belongs to an organisation."),
            )
        return data

    def provider_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ServiceProvider.objects.filter(active=True).select_related("organisation"),
        to_field_name="uuid",
    )
    domain = forms.ChoiceField(label=_("Need"), required=False, choices=_blank(DOMAIN_CHOICES))
    sections = forms.MultipleChoiceField(
        label=_("Sections to share"),
        choices=CaseShareSection.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the person agreed to share with this service."),
    )
    message = forms.CharField(
        label=_("Message to the service"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    override = forms.BooleanField(
        label=_("Send without the person's consent (special permission)"), required=False
    )
    override_reason = forms.CharField(
        label=_("Why it must go without consent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # One value per form shown: sent twice, it finds the referral already sent.
    once = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, domain: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if domain:
            providers = [p.pk for p in ServiceProvider.objects.filter(active=True)]
            matching = [
                p.pk
                for p in ServiceProvider.objects.filter(pk__in=providers)
                if domain in p.domains
            ]
            self.fields["provider"].queryset = ServiceProvider.objects.filter(  # type: ignore[attr-defined]
                pk__in=matching
            ).select_related("organisation")
        self.fields["provider"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: (
                f"{p.name} · {p.city} ({country_name(p.country)})"
                + ("" if not p.outside else " · " + str(_("outside partner, printed form")))
            )
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_blank(ReferralOutcome.choices))
    note = forms.CharField(
        label=_("About the outcome"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaskForm(PlausibleDatesMixin, forms.Form):
    description = forms.CharField(label=_("What to do"), max_length=1000)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_due_on(self) -> Any:
        value = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be due in the past."))
        return value
