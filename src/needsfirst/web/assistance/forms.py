"""Forms of the needs-first pages: each error names its field; nothing is required to be helped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst import needs
from needsfirst.needs.facts import fact_domain, fact_question
from needsfirst.web.accounts.models import CASE_ROLES, Organisation, User
from needsfirst.web.assistance.models import (
    CATEGORY_CHOICES,
    COOPERATION_CHOICES,
    DOMAIN_CHOICES,
    DOMAIN_LABELS,
    ROLE_CHOICES,
    STATUS_CHOICES,
    SUPPORT_PLAN_TYPE_CHOICES,
    SUPPORT_PLAN_TYPE_LABELS,
    URGENCY_CHOICES,
)
from needsfirst.web.common.dates import PlausibleDatesMixin
from needsfirst.web.common.validators import jurisdiction_name

ANSWER_CHOICES = [
    (needs.Answer.YES.value, _("Yes")),
    (needs.Answer.NO.value, _("No")),
    (needs.Answer.UNKNOWN.value, _("Unknown")),
]


def jurisdiction_choices() -> list[tuple[str, str]]:
    """Jurisdictions by country name in the reader's language (the value stays the code)."""
    choices = [(code, jurisdiction_name(code)) for code in needs.supported_jurisdictions()]
    return sorted(choices, key=lambda item: item[1])


class DateInput(forms.DateInput):
    input_type = "date"


class AssessmentForm(PlausibleDatesMixin, forms.Form):
    """One yes/no/unknown question per fact of the core, grouped by domain; unknown by default."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)
    jurisdiction = forms.ChoiceField(
        label=_("Jurisdiction (whose law applies)"), choices=jurisdiction_choices
    )
    category = forms.ChoiceField(
        label=_("Category for entitlements"),
        choices=CATEGORY_CHOICES,
        initial=needs.Category.ANY_MIGRANT.key,
        help_text=_("Changes only the entitlements shown, never the needs or the plan."),
    )

    def __init__(self, *args: Any, answers: Mapping[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in needs.fact_names():
            self.fields[name] = forms.ChoiceField(
                # The core's question, marked for translation there, translated here.
                label=_(fact_question(name)),
                choices=ANSWER_CHOICES,
                required=False,
                initial=(answers or {}).get(name, needs.Answer.UNKNOWN.value),
                widget=forms.RadioSelect(attrs={"class": "answers"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in needs.fact_names():
            if not data.get(name):
                data[name] = needs.Answer.UNKNOWN.value  # left blank: unknown, never an error
        return data

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in needs.fact_names()}

    def domains(self) -> Iterator[tuple[str, list[forms.BoundField]]]:
        """The questions grouped by need domain, in the core's order."""
        groups: dict[needs.Domain, list[forms.BoundField]] = {}
        for name in needs.fact_names():
            groups.setdefault(fact_domain(name), []).append(self[name])
        for domain in needs.Domain:
            if domain in groups:
                yield str(DOMAIN_LABELS[domain]), groups[domain]


class PlanActionForm(PlausibleDatesMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Need"), choices=DOMAIN_CHOICES)
    action = forms.CharField(label=_("Action"), max_length=500, widget=forms.Textarea({"rows": 2}))
    role = forms.ChoiceField(label=_("Who does it"), choices=ROLE_CHOICES)
    responsible = forms.ModelChoiceField(
        label=_("Responsible staff member"), queryset=User.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("By when"), widget=DateInput)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=URGENCY_CHOICES,
        coerce=int,
        initial=int(needs.Urgency.PLANNED),
    )
    support_plan_type = forms.ChoiceField(
        label=_("Kind of support"),
        choices=[
            (value, SUPPORT_PLAN_TYPE_LABELS[value]) for value, _key in SUPPORT_PLAN_TYPE_CHOICES
        ],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, role__in=CASE_ROLES, is_active=True
        ).order_by("username")


class AssignForm(forms.Form):
    """Who of the organisation carries out an action; empty leaves it to the role."""

    responsible = forms.ModelChoiceField(
        label=_("Responsible staff member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("nobody in particular"),
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, role__in=CASE_ROLES, is_active=True
        ).order_by("username")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)


class RescheduleForm(PlausibleDatesMixin, forms.Form):
    due_on = forms.DateField(label=_("New date"), widget=DateInput)


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category for entitlements"), choices=CATEGORY_CHOICES)


class ReflectionForm(PlausibleDatesMixin, forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=jurisdiction_choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    variant = forms.CharField(
        label=_("Variant"),
        max_length=32,
        initial="default",
        help_text=_("“default”, or a special rule of the jurisdiction (e.g. “dublin” in NL)."),
    )
    decision_on = forms.DateField(
        label=_("Date of the status decision, if taken"), widget=DateInput, required=False
    )


class CooperationForm(PlausibleDatesMixin, forms.Form):
    status = forms.ChoiceField(label=_("Cooperation with the police"), choices=COOPERATION_CHOICES)
    recorded_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
