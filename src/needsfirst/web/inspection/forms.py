"""Forms of the inspection pages. Every error names its field."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from needsfirst.inspection.household import ilo_indicators
from needsfirst.web.claims.forms import currency_choices
from needsfirst.web.common.dates import validate_plausible_date
from needsfirst.web.common.validators import country_choices
from needsfirst.web.inspection.models import FindingScope, JointPartner, SanctionKind

ISIC = re.compile(r"^[A-U]?[0-9]{0,2}$")
BASIS_CHOICES = [("consent", _("The occupier's consent")), ("warrant", _("A warrant"))]


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WorkplaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    jurisdiction = forms.ChoiceField(label=_("Country"), choices=country_choices)
    area = forms.CharField(label=_("Area or district"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    isic = forms.CharField(
        label=_("Sector (ISIC Rev.4 section and division)"),
        max_length=4,
        help_text=_(
            "For example A01 for crops and livestock, F41 for building, T97 for households."
        ),
    )
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    employer_registry = forms.CharField(
        label=_("Employer in the recruiter registry"),
        max_length=120,
        required=False,
        help_text=_("A licence number or a name; leave it empty when the employer is not listed."),
    )
    size = forms.IntegerField(
        label=_("Number of workers"), min_value=0, max_value=1_000_000, initial=0
    )
    migrant_share = forms.IntegerField(
        label=_("Share of migrant workers (%)"), min_value=0, max_value=100, initial=0
    )
    recruiters = forms.CharField(
        label=_("Recruiters used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One a line; end a line with "(unlicensed)" or "(licensed)" when known.'),
    )
    registry_recruiters = forms.CharField(
        label=_("Recruiters used, in the recruiter registry"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: a licence number or a name. Their licence is read from the registry."
        ),
    )
    is_household = forms.BooleanField(
        label=_("A private household employing domestic workers"), required=False
    )
    complaints = forms.IntegerField(
        label=_("Complaints received"), min_value=0, max_value=10_000, initial=0
    )

    def clean_isic(self) -> str:
        value = self.cleaned_data["isic"].strip().upper()
        if not value or not ISIC.match(value):
            raise forms.ValidationError(
                _("Give an ISIC section letter and/or a two-digit division.")
            )
        return value

    def clean_registry_recruiters(self) -> list[str]:
        lines = [
            " ".join(line.split()) for line in self.cleaned_data["registry_recruiters"].splitlines()
        ]
        out = [line for line in lines if line]
        if len(out) > 20:
            raise forms.ValidationError(_("List at most twenty recruiters."))
        return out

    def clean_recruiters(self) -> list[dict[str, Any]]:
        out = []
        for line in self.cleaned_data["recruiters"].splitlines():
            text = line.strip()
            if not text:
                continue
            licensed: bool | None = None
            lowered = text.lower()
            if lowered.endswith("(unlicensed)"):
                licensed, text = False, text[: -len("(unlicensed)")].strip()
            elif lowered.endswith("(licensed)"):
                licensed, text = True, text[: -len("(licensed)")].strip()
            out.append({"name": text[:200], "licensed": licensed})
        if len(out) > 20:
            raise forms.ValidationError(_("List at most twenty recruiters."))
        return out


class VisitForm(forms.Form):
    planned_on = _date(_("Planned on"))
    joint_with = forms.MultipleChoiceField(
        label=_("Joint with"),
        choices=JointPartner.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    entry_bases = forms.MultipleChoiceField(
        label=_("Basis for entering the home (households only)"),
        choices=BASIS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DoneForm(forms.Form):
    done_on = _date(_("Done on"))


def indicator_choices() -> list[tuple[str, Any]]:
    return [(code, _(name)) for code, name in ilo_indicators().items()]


class FindingForm(forms.Form):
    scope = forms.ChoiceField(label=_("About"), choices=FindingScope.choices)
    worker_label = forms.CharField(
        label=_("Worker (a label such as Worker 2, never a name)"), max_length=40, required=False
    )
    indicators = forms.MultipleChoiceField(
        label=_("ILO forced-labour indicators found"),
        choices=indicator_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    none_found = forms.BooleanField(label=_("No indicator found"), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SanctionKind.choices)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, required=False)
    workers = forms.IntegerField(
        label=_("Workers concerned"), min_value=0, max_value=100_000, initial=0
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount paid"), max_digits=14, decimal_places=2, min_value=0
    )
    paid_on = _date(_("Paid on"))
