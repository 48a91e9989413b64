"""Messages for the offer checker's error codes, in the reader's language (the error edge of
`needsfirst.web.common.errors` looks them up by code)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from needsfirst.recruitment import OfferErrorCode


def offer_messages() -> dict[StrEnum, str]:
    return {
        OfferErrorCode.REQUIRED: _("This field is required."),
        OfferErrorCode.INVALID: _("Enter a valid value."),
        OfferErrorCode.UNKNOWN_KEY: _("This is not a term of an offer."),
        OfferErrorCode.UNKNOWN_COUNTRY: _("Choose a country from the list."),
        OfferErrorCode.UNKNOWN_CURRENCY: _("Choose a currency from the list."),
        OfferErrorCode.UNKNOWN_SECTOR: _("Choose a sector from the list."),
        OfferErrorCode.CONTRADICTION: _("This answer contradicts another answer."),
        OfferErrorCode.TOO_LARGE: _("This answer is too long."),
    }
