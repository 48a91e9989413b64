"""Structured offer terms and their reading from a mapping (JSON, YAML, a web form).

Every key is optional except the country of work: a term the offer does not state is kept as
unknown, and the checker says what it could not check because of it. A key that is not a term,
an unknown country, currency or sector, and contradictory terms are refused with an
`OfferInputError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import pycountry

from needsfirst.recruitment.errors import OfferErrorCode, OfferInputError
from needsfirst.wages.errors import AmountError
from needsfirst.wages.money import is_currency, parse_amount
from needsfirst.wages.rates import PayPeriod

# Sectors an offer may name. `domestic` brings in ILO C189; the others only select the
# minimum-wage rate of the sector where the country's data has one (else the general rate).
SECTORS = (
    "general",
    "domestic",
    "care",
    "construction",
    "agriculture",
    "fishing",
    "manufacturing",
    "hospitality",
    "cleaning",
    "security",
    "retail",
    "transport",
    "entertainment",
    "other",
)
MAX_ITEMS = 30  # fees or deductions: more is not an offer, it is an attack on the checker
MAX_TEXT = 200


class Tri(StrEnum):
    """A yes/no term that the offer may leave unstated."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Payer(StrEnum):
    WORKER = "worker"
    EMPLOYER = "employer"
    UNKNOWN = "unknown"


class FeeCategory(StrEnum):
    """A fee or cost asked of the worker, in the families of the ILO 2019 Definition."""

    RECRUITMENT = "recruitment"  # service, placement, processing, registration fees
    MEDICAL = "medical"
    INSURANCE = "insurance"
    SKILLS_TEST = "skills_test"
    TRAINING = "training"
    EQUIPMENT = "equipment"
    TRAVEL_LODGING = "travel_lodging"
    ADMIN = "admin"  # passport, visa, work and residence permits, clearances
    DEPOSIT = "deposit"  # deposits, bonds, "security" money: illegitimate costs
    BRIBE = "bribe"  # bribes, kickbacks, tributes: illegitimate costs
    OTHER = "other"


RELATED_COSTS = frozenset(
    {
        FeeCategory.MEDICAL,
        FeeCategory.INSURANCE,
        FeeCategory.SKILLS_TEST,
        FeeCategory.TRAINING,
        FeeCategory.EQUIPMENT,
        FeeCategory.TRAVEL_LODGING,
        FeeCategory.ADMIN,
    }
)
ILLEGITIMATE = frozenset({FeeCategory.DEPOSIT, FeeCategory.BRIBE})


class Recovery(StrEnum):
    """How a fee is taken: paid before leaving, deducted from wages, or lent and repaid."""

    UPFRONT = "upfront"
    WAGE_DEDUCTION = "wage_deduction"
    LOAN = "loan"
    UNKNOWN = "unknown"


class DocumentHolder(StrEnum):
    WORKER = "worker"
    EMPLOYER = "employer"
    RECRUITER = "recruiter"
    OTHER = "other"


class DeductionReason(StrEnum):
    ACCOMMODATION = "accommodation"
    FOOD = "food"
    TRANSPORT = "transport"
    EQUIPMENT = "equipment"
    RECRUITMENT = "recruitment"
    OTHER = "other"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    period: PayPeriod


@dataclass(frozen=True)
class Fee:
    category: FeeCategory
    paid_by: Payer
    amount: Decimal | None = None
    currency: str | None = None
    recovered_by: Recovery = Recovery.UNKNOWN


@dataclass(frozen=True)
class Deduction:
    reason: DeductionReason
    amount: Decimal
    currency: str
    period: PayPeriod
    agreed: Tri = Tri.UNKNOWN


@dataclass(frozen=True)
class Arrival:
    """Conditions found on arrival, to compare with the offer (contract substitution)."""

    employer: str | None = None
    job: str | None = None
    country_of_work: str | None = None
    wage: Money | None = None
    hours_per_day: Decimal | None = None
    days_per_week: Decimal | None = None


