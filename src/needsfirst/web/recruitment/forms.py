"""Forms of the registry pages and of the public offer check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from needsfirst.recruitment.terms import SECTORS
from needsfirst.wages.rates import jurisdictions_with_minimum_wage_data
from needsfirst.web.common.validators import country_name
from needsfirst.web.recruitment.importing import MAX_BYTES
from needsfirst.web.recruitment.models import ContactChannel, EventKind, PartyRole

YES_NO = [("", _("I don't know")), ("yes", _("Yes")), ("no", _("No"))]


class LookupForm(forms.Form):
    q = forms.CharField(label=_("Name or licence number"), max_length=120)


class ImportForm(forms.Form):
    authority = forms.CharField(label=_("Licensing authority"), max_length=200)
    source_title = forms.CharField(label=_("Where the list was published"), max_length=300)
    source_url = forms.URLField(
        label=_("Address of the list"), required=False, assume_scheme="https"
    )
    mapping = forms.CharField(
        label=_("Column mapping"),
        # field names and column headers are code-like: left to right even in Arabic
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr"}),
        help_text=_(
            "One line per field: field = Column header. name and licence_number are required."
        ),
        max_length=2000,
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "A CSV in UTF-8 or an Excel workbook (XLSX, first sheet), at most 5 MB. Formulas are "
            "not read: save the list with its values."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _countries() -> list[tuple[str, Any]]:
    codes = sorted(jurisdictions_with_minimum_wage_data())
    return [("", _("Choose a country")), *((code, country_name(code)) for code in codes)]


SECTOR_CHOICES = [
    ("", _("I don't know")),
    ("domestic", _("Domestic work (in a home)")),
    ("care", _("Care work")),
    ("construction", _("Construction")),
    ("agriculture", _("Farm work")),
    ("fishing", _("Fishing")),
    ("manufacturing", _("Factory work")),
    ("hospitality", _("Hotels and restaurants")),
    ("cleaning", _("Cleaning")),
    ("security", _("Security")),
    ("retail", _("Shops")),
    ("transport", _("Driving and transport")),
    ("other", _("Other work")),
]
assert {value for value, _label in SECTOR_CHOICES if value} <= set(SECTORS)
PERIODS = [
    ("month", _("a month")),
    ("week", _("a week")),
    ("day", _("a day")),
    ("hour", _("an hour")),
]
FEE_CATEGORIES = [
    ("", _("I don't know")),
    ("none", _("No fee at all")),
    ("recruitment", _("Recruitment or service fee")),
    ("medical", _("Medical examination")),
    ("admin", _("Passport, visa or permit")),
    ("travel_lodging", _("Travel or lodging")),
    ("training", _("Training or orientation")),
    ("deposit", _("Deposit or bond")),
    ("other", _("Other")),
]
HOLDERS = [
    ("", _("I don't know")),
    ("worker", _("I keep it")),
    ("employer", _("The employer")),
    ("recruiter", _("The recruiter")),
]
PAY_INTERVALS = [
    ("", _("I don't know")),
    ("30", _("Every month or more often")),
    ("90", _("Less often than every month")),
]


class OfferForm(forms.Form):
    """The terms a worker can read off an offer; every one may be left as "I don't know"."""

    country_of_work = forms.ChoiceField(label=_("Country where you would work"), choices=_countries)
    sector = forms.ChoiceField(label=_("Kind of work"), choices=SECTOR_CHOICES, required=False)
    recruiter = forms.CharField(
        label=_("Recruiter (name or licence number)"), max_length=200, required=False
    )
    wage_amount = forms.DecimalField(
        label=_("Pay offered"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    wage_currency = forms.CharField(
        label=_("Currency (3 letters, e.g. QAR)"), max_length=3, required=False
    )
    wage_period = forms.ChoiceField(label=_("Paid per"), choices=PERIODS, required=False)
    hours_per_day = forms.DecimalField(
        label=_("Hours of work a day"), min_value=0, max_value=24, required=False
    )
    days_per_week = forms.DecimalField(
        label=_("Days of work a week"), min_value=0, max_value=7, required=False
    )
    weekly_rest_hours = forms.DecimalField(
        label=_("Hours of rest in a row each week"), min_value=0, max_value=168, required=False
    )
    fee_category = forms.ChoiceField(
        label=_("A fee you are asked to pay"), choices=FEE_CATEGORIES, required=False
    )
    fee_amount = forms.DecimalField(
        label=_("Amount of the fee"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    fee_currency = forms.CharField(label=_("Currency of the fee"), max_length=3, required=False)
    fee_from_wages = forms.ChoiceField(
        label=_("Will it be taken from your pay or lent to you?"), choices=YES_NO, required=False
    )
    passport_held_by = forms.ChoiceField(
        label=_("Who keeps your passport?"), choices=HOLDERS, required=False
    )
    contract_written = forms.ChoiceField(
        label=_("Is there a written contract?"), choices=YES_NO, required=False
    )
    contract_language = forms.ChoiceField(
        label=_("Is it in a language you read well?"), choices=YES_NO, required=False
    )
    contract_before = forms.ChoiceField(
        label=_("Do you get it before you travel?"), choices=YES_NO, required=False
    )
    contract_copy = forms.ChoiceField(
        label=_("Do you keep a copy?"), choices=YES_NO, required=False
    )
    change_needs_permission = forms.ChoiceField(
        label=_("Do you need the employer's permission to change employer?"),
        choices=YES_NO,
        required=False,
    )
    leave_needs_permission = forms.ChoiceField(
        label=_("Do you need the employer's permission to leave the country?"),
        choices=YES_NO,
        required=False,
    )
    live_in = forms.ChoiceField(
        label=_("Must you live where you work?"), choices=YES_NO, required=False
    )
    free_on_rest_days = forms.ChoiceField(
        label=_("Can you go out on your rest days?"), choices=YES_NO, required=False
    )
    pay_interval = forms.ChoiceField(
        label=_("How often are you paid?"), choices=PAY_INTERVALS, required=False
    )

    def offer_terms(self) -> dict[str, Any]:
        """The form's answers as offer terms for `needsfirst.recruitment.offer_from_mapping`."""
        data = self.cleaned_data

        def tri(name: str) -> bool | None:
            value = data.get(name)
            return None if not value else value == "yes"

        terms: dict[str, Any] = {
            "country_of_work": data["country_of_work"],
            "sector": data.get("sector") or None,
            "hours_per_day": data.get("hours_per_day"),
            "days_per_week": data.get("days_per_week"),
            "weekly_rest_hours": data.get("weekly_rest_hours"),
            "passport_held_by": data.get("passport_held_by") or None,
            "pay_interval_days": data.get("pay_interval") or None,
            "contract": {
                "written": tri("contract_written"),
                "language_understood": tri("contract_language"),
                "before_departure": tri("contract_before"),
                "copy_given": tri("contract_copy"),
            },
            "visa": {
                "change_employer_needs_permission": tri("change_needs_permission"),
                "leaving_needs_permission": tri("leave_needs_permission"),
            },
            "accommodation": {
                "live_in_required": tri("live_in"),
                "free_on_rest_days": tri("free_on_rest_days"),
            },
        }
        recruiter = (data.get("recruiter") or "").strip()
        if recruiter:
            terms["recruiter"] = recruiter
        if data.get("wage_amount") is not None:
            terms["wage"] = {
                "amount": str(data["wage_amount"]),
                "currency": (data.get("wage_currency") or "").upper(),
                "period": data.get("wage_period") or "month",
            }
        category = data.get("fee_category")
        if category == "none":
            terms["fees"] = []
        elif category:
            fee: dict[str, Any] = {"category": category, "paid_by": "worker"}
            if data.get("fee_amount") is not None:
                fee["amount"] = str(data["fee_amount"])
                fee["currency"] = (data.get("fee_currency") or "").upper()
            if tri("fee_from_wages"):
                fee["recovered_by"] = "wage_deduction"
            terms["fees"] = [fee]
        return terms


