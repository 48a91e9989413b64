"""The one input-error type of the recruitment package, with a code per kind of problem."""

from __future__ import annotations

from enum import StrEnum


class OfferErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_CURRENCY = "unknown_currency"
    UNKNOWN_SECTOR = "unknown_sector"
    CONTRADICTION = "contradiction"
    TOO_LARGE = "too_large"


class OfferInputError(ValueError):
    """Offer terms that cannot be read: `field` names where, `code` what kind of problem."""

    def __init__(self, field: str, code: OfferErrorCode, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.code = code
        self.reason = message
