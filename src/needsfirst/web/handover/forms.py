from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst.web.accounts.models import Organisation
from needsfirst.web.common.validators import country_name
from needsfirst.web.handover.models import FollowUpOutcome, HandoverKind, HandoverSection


class RecipientField(forms.ModelChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({country_name(obj.country)})"


class HandoverForm(forms.Form):
    recipient = RecipientField(
        label=_("Receiving organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
    )
    kind = forms.ChoiceField(label=_("Kind of move"), choices=[("", "—"), *HandoverKind.choices])
    sections = forms.MultipleChoiceField(
        label=_("What goes with the case"),
        choices=HandoverSection.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what the person agreed to hand over. What is not ticked stays with your "
            "organisation."
        ),
    )
    message = forms.CharField(
        label=_("Message to the receiving organisation"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            pk=organisation_id
        ).order_by("name")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    done_on = forms.DateField(
        label=_("Date of the follow-up"), widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(
        label=_("What the follow-up found"), choices=[("", "—"), *FollowUpOutcome.choices]
    )
    note = forms.CharField(
        label=_("Notes of the follow-up"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate
