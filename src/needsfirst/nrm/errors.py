"""Errors of the NRM core: a code to translate and the field at fault."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from needsfirst.errors import InputError


class NrmErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    UNKNOWN_JURISDICTION = "unknown_jurisdiction"
    JURISDICTION_NEEDS_REGION = "jurisdiction_needs_region"
    NO_MECHANISM = "no_mechanism"
    NO_MECHANISM_ON_DATE = "no_mechanism_on_date"
    DATE_ORDER = "date_order"


class NrmInputError(InputError):
    """Bad input to the NRM core; `field` names the input, so a form can point at it."""

    code: NrmErrorCode

    def __init__(
        self,
        field: str,
        message: str,
        code: NrmErrorCode = NrmErrorCode.INVALID,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(code, field, message, params)
