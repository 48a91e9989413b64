"""Forms of the directory, the referral workflow and the wage claim: every error names its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst.wages import DeductionReason, FeeCategory, PayBasis
from needsfirst.wages.money import is_currency
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.cases.models import CaseShareSection
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


class TaskForm(forms.Form):
    description = forms.CharField(label=_("What to do"), max_length=1000)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_due_on(self) -> Any:
        value = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be due in the past."))
        return value


# --- the wage claim ---------------------------------------------------------------------------

AMOUNT = {"max_digits": 14, "decimal_places": 4, "min_value": 0}
PAY_BASIS_CHOICES = [
    (PayBasis.HOUR.value, _("per hour")),
    (PayBasis.DAY.value, _("per day")),
    (PayBasis.WEEK.value, _("per week")),
    (PayBasis.MONTH.value, _("per month")),
    (PayBasis.PERIOD.value, _("for the whole period")),
]
DEDUCTION_CHOICES = [(reason.value, reason.value.replace("-", " ")) for reason in DeductionReason]
FEE_CHOICES = [(category.value, category.value.replace("-", " ")) for category in FeeCategory]
# The core's three answers (`Deduction.agreed`: True, False or None); unknown is the default.
AGREED_CHOICES = [("", _("unknown")), ("yes", _("yes")), ("no", _("no"))]
AGREED_VALUES: dict[str, bool | None] = {"": None, "yes": True, "no": False}


class ClaimForm(forms.Form):
    jurisdiction = forms.ChoiceField(
        label=_("Country whose law applies"), choices=_blank(country_choices)
    )
    sector = forms.RegexField(
        label=_("Sector"),
        regex=r"^[a-z][a-z0-9-]*$",
        initial="general",
        max_length=40,
        help_text=_("For example general, domestic, agriculture."),
        error_messages={"invalid": _("Lower-case words joined by dashes, e.g. “domestic”.")},
    )
    currency = forms.CharField(
        label=_("Currency (ISO 4217)"),
        min_length=3,
        max_length=3,
        help_text=_("For example EUR, GBP, QAR."),
    )

    def clean_currency(self) -> str:
        code = str(self.cleaned_data["currency"]).strip().upper()
        if not is_currency(code):
            raise forms.ValidationError(
                _("“%(code)s” is not an ISO 4217 currency code."), params={"code": code}
            )
        return code


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    hours_per_day = forms.DecimalField(
        label=_("Hours a day"), max_digits=4, decimal_places=2, min_value=0, max_value=24
    )
    days_per_week = forms.DecimalField(
        label=_("Days a week"), max_digits=3, decimal_places=2, min_value=0, max_value=7
    )
    paid_amount = forms.DecimalField(label=_("Pay received"), **AMOUNT)  # type: ignore[arg-type]
    paid_per = forms.ChoiceField(label=_("Received"), choices=PAY_BASIS_CHOICES)
    promised_amount = forms.DecimalField(
        label=_("Pay promised"),
        required=False,
        **AMOUNT,  # type: ignore[arg-type]
    )
    promised_per = forms.ChoiceField(label=_("Promised"), choices=PAY_BASIS_CHOICES, required=False)
    deduction_amount = forms.DecimalField(
        label=_("Deducted by the employer"),
        required=False,
        **AMOUNT,  # type: ignore[arg-type]
    )
    deduction_reason = forms.ChoiceField(
        label=_("Deducted for"), choices=_blank(DEDUCTION_CHOICES), required=False
    )
    deduction_agreed = forms.ChoiceField(
        label=_("Did the worker agree to this deduction?"),
        choices=AGREED_CHOICES,
        required=False,
        help_text=_(
            "Accommodation, food, advances and other deductions are claimed only when the "
            "worker did not agree; otherwise they are listed as a note to check."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first day."))
        if data.get("hours_per_day") == 0:
            self.add_error("hours_per_day", _("Give the hours worked on an average day."))
        if data.get("days_per_week") == 0:
            self.add_error("days_per_week", _("Give the days worked in an average week."))
        if data.get("deduction_amount") and not data.get("deduction_reason"):
            self.add_error("deduction_reason", _("Say what the deduction was for."))
        if data.get("promised_amount") is not None and not data.get("promised_per"):
            self.add_error("promised_per", _("Say per what the pay was promised."))
        return data


class FeeForm(forms.Form):
    amount = forms.DecimalField(label=_("Fee paid"), **AMOUNT)  # type: ignore[arg-type]
    category = forms.ChoiceField(label=_("Fee for"), choices=FEE_CHOICES)
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


PeriodFormSet = forms.formset_factory(PeriodForm, extra=1, max_num=6, min_num=1, validate_min=True)
FeeFormSet = forms.formset_factory(FeeForm, extra=1, max_num=6)