@dataclass(frozen=True)
class Offer:
    """The terms of one offer or contract, as stated (None / UNKNOWN where not stated)."""

    country_of_work: str
    on: date
    sector: str = "general"
    sector_stated: bool = False
    job: str | None = None
    employer: str | None = None
    recruiter: str | None = None
    recruiter_licence: str | None = None
    wage: Money | None = None
    hours_per_day: Decimal | None = None
    days_per_week: Decimal | None = None
    weekly_rest_hours: Decimal | None = None
    pay_interval_days: int | None = None
    fees: tuple[Fee, ...] | None = None  # None: the offer does not say; () : no fee at all
    passport_held_by: DocumentHolder | None = None
    contract_written: Tri = Tri.UNKNOWN
    contract_language_understood: Tri = Tri.UNKNOWN
    contract_copy_given: Tri = Tri.UNKNOWN
    contract_before_departure: Tri = Tri.UNKNOWN
    visa_tied_to_employer: Tri = Tri.UNKNOWN
    change_employer_needs_permission: Tri = Tri.UNKNOWN
    leaving_country_needs_permission: Tri = Tri.UNKNOWN
    deductions: tuple[Deduction, ...] | None = None
    accommodation_provided: Tri = Tri.UNKNOWN
    live_in_required: Tri = Tri.UNKNOWN
    free_to_leave_on_rest_days: Tri = Tri.UNKNOWN
    on_arrival: Arrival | None = None
    stated: frozenset[str] = field(default_factory=frozenset)

    @property
    def domestic(self) -> bool:
        return self.sector in {"domestic", "care"} and self.sector_stated

    @property
    def hours_per_week(self) -> Decimal | None:
        if self.hours_per_day is None or self.days_per_week is None:
            return None
        return self.hours_per_day * self.days_per_week


# --- reading ---------------------------------------------------------------------------------

TOP_KEYS = frozenset(
    {
        "as_of",
        "country_of_work",
        "sector",
        "job",
        "employer",
        "recruiter",
        "recruiter_licence",
        "wage",
        "hours_per_day",
        "days_per_week",
        "weekly_rest_hours",
        "pay_interval_days",
        "fees",
        "passport_held_by",
        "contract",
        "visa",
        "deductions",
        "accommodation",
        "on_arrival",
    }
)


def _fail(where: str, code: OfferErrorCode, message: str) -> OfferInputError:
    return OfferInputError(where, code, message)


