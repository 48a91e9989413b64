"""Errors of the wages core: each names the field (a path such as periods[0].paid.amount) and
carries a code, so the web layer can say it in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from needsfirst.errors import InputError


class WagesErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    NOT_POSITIVE = "not_positive"
    TOO_LARGE = "too_large"
    UNKNOWN_CURRENCY = "unknown_currency"
    CURRENCY_MISMATCH = "currency_mismatch"
    NOT_A_DATE = "not_a_date"
    DATE_ORDER = "date_order"
    NOT_A_CHOICE = "not_a_choice"
    UNKNOWN_JURISDICTION = "unknown_jurisdiction"
    UNKNOWN_SECTOR = "unknown_sector"
    SOURCE_REQUIRED = "source_required"


class AmountError(InputError):
    """An amount or currency is not acceptable; `field` names where it came from."""

    code: WagesErrorCode

    def __init__(
        self, field: str, message: str, code: WagesErrorCode = WagesErrorCode.INVALID
    ) -> None:
        super().__init__(code, field, message)


class ClaimInputError(InputError):
    """Bad claim input: `field` is the path to the offending value, e.g. periods[0].paid.amount."""

    code: WagesErrorCode

    def __init__(
        self,
        field: str,
        reason: str,
        code: WagesErrorCode = WagesErrorCode.INVALID,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(code, field, reason, params)
