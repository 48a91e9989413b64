"""Jurisdiction codes for the needs core: the law package resolves them (regions included); this
module turns its errors into the needs core's input errors, naming the field."""

from __future__ import annotations

from needsfirst.law.jurisdictions import (
    JurisdictionData,
    JurisdictionError,
    JurisdictionErrorCode,
    resolve,
    supported,
)
from needsfirst.needs.errors import ErrorCode, NeedsInputError

__all__ = ["JurisdictionData", "jurisdiction_data", "supported_jurisdictions"]

_CODES = {
    JurisdictionErrorCode.REQUIRED: ErrorCode.REQUIRED,
    JurisdictionErrorCode.UNKNOWN_JURISDICTION: ErrorCode.UNKNOWN_JURISDICTION,
    JurisdictionErrorCode.NO_DATA: ErrorCode.UNKNOWN_JURISDICTION,
    JurisdictionErrorCode.JURISDICTION_NEEDS_REGION: ErrorCode.JURISDICTION_NEEDS_REGION,
}


def supported_jurisdictions(file_name: str = "reflection-period.yaml") -> tuple[str, ...]:
    """Every code one can ask about, e.g. ('BE', ..., 'GB-ENG', 'GB-NIR', ...)."""
    return supported(file_name)


def jurisdiction_data(
    raw_code: object, file_name: str, *, field: str = "jurisdiction"
) -> JurisdictionData:
    """The data for a jurisdiction code, or an error naming the field and what is wrong."""
    try:
        return resolve(raw_code, file_name)
    except JurisdictionError as error:
        raise NeedsInputError(field, error.message, _CODES[error.code]) from None
