"""The wage claim's forms: the claim, its periods of work and its fees. Every error names its
field, and a row's errors name the row ("Period 2: First day is required.")."""

from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.utils.translation import gettext_lazy as _

from needsfirst.i18n import render
from needsfirst.wages import DeductionReason, FeeCategory, PayBasis
from needsfirst.wages.claims import DEDUCTION_LABELS, FEE_LABELS, sector_label
from needsfirst.wages.rates import claim_sectors
from needsfirst.web.common.validators import _translated, country_choices

# A formset never builds more rows than this, whatever `TOTAL_FORMS` a request claims, so a
# forged count costs nothing (Django's own cap is 1,000 rows).
MAX_ROWS = 6

AMOUNT = {"max_digits": 14, "decimal_places": 4, "min_value": 0}
PAY_BASIS_CHOICES = [
    (PayBasis.HOUR.value, _("per hour")),
    (PayBasis.DAY.value, _("per day")),
    (PayBasis.WEEK.value, _("per week")),
    (PayBasis.MONTH.value, _("per month")),
    (PayBasis.PERIOD.value, _("for the whole period")),
]
DEDUCTION_CHOICES = [(reason.value, _(DEDUCTION_LABELS[reason])) for reason in DeductionReason]
FEE_CHOICES = [(category.value, _(FEE_LABELS[category])) for category in FeeCategory]
# The core's three answers (`Deduction.agreed`: True, False or None); unknown is the default.
AGREED_CHOICES = [("", _("unknown")), ("yes", _("yes")), ("no", _("no"))]
AGREED_VALUES: dict[str, bool | None] = {"": None, "yes": True, "no": False}

# The sectors of the wage data, by name. The names say where a sector has rules of its own;
# elsewhere it takes the general rules (`needsfirst.wages.minimum_wage`).
SECTOR_NAMES = {
    "general": _("Any other work (the general rules)"),
    "domestic": _("Domestic work"),
    "domestic-hourly": _("Domestic work paid by the hour (Spain)"),
    "agriculture": _("Agriculture"),
    "saudi-nationals": _("Saudi nationals (Saudi Arabia)"),
}


def sector_choices() -> list[tuple[str, str]]:
    """Every sector of the wage data, by its name (the core's name where this list has none)."""
    return [
        (code, str(SECTOR_NAMES[code]) if code in SECTOR_NAMES else render(sector_label(code)))
        for code in claim_sectors()
    ]


def currency_name(code: str) -> str:
    currency = pycountry.currencies.get(alpha_3=code) if code else None
    return _translated("iso4217", currency.name) if currency else code


def currency_choices() -> list[tuple[str, str]]:
    """ISO 4217 currencies by name, in the reader's language (pycountry's catalogues)."""
    named = [(c.alpha_3, _translated("iso4217", c.name)) for c in pycountry.currencies]
    return [("", "—"), *sorted(named, key=lambda item: item[1])]


def _blank(choices: Any) -> Any:
    return lambda: [("", "—"), *(choices() if callable(choices) else choices)]


def _sentence_errors(form: forms.Form) -> None:
    """'First day is required.' rather than Django's 'This field is required.' under a label,
    so the sentence still reads when a row's errors are listed together."""
    for field in form.fields.values():
        field.error_messages["required"] = _("%(field)s is required.") % {"field": field.label}


class ClaimForm(forms.Form):
    jurisdiction = forms.ChoiceField(
        label=_("Country whose law applies"),
        choices=_blank(country_choices),
        help_text=_("Where the work took place."),
    )
    sector = forms.ChoiceField(
        label=_("Sector of work"),
        choices=sector_choices,
        initial="general",
        help_text=_("Some countries set other minimums or overtime rules for these sectors."),
    )
    currency = forms.ChoiceField(
        label=_("Currency the worker was paid in"), choices=currency_choices
    )
    employer = forms.CharField(
        label=_("Employer"),
        required=False,
        max_length=200,
        help_text=_("The name the statement gives for the employer."),
    )
    rate_from = forms.ChoiceField(label=_("One unit of"), choices=currency_choices, required=False)
    rate = forms.DecimalField(
        label=_("is worth"), required=False, max_digits=18, decimal_places=8, min_value=0
    )
    rate_to = forms.ChoiceField(label=_("units of"), choices=currency_choices, required=False)
    rate_on = forms.DateField(
        label=_("Rate of the day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rate_source = forms.CharField(
        label=_("Where the rate comes from"),
        required=False,
        max_length=200,
        help_text=_("For example the central bank's reference rate."),
    )

    RATE_FIELDS = ("rate_from", "rate", "rate_to", "rate_on", "rate_source")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _sentence_errors(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in self.RATE_FIELDS):
            return data
        # a rate is used only with its two currencies, its day and its source
        for name in self.RATE_FIELDS:
            if not data.get(name):
                self.add_error(
                    name,
                    _("%(field)s is required with an exchange rate.")
                    % {"field": self.fields[name].label},
                )
        if data.get("rate") == 0:
            self.add_error("rate", _("An exchange rate is more than zero."))
        if data.get("rate_from") and data.get("rate_from") == data.get("rate_to"):
            self.add_error("rate_to", _("Give a rate between two different currencies."))
        return data


class _RowForm(forms.Form):
    """A row of a formset: blank unless something was typed in it (a select always posts a
    value, so an untouched row with its selects is still blank, and is ignored)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _sentence_errors(self)

    def has_changed(self) -> bool:
        return any(
            name in self.changed_data
            for name, field in self.fields.items()
            if not isinstance(field, forms.ChoiceField)
        )


class PeriodForm(_RowForm):
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


class FeeForm(_RowForm):
    amount = forms.DecimalField(label=_("Fee paid"), **AMOUNT)  # type: ignore[arg-type]
    category = forms.ChoiceField(label=_("Fee for"), choices=FEE_CHOICES)
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


PeriodFormSet = forms.formset_factory(
    PeriodForm,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
FeeFormSet = forms.formset_factory(
    FeeForm, extra=1, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)
