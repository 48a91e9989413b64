"""Amounts and currencies: Decimal only, ISO 4217 codes checked with pycountry."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry

from needsfirst.wages.errors import AmountError, WagesErrorCode

# pycountry carries the ISO 4217 codes but not their minor units; the exceptions to the usual
# two decimals are listed here (ISO 4217 table A.1) so a claim in yen or dinars rounds right.
_MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}


def is_currency(code: str) -> bool:
    """True for an ISO 4217 alphabetic code known to pycountry (e.g. 'GBP')."""
    return (
        isinstance(code, str)
        and len(code) == 3
        and code.isupper()
        and pycountry.currencies.get(alpha_3=code) is not None
    )


def check_currency(code: object, field: str) -> str:
    """The code itself if it is an ISO 4217 currency, else an AmountError naming `field`."""
    if not isinstance(code, str) or not is_currency(code):
        raise AmountError(
            field, f"{code!r} is not an ISO 4217 currency code", WagesErrorCode.UNKNOWN_CURRENCY
        )
    return code


def parse_amount(raw: object, field: str, *, allow_zero: bool = True) -> Decimal:
    """A non-negative Decimal from a string or integer; floats are refused (they are inexact)."""
    if isinstance(raw, (bool, float)):
        raise AmountError(
            field,
            "give the amount as a string or an integer, not a float",
            WagesErrorCode.NOT_A_NUMBER,
        )
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | str):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation as error:
            raise AmountError(
                field, f"{raw!r} is not a number", WagesErrorCode.NOT_A_NUMBER
            ) from error
    else:
        raise AmountError(field, "an amount is required", WagesErrorCode.REQUIRED)
    if not value.is_finite():
        raise AmountError(field, f"{raw!r} is not a finite number", WagesErrorCode.NOT_A_NUMBER)
    if value < 0:
        raise AmountError(field, f"{raw!r} is negative", WagesErrorCode.NEGATIVE)
    if not allow_zero and value == 0:
        raise AmountError(field, "must be greater than zero", WagesErrorCode.NOT_POSITIVE)
    return value


def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit (2 unless ISO 4217 says otherwise)."""
    return _MINOR_UNITS.get(currency, 2)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit: the rounding a payslip or a court uses."""
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    """'GBP 1,234.50': code first, so no symbol is ambiguous."""
    rounded = round_money(amount, currency)
    return f"{currency} {rounded:,}"
