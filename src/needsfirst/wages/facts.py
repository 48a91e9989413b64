"""Reading claim facts from JSON-like data, with errors that name the field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

import pycountry

from needsfirst.wages.claims import (
    ClaimFacts,
    Deduction,
    DeductionReason,
    ExchangeRate,
    FeeCategory,
    FeePaid,
    Pay,
    PayBasis,
    WorkPeriod,
)
from needsfirst.wages.errors import AmountError, ClaimInputError, WagesErrorCode
from needsfirst.wages.money import check_currency, parse_amount
from needsfirst.wages.rates import GENERAL, claim_sectors

E = TypeVar("E", bound=StrEnum)
_SECTOR = re.compile(r"^[a-z][a-z0-9-]*$")


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ClaimInputError(where, "an object is required", WagesErrorCode.INVALID)
    return raw


def _amount(raw: Any, where: str, *, allow_zero: bool = True) -> Decimal:
    try:
        return parse_amount(raw, where, allow_zero=allow_zero)
    except AmountError as error:
        raise ClaimInputError(error.field, error.reason, error.code) from error


def _currency(raw: Any, where: str) -> str:
    try:
        return check_currency(raw, where)
    except AmountError as error:
        raise ClaimInputError(error.field, error.reason, error.code) from error


def _date(raw: Any, where: str) -> date:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise ClaimInputError(where, f"{raw!r} is not a date (YYYY-MM-DD)", WagesErrorCode.NOT_A_DATE)


def _choice(kind: type[E], raw: Any, where: str) -> E:
    try:
        return kind(raw)
    except ValueError as error:
        allowed = ", ".join(member.value for member in kind)
        raise ClaimInputError(
            where, f"{raw!r} is not one of: {allowed}", WagesErrorCode.NOT_A_CHOICE
        ) from error


def _pay(raw: Any, where: str) -> Pay:
    data = _mapping(raw, where)
    return Pay(
        amount=_amount(data.get("amount"), f"{where}.amount"),
        currency=_currency(data.get("currency"), f"{where}.currency"),
        per=_choice(PayBasis, data.get("per"), f"{where}.per"),
    )


def _deduction(raw: Any, where: str, currency: str) -> Deduction:
    data = _mapping(raw, where)
    deduction_currency = _currency(data.get("currency", currency), f"{where}.currency")
    if deduction_currency != currency:
        raise ClaimInputError(
            f"{where}.currency",
            "must be the currency the pay was in",
            WagesErrorCode.CURRENCY_MISMATCH,
        )
    agreed = data.get("agreed")
    if agreed is not None and not isinstance(agreed, bool):
        raise ClaimInputError(f"{where}.agreed", "must be true, false or absent")
    return Deduction(
        amount=_amount(data.get("amount"), f"{where}.amount"),
        currency=deduction_currency,
        reason=_choice(DeductionReason, data.get("reason"), f"{where}.reason"),
        agreed=agreed,
        note=str(data.get("note", "")),
    )


def _hours(raw: Any, where: str, most: int) -> Decimal:
    value = _amount(raw, where, allow_zero=False)
    if value > most:
        raise ClaimInputError(
            where, f"must be at most {most}", WagesErrorCode.TOO_LARGE, {"most": most}
        )
    return value


def _period(raw: Any, where: str) -> WorkPeriod:
    data = _mapping(raw, where)
    start = _date(data.get("start"), f"{where}.start")
    end = _date(data.get("end"), f"{where}.end")
    if end < start:
        raise ClaimInputError(
            f"{where}.end", "ends before the period starts", WagesErrorCode.DATE_ORDER
        )
    paid = _pay(data.get("paid"), f"{where}.paid")
    promised_raw = data.get("promised")
    deductions_raw = data.get("deductions", [])
    if not isinstance(deductions_raw, list):
        raise ClaimInputError(f"{where}.deductions", "a list is required", WagesErrorCode.REQUIRED)
    return WorkPeriod(
        start=start,
        end=end,
        hours_per_day=_hours(data.get("hours_per_day"), f"{where}.hours_per_day", 24),
        days_per_week=_hours(data.get("days_per_week"), f"{where}.days_per_week", 7),
        paid=paid,
        promised=None if promised_raw is None else _pay(promised_raw, f"{where}.promised"),
        deductions=tuple(
            _deduction(item, f"{where}.deductions[{index}]", paid.currency)
            for index, item in enumerate(deductions_raw)
        ),
    )


def _fee(raw: Any, where: str) -> FeePaid:
    data = _mapping(raw, where)
    paid_on = data.get("paid_on")
    return FeePaid(
        amount=_amount(data.get("amount"), f"{where}.amount"),
        currency=_currency(data.get("currency"), f"{where}.currency"),
        category=_choice(FeeCategory, data.get("category"), f"{where}.category"),
        paid_to=str(data.get("paid_to", "")),
        paid_on=None if paid_on is None else _date(paid_on, f"{where}.paid_on"),
        note=str(data.get("note", "")),
    )


def _exchange_rate(raw: Any, where: str) -> ExchangeRate:
    data = _mapping(raw, where)
    from_currency = _currency(data.get("from"), f"{where}.from")
    to_currency = _currency(data.get("to"), f"{where}.to")
    if from_currency == to_currency:
        raise ClaimInputError(
            f"{where}.to", "must be another currency than 'from'", WagesErrorCode.CURRENCY_MISMATCH
        )
    rate = _amount(data.get("rate"), f"{where}.rate", allow_zero=False)
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ClaimInputError(
            f"{where}.source",
            "say where the rate comes from (e.g. the central bank's rate)",
            WagesErrorCode.SOURCE_REQUIRED,
        )
    return ExchangeRate(
        from_currency=from_currency,
        to_currency=to_currency,
        rate=rate,
        on=_date(data.get("on"), f"{where}.on"),
        source=" ".join(source.split()),
    )


def claim_facts_from_mapping(raw: Any) -> ClaimFacts:
    """ClaimFacts from parsed JSON; amounts as strings or integers (or Decimals), never floats."""
    data = _mapping(raw, "claim")
    jurisdiction = data.get("jurisdiction")
    if (
        not isinstance(jurisdiction, str)
        or len(jurisdiction) != 2
        or pycountry.countries.get(alpha_2=jurisdiction.upper()) is None
    ):
        raise ClaimInputError(
            "jurisdiction",
            f"{jurisdiction!r} is not an ISO 3166 alpha-2 code",
            WagesErrorCode.UNKNOWN_JURISDICTION,
        )
    sector = data.get("sector", GENERAL)
    if not isinstance(sector, str) or not _SECTOR.match(sector):
        raise ClaimInputError(
            "sector",
            "lower-case words joined by dashes, e.g. 'domestic'",
            WagesErrorCode.UNKNOWN_SECTOR,
        )
    if sector not in claim_sectors():
        # A sector the wage data does not know would silently get the general rules (e.g.
        # "cleaning" for a domestic worker, whom some countries exempt from overtime).
        known = ", ".join(claim_sectors())
        raise ClaimInputError(
            "sector",
            f"{sector!r} is not a sector of the wage data: {known}",
            WagesErrorCode.UNKNOWN_SECTOR,
        )
    periods_raw = data.get("periods")
    if not isinstance(periods_raw, list) or not periods_raw:
        raise ClaimInputError(
            "periods", "at least one period of work is required", WagesErrorCode.REQUIRED
        )
    fees_raw = data.get("fees", [])
    if not isinstance(fees_raw, list):
        raise ClaimInputError("fees", "a list is required", WagesErrorCode.REQUIRED)
    rates_raw = data.get("exchange_rates", [])
    if not isinstance(rates_raw, list):
        raise ClaimInputError("exchange_rates", "a list is required", WagesErrorCode.REQUIRED)
    return ClaimFacts(
        jurisdiction=jurisdiction.upper(),
        sector=sector,
        periods=tuple(_period(item, f"periods[{i}]") for i, item in enumerate(periods_raw)),
        fees=tuple(_fee(item, f"fees[{i}]") for i, item in enumerate(fees_raw)),
        exchange_rates=tuple(
            _exchange_rate(item, f"exchange_rates[{i}]") for i, item in enumerate(rates_raw)
        ),
    )