class CaseOfferForm(OfferForm):
    """The offer checker for a case: the offer's terms as the person tells them, and what they
    found on arrival (contract substitution), for a caseworker."""

    job = forms.CharField(label=_("Job promised"), max_length=200, required=False)
    employer = forms.CharField(label=_("Employer promised"), max_length=200, required=False)
    arrival_job = forms.CharField(label=_("Job found on arrival"), max_length=200, required=False)
    arrival_employer = forms.CharField(
        label=_("Employer found on arrival"), max_length=200, required=False
    )
    arrival_wage_amount = forms.DecimalField(
        label=_("Pay actually received"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    arrival_wage_currency = forms.CharField(
        label=_("Currency of the pay received"), max_length=3, required=False
    )
    arrival_wage_period = forms.ChoiceField(
        label=_("Pay received per"), choices=PERIODS, required=False
    )
    arrival_hours_per_day = forms.DecimalField(
        label=_("Hours actually worked a day"), min_value=0, max_value=24, required=False
    )
    arrival_days_per_week = forms.DecimalField(
        label=_("Days actually worked a week"), min_value=0, max_value=7, required=False
    )

    def offer_terms(self) -> dict[str, Any]:
        terms = super().offer_terms()
        data = self.cleaned_data
        for name in ("job", "employer"):
            if (data.get(name) or "").strip():
                terms[name] = data[name].strip()
        arrival: dict[str, Any] = {}
        for name in ("job", "employer"):
            if (data.get(f"arrival_{name}") or "").strip():
                arrival[name] = data[f"arrival_{name}"].strip()
        for name in ("hours_per_day", "days_per_week"):
            if data.get(f"arrival_{name}") is not None:
                arrival[name] = data[f"arrival_{name}"]
        if data.get("arrival_wage_amount") is not None:
            arrival["wage"] = {
                "amount": str(data["arrival_wage_amount"]),
                "currency": (data.get("arrival_wage_currency") or "").upper(),
                "period": data.get("arrival_wage_period") or "month",
            }
        if arrival:
            terms["on_arrival"] = arrival
        return terms


# Which form field holds which offer term, to put the core's errors next to the right field.
TERM_FIELDS = {
    "country_of_work": "country_of_work",
    "sector": "sector",
    "wage.amount": "wage_amount",
    "wage.currency": "wage_currency",
    "wage.period": "wage_period",
    "hours_per_day": "hours_per_day",
    "days_per_week": "days_per_week",
    "weekly_rest_hours": "weekly_rest_hours",
    "fees[0].currency": "fee_currency",
    "fees[0].amount": "fee_amount",
    "recruiter": "recruiter",
    "contract.copy_given": "contract_copy",
    "job": "job",
    "employer": "employer",
    "on_arrival.job": "arrival_job",
    "on_arrival.employer": "arrival_employer",
    "on_arrival.wage.amount": "arrival_wage_amount",
    "on_arrival.wage.currency": "arrival_wage_currency",
    "on_arrival.wage.period": "arrival_wage_period",
    "on_arrival.hours_per_day": "arrival_hours_per_day",
    "on_arrival.days_per_week": "arrival_days_per_week",
}


def _all_countries() -> list[tuple[str, Any]]:
    from needsfirst.web.common.validators import country_choices

    return [("", _("Choose a country")), *country_choices()]


class HelpForm(forms.Form):
    """What the person chooses to give so that a partner organisation can contact them."""

    country = forms.ChoiceField(label=_("Country where you are now"), choices=_all_countries)
    channel = forms.ChoiceField(
        label=_("How may we contact you?"),
        choices=[("", _("Choose")), *ContactChannel.choices],
    )
    contact = forms.CharField(
        label=_("Number, address or name of the person to contact"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    safe_times = forms.CharField(
        label=_("When is it safe to contact you? (optional)"), max_length=200, required=False
    )
    name = forms.CharField(label=_("A name we can use (optional)"), max_length=100, required=False)
    message = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rules = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    consent = forms.BooleanField(label=_("I agree"), required=True)


class CasePartyForm(forms.Form):
    case_reference = forms.CharField(label=_("Case reference"), max_length=24)
    role = forms.ChoiceField(label=_("Part played"), choices=PartyRole.choices)


class PayForm(forms.Form):
    """Is my pay legal? The wage and hours, against the dated minimum of the country of work."""

    country_of_work = forms.ChoiceField(label=_("Country where you work"), choices=_countries)
    sector = forms.ChoiceField(label=_("Kind of work"), choices=SECTOR_CHOICES, required=False)
    wage_amount = forms.DecimalField(
        label=_("Pay you get"), min_value=0, max_digits=12, decimal_places=2
    )
    wage_currency = forms.CharField(label=_("Currency (3 letters, e.g. QAR)"), max_length=3)
    wage_period = forms.ChoiceField(label=_("Paid per"), choices=PERIODS)
    hours_per_day = forms.DecimalField(
        label=_("Hours of work a day"), min_value=0, max_value=24, required=False
    )
    days_per_week = forms.DecimalField(
        label=_("Days of work a week"), min_value=0, max_value=7, required=False
    )

    def offer_terms(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "country_of_work": data["country_of_work"],
            "sector": data.get("sector") or None,
            "wage": {
                "amount": str(data["wage_amount"]),
                "currency": data["wage_currency"].upper(),
                "period": data["wage_period"],
            },
            "hours_per_day": data.get("hours_per_day"),
            "days_per_week": data.get("days_per_week"),
        }


class RegistryEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("What the source says"), max_length=500)
    source_title = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(
        label=_("Address of the source"), required=False, assume_scheme="https"
    )
