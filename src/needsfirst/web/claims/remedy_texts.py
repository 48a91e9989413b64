"""The core's refusals of remedy input in the reader's language: the core stays free of Django
and gives a stable code with the values it names (`RemedyInputError.code`, `.params`); the
pages and the API word it here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from needsfirst.wages.remedies import RemedyErrorCode, RemedyInputError


def _sentences() -> dict[RemedyErrorCode, str]:
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


def remedy_error_text(error: RemedyInputError) -> str:
    """The refusal as a sentence in the active language, its values filled in."""
    sentence = _sentences().get(error.code)
    if sentence is None:  # a code added to the core before its wording here
        return error.reason
    return sentence % error.params if error.params else sentence
