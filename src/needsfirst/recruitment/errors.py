"""The input error of the recruitment package: the project's one `InputError` shape, with a
code enum of its own."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from needsfirst.errors import InputError


class OfferErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_CURRENCY = "unknown_currency"
    UNKNOWN_SECTOR = "unknown_sector"
    CONTRADICTION = "contradiction"
    TOO_LARGE = "too_large"


class OfferInputError(InputError):
    """Offer terms that cannot be read: `field` names where, `code` what kind of problem."""

    def __init__(
        self, field: str, code: OfferErrorCode, message: str, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code, field, message, params)
