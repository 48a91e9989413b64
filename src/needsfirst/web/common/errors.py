"""The web edge of errors: a core `InputError` or a service's `ValidationError`, said once in the
reader's language and put on the field it names, on a form or in an API response.

Messages are looked up by the error's code (each package of the core has an enum of them), so
they translate; the core's English text is only the fallback, for a code not listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from needsfirst.errors import InputError
from needsfirst.needs import ErrorCode as NeedsCode
from needsfirst.wages import WagesErrorCode as WagesCode
from needsfirst.wages.remedies import RemedyErrorCode


def _needs_messages() -> dict[StrEnum, str]:
    return {
        NeedsCode.DATE_IN_PAST: _("This date is in the past: choose today or a later day."),
        NeedsCode.DATE_IN_FUTURE: _("This date is in the future: choose today or an earlier day."),
        NeedsCode.DATE_ORDER: _("This date is before the start date."),
        NeedsCode.DATE_OUT_OF_RANGE: _("This date is too far from today to compute from."),
        NeedsCode.UNKNOWN_JURISDICTION: _(
            "needsfirst has no law data for this jurisdiction: choose one from the list."
        ),
        NeedsCode.JURISDICTION_NEEDS_REGION: _(
            "This country has separate laws for its nations: choose one (for example GB-ENG)."
        ),
        NeedsCode.NO_RULE_ON_DATE: _("No rule of this jurisdiction is recorded for this date."),
        NeedsCode.CONTRADICTION: _("This answer contradicts the estimated age (under 18)."),
        NeedsCode.REQUIRED: _("This field is required."),
    }


def _wages_messages() -> dict[StrEnum, str]:
    return {
        WagesCode.INVALID: _("Enter a valid value."),
        WagesCode.REQUIRED: _("This field is required."),
        WagesCode.NOT_A_NUMBER: _("Enter a number."),
        WagesCode.NEGATIVE: _("Ensure this value is greater than or equal to %(limit_value)s.")
        % {"limit_value": 0},
        WagesCode.NOT_POSITIVE: _("Enter an amount greater than zero."),
        WagesCode.UNKNOWN_CURRENCY: _("Choose a currency from the list."),
        WagesCode.CURRENCY_MISMATCH: _(
            "This currency does not match the other currencies of the claim."
        ),
        WagesCode.NOT_A_DATE: _("Enter a valid date."),
        WagesCode.DATE_ORDER: _("This date is before the start date."),
        WagesCode.NOT_A_CHOICE: _(
            "Select a valid choice. That choice is not one of the available choices."
        ),
        WagesCode.UNKNOWN_JURISDICTION: _(
            "needsfirst has no law data for this jurisdiction: choose one from the list."
        ),
        WagesCode.UNKNOWN_SECTOR: _("Choose a sector from the list."),
        WagesCode.SOURCE_REQUIRED: _(
            "Say where the exchange rate comes from (for example the central bank's rate)."
        ),
    }


def _remedy_messages() -> dict[StrEnum, str]:
    return {
        RemedyErrorCode.NOT_A_DATE: _("“%(value)s” is not a date. Write it as YYYY-MM-DD."),
        RemedyErrorCode.DATE_REQUIRED: _("Give a date here."),
        RemedyErrorCode.OBJECT_REQUIRED: _("Send an object (names and values) here."),
        RemedyErrorCode.UNKNOWN_EVENT: _("This event is not known. Use one of: %(choices)s."),
        RemedyErrorCode.COUNTRY_CODE_REQUIRED: _(
            "Give the country as its two-letter ISO 3166 code."
        ),
        RemedyErrorCode.UNKNOWN_IMMIGRATION_STATUS: _(
            "The immigration status is one of: %(choices)s."
        ),
        RemedyErrorCode.BEFORE_FIRST_UNPAID: _("This date is before the first unpaid pay day."),
        RemedyErrorCode.START_REQUIRED_WITH_END: _(
            "Give the day the conciliation started when you give the day it ended."
        ),
        RemedyErrorCode.END_BEFORE_START: _("The conciliation cannot end before it started."),
        RemedyErrorCode.UNKNOWN_FORUM: _("“%(forum)s” is not a forum of %(country)s."),
        RemedyErrorCode.CRIME_ENDED_AFTER_DAY_ASKED: _(
            "The end of the crime cannot be after the day asked about."
        ),
        RemedyErrorCode.TRUE_FALSE_OR_NULL: _("Answer true, false or null."),
    }


def _parametrised(error: InputError) -> str | None:
    if error.code == WagesCode.TOO_LARGE and "most" in error.params:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": error.params["most"]
        }
    if isinstance(error.code, RemedyErrorCode) and error.params:
        return _remedy_messages()[error.code] % dict(error.params)
    return None


# Built on each call, under the language of the request (gettext, not gettext_lazy, so a
# message is never formatted before it is translated).
# Keyed by the enum itself: codes of two packages may share a value ("invalid").
CATALOGUES: dict[type[StrEnum], Callable[[], dict[StrEnum, str]]] = {
    NeedsCode: _needs_messages,
    WagesCode: _wages_messages,
    RemedyErrorCode: _remedy_messages,
}


def input_error_message(error: InputError) -> str:
    """The error said in the reader's language, from its code."""
    special = _parametrised(error)
    if special is not None:
        return special
    catalogue = CATALOGUES.get(type(error.code))
    message = catalogue().get(error.code) if catalogue is not None else None
    if message is not None:
        return message
    # A code without a message here: the core's text, marked for translation in the core.
    return _(error.message)


def as_validation_error(
    error: InputError, fields: Mapping[str, str] | None = None
) -> ValidationError:
    """The core's error as a ValidationError on the field it names (mapped to a form's names)."""
    field = (fields or {}).get(error.field, error.field) or NON_FIELD_ERRORS
    return ValidationError({field: input_error_message(error)}, code=str(error.code))


def error_dict(error: ValidationError | InputError) -> dict[str, list[str]]:
    """Field name (NON_FIELD_ERRORS for the whole input) -> messages, for a form or the API."""
    if isinstance(error, InputError):
        error = as_validation_error(error)
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


def apply_validation_errors(
    form: Any, error: ValidationError | InputError, fields: Mapping[str, str] | None = None
) -> None:
    """Put a service's or the core's error on the form: on the field it names, else on the form."""
    if isinstance(error, InputError):
        error = as_validation_error(error, fields)
    for field, messages in error_dict(error).items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
