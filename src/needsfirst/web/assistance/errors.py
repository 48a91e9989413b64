"""Messages for the needs core's error codes, so they translate (the core's own text is English)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from needsfirst.needs import ErrorCode, NeedsInputError


def _message(error: NeedsInputError) -> str:
    messages = {
        ErrorCode.DATE_IN_PAST: _("This date is in the past: choose today or a later day."),
        ErrorCode.DATE_IN_FUTURE: _("This date is in the future: choose today or an earlier day."),
        ErrorCode.DATE_ORDER: _("This date is before the start date."),
        ErrorCode.DATE_OUT_OF_RANGE: _("This date is too far from today to compute from."),
        ErrorCode.UNKNOWN_JURISDICTION: _(
            "needsfirst has no law data for this jurisdiction: choose one from the list."
        ),
        ErrorCode.JURISDICTION_NEEDS_REGION: _(
            "This country has separate laws for its nations: choose one (for example GB-ENG)."
        ),
        ErrorCode.NO_RULE_ON_DATE: _("No rule of this jurisdiction is recorded for this date."),
        ErrorCode.CONTRADICTION: _("This answer contradicts the estimated age (under 18)."),
        ErrorCode.REQUIRED: _("This field is required."),
    }
    # Fallback: the core's message, marked for translation in the core.
    return messages.get(error.code, _(error.message))


def as_validation_error(
    error: NeedsInputError, fields: dict[str, str] | None = None
) -> ValidationError:
    """The core's error as a form error on the field it names (mapped to the form's own names)."""
    field = (fields or {}).get(error.field, error.field)
    return ValidationError({field: _message(error)}, code=error.code.value)
