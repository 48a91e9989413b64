"""Errors of the needs core: each names the field at fault and carries a code to translate."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from needsfirst.errors import InputError


class ErrorCode(StrEnum):
    """Why an input was refused; the web layer looks messages up by code."""

    REQUIRED = "required"
    INVALID = "invalid"
    UNKNOWN_JURISDICTION = "unknown_jurisdiction"
    JURISDICTION_NEEDS_REGION = "jurisdiction_needs_region"
    NO_RULE_ON_DATE = "no_rule_on_date"
    DATE_IN_PAST = "date_in_past"
    DATE_IN_FUTURE = "date_in_future"
    DATE_ORDER = "date_order"
    DATE_OUT_OF_RANGE = "date_out_of_range"
    CONTRADICTION = "contradiction"
    NOT_FOUND = "not_found"


class NeedsInputError(InputError):
    """Bad input to the needs core. `field` names the input at fault, so a form can point at it."""

    code: ErrorCode

    def __init__(
        self,
        field: str,
        message: str,
        code: ErrorCode = ErrorCode.INVALID,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(code, field, message, params)
