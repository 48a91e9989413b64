"""The remedy page's forms: the dated facts that set a deadline, and a matter's follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from needsfirst.i18n import render
from needsfirst.wages.remedies import forum_rule, forums_of, remedy_jurisdictions
from needsfirst.web.claims.forms import currency_choices
from needsfirst.web.claims.models import MatterOutcome, MatterStage
from needsfirst.web.common.dates import validate_plausible_date
from needsfirst.web.common.validators import country_name

STATUS_CHOICES = [
    ("unknown", _("Not known")),
    ("regular", _("Allowed to work")),
    ("irregular", _("Not allowed to work, or the permit ran out")),
]

YES_NO_UNKNOWN = [("unknown", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]
TRI = {"yes": True, "no": False, "unknown": None}
STATUS_RESIDENCE = {"regular": True, "irregular": False, "unknown": None}


def jurisdiction_choices() -> list[tuple[str, str]]:
    return [
        ("", "—"),
        *sorted(
            ((code, country_name(code)) for code in remedy_jurisdictions()),
            key=lambda item: item[1],
        ),
    ]


def forum_choices() -> list[tuple[str, Any]]:
    """Every forum held, by its country and name ("United Kingdom: Employment tribunal")."""
    from datetime import date

    from django.utils.translation import gettext

    choices: list[tuple[str, Any]] = [("", _("All the forums of the country"))]
    for code in remedy_jurisdictions():
        for forum in forums_of(code):
            rule = forum_rule(code, forum, date.max)
            name = gettext(rule.name) if rule else forum
            choices.append((forum, f"{country_name(code)}: {name}"))
    return choices


def _date(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RemedyForm(forms.Form):
    jurisdiction = forms.ChoiceField(
        label=_("Country whose law applies"), choices=jurisdiction_choices
    )
    forum = forms.ChoiceField(label=_("Forum"), choices=forum_choices, required=False)
    first_unpaid = _date(_("First pay day with wages unpaid or short"), required=True)
    last_unpaid = _date(_("Last pay day with wages unpaid or short"), required=True)
    employment_ended = _date(_("Day the employment ended"))
    conciliation_started = _date(
        _("Day conciliation started"),
        help_text=_("For example the day Acas was contacted (Day A) or the conciliation request."),
    )
    conciliation_ended = _date(
        _("Day conciliation ended"),
        help_text=_("For example the day the Acas certificate was received (Day B)."),
    )
    immigration_status = forms.ChoiceField(
        label=_("The worker's immigration status"), choices=STATUS_CHOICES, initial="unknown"
    )
    willful = forms.BooleanField(
        label=_("The employer knew the pay broke the law (United States: three years)"),
        required=False,
    )

    reported = forms.ChoiceField(
        label=_("The exploitation was reported to the police"),
        choices=YES_NO_UNKNOWN,
        initial="unknown",
        required=False,
        help_text=_("State compensation schemes often ask for it."),
    )
    trafficking_victim = forms.ChoiceField(
        label=_("Identified as a victim of trafficking, or the identification is under way"),
        choices=YES_NO_UNKNOWN,
        initial="unknown",
        required=False,
    )

    def compensation_facts(self, on: Any) -> dict[str, Any]:
        """The facts the state compensation schemes ask about: the crime ended when the
        employment did (else on the last unpaid pay day); lawful residence is read from the
        immigration status (allowed to work or not)."""
        data = self.cleaned_data
        ended = data.get("employment_ended") or data["last_unpaid"]
        return {
            "jurisdiction": data["jurisdiction"],
            "crime_ended": ended.isoformat(),
            "asked_on": max(on, ended).isoformat(),
            "reported": TRI.get(data.get("reported") or "unknown"),
            "lawful_residence": STATUS_RESIDENCE.get(data.get("immigration_status") or "unknown"),
            "trafficking_victim": TRI.get(data.get("trafficking_victim") or "unknown"),
        }

    def clean(self) -> dict[str, Any]:
        """Dates in an impossible order are refused on the later field, in a whole sentence."""
        data = super().clean() or {}
        first, last = data.get("first_unpaid"), data.get("last_unpaid")
        if first and last and last < first:
            self.add_error("last_unpaid", _("The last unpaid pay day is before the first."))
        for key in ("employment_ended", "conciliation_started", "conciliation_ended"):
            if first and data.get(key) and data[key] < first:
                self.add_error(key, _("This day is before the first unpaid pay day."))
        started, ended = data.get("conciliation_started"), data.get("conciliation_ended")
        if ended and not started:
            self.add_error("conciliation_started", _("Give the day conciliation started."))
        if started and ended and ended < started:
            self.add_error("conciliation_ended", _("Conciliation cannot end before it started."))
        return data

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        events = {
            key: data[key].isoformat()
            for key in ("conciliation_started", "conciliation_ended")
            if data.get(key)
        }
        return {
            "jurisdiction": data["jurisdiction"],
            "first_unpaid": data["first_unpaid"].isoformat(),
            "last_unpaid": data["last_unpaid"].isoformat(),
            "employment_ended": data["employment_ended"].isoformat()
            if data.get("employment_ended")
            else None,
            "events": events,
            "immigration_status": data["immigration_status"],
            "willful": data.get("willful", False),
        }


class FollowUpForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=MatterStage.choices)
    filed_on = _date(_("Filed on"))
    hearing_on = forms.DateField(
        label=_("Hearing on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_on = _date(_("Decided on"))
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *MatterOutcome.choices], required=False
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, required=False)
    awarded = forms.DecimalField(
        label=_("Amount awarded"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    recovered = forms.DecimalField(
        label=_("Amount recovered so far"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )


def render_reasons(reasons: Any) -> list[str]:
    from django.utils.translation import gettext, ngettext

    return [render(reason, gettext, ngettext) for reason in reasons]
