"""Plausible dates: a year 1 or 9999 typed by mistake is refused, naming the field.

Every date a person records falls between 1 January 1900 and ten years from today (a due date
or the end of a permit may lie ahead; nothing needsfirst records lies further). Dates of birth
are never in the future nor more than 120 years ago. Forms take the rule with
`PlausibleDatesMixin`; the API's serializers with the same validators.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EARLIEST_DATE = date(1900, 1, 1)
YEARS_AHEAD = 10
MAX_AGE = 120


def latest_date(today: date | None = None) -> date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def validate_plausible_date(value: date | None) -> None:
    if value is None:
        return
    latest = latest_date()
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            params={
                "earliest": formats.date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
            },
            code="implausible_date",
        )


def validate_birthdate(value: date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    if value.year < max(today.year - MAX_AGE, EARLIEST_DATE.year):
        raise ValidationError(_("The date of birth is more than 120 years ago."), code="too_old")


class PlausibleDatesMixin:
    """Every date field of the form refuses implausible dates; dates of birth by their own rule.

    Put it first among the bases: `class NoteForm(PlausibleDatesMixin, forms.Form)`.
    """

    birthdate_fields: tuple[str, ...] = ("birthdate",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        for name, field in fields.items():
            if isinstance(field, forms.DateField):
                rule = (
                    validate_birthdate if name in self.birthdate_fields else validate_plausible_date
                )
                if rule not in field.validators:
                    field.validators.append(rule)