def _mapping(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _fail(where, OfferErrorCode.INVALID, "must be an object of named terms")
    return raw


def _closed(raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    for key in raw:
        if key not in allowed:
            path = f"{where}.{key}" if where else str(key)
            raise _fail(
                path,
                OfferErrorCode.UNKNOWN_KEY,
                f"not a term of an offer; the terms here are {', '.join(sorted(allowed))}",
            )


def _text(raw: object, where: str) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise _fail(where, OfferErrorCode.INVALID, "must be text")
    value = " ".join(raw.split())
    if len(value) > MAX_TEXT:
        raise _fail(where, OfferErrorCode.TOO_LARGE, f"at most {MAX_TEXT} characters")
    return value or None


def _country(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(where, OfferErrorCode.REQUIRED, "the country of work is required")
    code = raw.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise _fail(where, OfferErrorCode.UNKNOWN_COUNTRY, f"{raw!r} is not an ISO 3166 country")
    return code


def _number(raw: object, where: str, *, maximum: Decimal) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise _fail(where, OfferErrorCode.INVALID, "must be a number")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as error:
        raise _fail(where, OfferErrorCode.INVALID, f"{raw!r} is not a number") from error
    if not value.is_finite() or value < 0 or value > maximum:
        raise _fail(where, OfferErrorCode.INVALID, f"must be between 0 and {maximum}")
    return value


def _tri(raw: object, where: str) -> Tri:
    if raw is None or raw == "":
        return Tri.UNKNOWN
    if isinstance(raw, bool):
        return Tri.YES if raw else Tri.NO
    if isinstance(raw, str) and raw in Tri.__members__.values():
        return Tri(raw)
    raise _fail(where, OfferErrorCode.INVALID, "must be yes, no or unknown")


def _choice(raw: object, enum: type[StrEnum], where: str) -> Any:
    values = [member.value for member in enum]
    if not isinstance(raw, str) or raw not in values:
        raise _fail(where, OfferErrorCode.INVALID, f"{raw!r} is not one of {', '.join(values)}")
    return enum(raw)


def _currency(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not is_currency(raw.strip().upper()):
        raise _fail(where, OfferErrorCode.UNKNOWN_CURRENCY, f"{raw!r} is not an ISO 4217 currency")
    return raw.strip().upper()


def _amount(raw: object, where: str) -> Decimal:
    try:
        return parse_amount(raw, where)
    except AmountError as error:
        raise _fail(where, OfferErrorCode.INVALID, error.reason) from error


def _money(raw: object, where: str) -> Money | None:
    if raw is None:
        return None
    body = _mapping(raw, where)
    _closed(body, frozenset({"amount", "currency", "period"}), where)
    for key in ("amount", "currency", "period"):
        if body.get(key) in (None, ""):
            raise _fail(f"{where}.{key}", OfferErrorCode.REQUIRED, "is required for a wage")
    return Money(
        amount=_amount(body["amount"], f"{where}.amount"),
        currency=_currency(body["currency"], f"{where}.currency"),
        period=_choice(body["period"], PayPeriod, f"{where}.period"),
    )


def _items(raw: object, where: str) -> Sequence[Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise _fail(where, OfferErrorCode.INVALID, "must be a list")
    if len(raw) > MAX_ITEMS:
        raise _fail(where, OfferErrorCode.TOO_LARGE, f"at most {MAX_ITEMS} items")
    return raw


FEE_KEYS = frozenset({"category", "paid_by", "amount", "currency", "recovered_by"})


def _fee(raw: object, where: str) -> Fee:
    body = _mapping(raw, where)
    _closed(body, FEE_KEYS, where)
    if body.get("category") in (None, ""):
        raise _fail(f"{where}.category", OfferErrorCode.REQUIRED, "say what the fee is for")
    amount = (
        None if body.get("amount") in (None, "") else _amount(body["amount"], f"{where}.amount")
    )
    currency = None
    if body.get("currency") not in (None, ""):
        currency = _currency(body["currency"], f"{where}.currency")
    if amount is not None and currency is None:
        raise _fail(f"{where}.currency", OfferErrorCode.REQUIRED, "an amount needs its currency")
    paid_by = Payer.UNKNOWN
    if body.get("paid_by") not in (None, ""):
        paid_by = _choice(body["paid_by"], Payer, f"{where}.paid_by")
    recovered = Recovery.UNKNOWN
    if body.get("recovered_by") not in (None, ""):
        recovered = _choice(body["recovered_by"], Recovery, f"{where}.recovered_by")
    if paid_by is Payer.EMPLOYER and recovered in {Recovery.WAGE_DEDUCTION, Recovery.LOAN}:
        raise _fail(
            f"{where}.recovered_by",
            OfferErrorCode.CONTRADICTION,
            "a fee the employer pays cannot be recovered from the worker; then the worker pays it",
        )
    return Fee(
        category=_choice(body["category"], FeeCategory, f"{where}.category"),
        paid_by=paid_by,
        amount=amount,
        currency=currency,
        recovered_by=recovered,
    )


DEDUCTION_KEYS = frozenset({"reason", "amount", "currency", "period", "agreed"})


def _deduction(raw: object, where: str) -> Deduction:
    body = _mapping(raw, where)
    _closed(body, DEDUCTION_KEYS, where)
    for key in ("reason", "amount", "currency", "period"):
        if body.get(key) in (None, ""):
            raise _fail(f"{where}.{key}", OfferErrorCode.REQUIRED, "is required for a deduction")
    return Deduction(
        reason=_choice(body["reason"], DeductionReason, f"{where}.reason"),
        amount=_amount(body["amount"], f"{where}.amount"),
        currency=_currency(body["currency"], f"{where}.currency"),
        period=_choice(body["period"], PayPeriod, f"{where}.period"),
        agreed=_tri(body.get("agreed"), f"{where}.agreed"),
    )


def _party(raw: object, where: str) -> tuple[str | None, str | None]:
    """An employer or recruiter: a name, or {name, licence}."""
    if raw is None or isinstance(raw, str):
        return _text(raw, where), None
    body = _mapping(raw, where)
    _closed(body, frozenset({"name", "licence"}), where)
    return _text(body.get("name"), f"{where}.name"), _text(body.get("licence"), f"{where}.licence")


def _arrival(raw: object, where: str) -> Arrival | None:
    if raw is None:
        return None
    body = _mapping(raw, where)
    allowed = frozenset(
        {"employer", "job", "country_of_work", "wage", "hours_per_day", "days_per_week"}
    )
    _closed(body, allowed, where)
    country = body.get("country_of_work")
    return Arrival(
        employer=_party(body.get("employer"), f"{where}.employer")[0],
        job=_text(body.get("job"), f"{where}.job"),
        country_of_work=_country(country, f"{where}.country_of_work") if country else None,
        wage=_money(body.get("wage"), f"{where}.wage"),
        hours_per_day=_number(
            body.get("hours_per_day"), f"{where}.hours_per_day", maximum=Decimal(24)
        ),
        days_per_week=_number(
            body.get("days_per_week"), f"{where}.days_per_week", maximum=Decimal(7)
        ),
    )


def offer_from_mapping(raw: object, *, on: date | None = None) -> Offer:
    """Read offer terms; raise `OfferInputError` naming the field for anything unreadable.

    `on` is the day of the check (the minimum wage and limits in force then); the mapping's
    `as_of` overrides it, and one of the two is required.
    """
    body = _mapping(raw, "offer")
    _closed(body, TOP_KEYS, "")
    if body.get("as_of") not in (None, ""):
        as_of = body["as_of"]
        if isinstance(as_of, date):
            on = as_of
        else:
            try:
                on = date.fromisoformat(str(as_of))
            except ValueError as error:
                raise _fail("as_of", OfferErrorCode.INVALID, "must be a date YYYY-MM-DD") from error
    if on is None:
        raise _fail("as_of", OfferErrorCode.REQUIRED, "the day of the check is required")
    sector_raw = body.get("sector")
    sector = "general"
    if sector_raw not in (None, ""):
        if not isinstance(sector_raw, str) or sector_raw.strip().lower() not in SECTORS:
            raise _fail(
                "sector",
                OfferErrorCode.UNKNOWN_SECTOR,
                f"{sector_raw!r} is not a known sector; use one of {', '.join(SECTORS)}",
            )
        sector = sector_raw.strip().lower()
    employer, _ = _party(body.get("employer"), "employer")
    recruiter, licence = _party(body.get("recruiter"), "recruiter")
    licence = licence or _text(body.get("recruiter_licence"), "recruiter_licence")
    hours_per_day = _number(body.get("hours_per_day"), "hours_per_day", maximum=Decimal(24))
    days_per_week = _number(body.get("days_per_week"), "days_per_week", maximum=Decimal(7))
    rest = _number(body.get("weekly_rest_hours"), "weekly_rest_hours", maximum=Decimal(168))
    if (
        rest is not None
        and hours_per_day is not None
        and days_per_week is not None
        and hours_per_day * days_per_week + rest > 168
    ):
        raise _fail(
            "weekly_rest_hours",
            OfferErrorCode.CONTRADICTION,
            "the hours of work and this weekly rest add up to more than a week",
        )
    interval = _number(body.get("pay_interval_days"), "pay_interval_days", maximum=Decimal(400))
    fees_raw = _items(body.get("fees"), "fees")
    fees = (
        None
        if fees_raw is None
        else tuple(_fee(item, f"fees[{index}]") for index, item in enumerate(fees_raw))
    )
    deductions_raw = _items(body.get("deductions"), "deductions")
    deductions = (
        None
        if deductions_raw is None
        else tuple(
            _deduction(item, f"deductions[{index}]") for index, item in enumerate(deductions_raw)
        )
    )
    contract = _mapping(body.get("contract") or {}, "contract")
    _closed(
        contract,
        frozenset({"written", "language_understood", "copy_given", "before_departure"}),
        "contract",
    )
    visa = _mapping(body.get("visa") or {}, "visa")
    _closed(
        visa,
        frozenset(
            {"tied_to_employer", "change_employer_needs_permission", "leaving_needs_permission"}
        ),
        "visa",
    )
    housing = _mapping(body.get("accommodation") or {}, "accommodation")
    _closed(
        housing, frozenset({"provided", "live_in_required", "free_on_rest_days"}), "accommodation"
    )
    written = _tri(contract.get("written"), "contract.written")
    copy_given = _tri(contract.get("copy_given"), "contract.copy_given")
    if written is Tri.NO and copy_given is Tri.YES:
        raise _fail(
            "contract.copy_given",
            OfferErrorCode.CONTRADICTION,
            "a copy of a contract that is not written cannot be given",
        )
    passport = body.get("passport_held_by")
    stated = frozenset(key for key, value in body.items() if value not in (None, ""))
    return Offer(
        country_of_work=_country(body.get("country_of_work"), "country_of_work"),
        on=on,
        sector=sector,
        sector_stated=sector_raw not in (None, ""),
        job=_text(body.get("job"), "job"),
        employer=employer,
        recruiter=recruiter,
        recruiter_licence=licence,
        wage=_money(body.get("wage"), "wage"),
        hours_per_day=hours_per_day,
        days_per_week=days_per_week,
        weekly_rest_hours=rest,
        pay_interval_days=int(interval) if interval is not None else None,
        fees=fees,
        passport_held_by=(
            None
            if passport in (None, "")
            else _choice(passport, DocumentHolder, "passport_held_by")
        ),
        contract_written=written,
        contract_language_understood=_tri(
            contract.get("language_understood"), "contract.language_understood"
        ),
        contract_copy_given=copy_given,
        contract_before_departure=_tri(
            contract.get("before_departure"), "contract.before_departure"
        ),
        visa_tied_to_employer=_tri(visa.get("tied_to_employer"), "visa.tied_to_employer"),
        change_employer_needs_permission=_tri(
            visa.get("change_employer_needs_permission"), "visa.change_employer_needs_permission"
        ),
        leaving_country_needs_permission=_tri(
            visa.get("leaving_needs_permission"), "visa.leaving_needs_permission"
        ),
        deductions=deductions,
        accommodation_provided=_tri(housing.get("provided"), "accommodation.provided"),
        live_in_required=_tri(housing.get("live_in_required"), "accommodation.live_in_required"),
        free_to_leave_on_rest_days=_tri(
            housing.get("free_on_rest_days"), "accommodation.free_on_rest_days"
        ),
        on_arrival=_arrival(body.get("on_arrival"), "on_arrival"),
        stated=stated,
    )
