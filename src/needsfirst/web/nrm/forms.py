from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst.web.nrm.models import (
    ChallengeKind,
    ChallengeOutcome,
    CompetentAuthority,
    Exploitation,
)
from needsfirst.web.nrm.selectors import authorities


class AuthorityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, CompetentAuthority)
        return f"{obj.organisation.name} ({obj.jurisdiction})"


class ReferForm(forms.Form):
    authority = AuthorityChoice(
        queryset=CompetentAuthority.objects.none(), label=_("Competent authority")
    )
    child = forms.BooleanField(
        label=_("The person is a child (under 18)"),
        required=False,
        help_text=_("A child is referred for protection; the law asks no consent of a child."),
    )
    exploitation = forms.ChoiceField(
        label=_("Kind of exploitation"), choices=[("", ""), *Exploitation.choices]
    )
    account = forms.CharField(
        label=_("What happened, and the indicators you saw"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For an anonymous notification, write nothing that identifies the person: no names, "
            "places of work, dates of birth or numbers."
        ),
        max_length=8000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities()  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    positive = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Positive")), ("no", _("Negative"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    evidence = forms.CharField(
        label=_("Evidence considered"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )
    reasons = forms.CharField(
        label=_("Reasons (they appear in the letter to the person)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )


class ChallengeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=[("", ""), *ChallengeKind.choices])
    requested_on = forms.DateField(
        label=_("Asked on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    grounds = forms.CharField(
        label=_("Grounds and new evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (ChallengeOutcome.UPHELD, ChallengeOutcome.UPHELD.label),
            (ChallengeOutcome.CHANGED, ChallengeOutcome.CHANGED.label),
        ],
        widget=forms.RadioSelect,
    )
