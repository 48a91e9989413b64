"""Itemised wage and fee claims from work facts (issue 4, "Remedies").

Heads of claim, each line with its legal basis and arithmetic:
- wages below the dated legal minimum (unpaid or underpaid), split where the minimum changed;
- the statutory overtime premium where the jurisdiction's data gives a rule;
- pay promised and not paid, beyond the legal floor (the contract);
- deductions that may never be taken from wages;
- recruitment fees and related costs the worker paid (ILO General principles and operational
  guidelines for fair recruitment and Definition of recruitment fees and related costs, 2019).

Conventions: a week is 7 calendar days, a month 52/12 weeks; hours and days are averages over
each period; "paid" is what the worker actually received, so the gross pay credited against
the minimum is what was received plus the deductions the employer took. Lines are rounded to
the currency's minor unit and totals are the sums of the rounded lines, so a statement adds up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

import pycountry

from needsfirst.i18n import Text, _, ngettext, plural_text, text
from needsfirst.law import Source
from needsfirst.wages.money import format_money, round_money
from needsfirst.wages.rates import (
    GENERAL,
    FloorKind,
    MinimumWage,
    minimum_wage_changes,
    minimum_wage_finding,
    overtime_rule,
    working_time_changes,
)

ZERO = Decimal(0)
WEEK_DAYS = Decimal(7)


class PayBasis(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    PERIOD = "period"  # one amount for the whole period


class DeductionReason(StrEnum):
    TAX = "tax"
    SOCIAL_SECURITY = "social-security"
    RECRUITMENT_FEE = "recruitment-fee"
    MEDICAL = "medical"
    INSURANCE = "insurance"
    SKILLS_TEST = "skills-test"
    TRAINING = "training"
    EQUIPMENT = "equipment"
    TRAVEL_LODGING = "travel-lodging"
    ADMIN = "admin"
    DEPOSIT = "deposit"
    FINE = "fine"
    ACCOMMODATION = "accommodation"
    FOOD = "food"
    ADVANCE = "advance"
    OTHER = "other"


class FeeCategory(StrEnum):
    """The ILO Definition's recruitment fee, its related-cost families, and illegitimate costs."""

    RECRUITMENT_FEE = "recruitment-fee"
    MEDICAL = "medical"
    INSURANCE = "insurance"
    SKILLS_TEST = "skills-test"
    TRAINING = "training"
    EQUIPMENT = "equipment"
    TRAVEL_LODGING = "travel-lodging"
    ADMIN = "admin"
    ILLEGITIMATE = "illegitimate"  # bribes, kickbacks, bonds, deposits


class ClaimHead(StrEnum):
    UNPAID_WAGES = "unpaid-wages"
    UNDERPAID_WAGES = "underpaid-wages"
    UNPAID_OVERTIME = "unpaid-overtime"
    CONTRACT_SHORTFALL = "contract-shortfall"
    UNLAWFUL_DEDUCTION = "unlawful-deduction"
    RECRUITMENT_FEE = "recruitment-fee"


HEAD_TITLES: dict[ClaimHead, str] = {
    ClaimHead.UNPAID_WAGES: _("Unpaid wages (legal minimum)"),
    ClaimHead.UNDERPAID_WAGES: _("Underpaid wages (legal minimum)"),
    ClaimHead.UNPAID_OVERTIME: _("Unpaid overtime premium"),
    ClaimHead.CONTRACT_SHORTFALL: _("Pay promised and not paid"),
    ClaimHead.UNLAWFUL_DEDUCTION: _("Unlawful deduction from wages"),
    ClaimHead.RECRUITMENT_FEE: _("Recruitment fee or related cost paid by the worker"),
}


UNVERIFIED = _("[unverified]")
NOT_LEGAL_ADVICE = _(
    "This statement is not legal advice. It counts what the legal minimum, the promise and the "
    "fees give on the facts recorded; have a lawyer or the labour office check it before "
    "anything is filed."
)


@dataclass(frozen=True)
class Pay:
    amount: Decimal
    currency: str
    per: PayBasis


@dataclass(frozen=True)
class Deduction:
    amount: Decimal
    currency: str
    reason: DeductionReason
    agreed: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class WorkPeriod:
    """A stretch of work with steady average hours and pay; `end` is the last day worked."""

    start: date
    end: date
    hours_per_day: Decimal
    days_per_week: Decimal
    paid: Pay
    promised: Pay | None = None
    deductions: tuple[Deduction, ...] = ()

    @property
    def calendar_days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class FeePaid:
    amount: Decimal
    currency: str
    category: FeeCategory
    paid_to: str = ""
    paid_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ExchangeRate:
    """One `from_currency` is worth `rate` `to_currency` on `on`, according to `source`.

    A claim never converts on its own: a rate comes from the caseworker, with the day it was
    quoted and where it was read (a central bank's reference rate, the labour office's rate),
    and is shown in each line's arithmetic where it is used."""

    from_currency: str
    to_currency: str
    rate: Decimal
    on: date
    source: str


@dataclass(frozen=True)
class ClaimFacts:
    """The work facts a claim is computed from (plain data; the web layer maps to it)."""

    jurisdiction: str
    periods: tuple[WorkPeriod, ...]
    sector: str = GENERAL
    fees: tuple[FeePaid, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()

    def rate(self, from_currency: str, to_currency: str) -> tuple[Decimal, ExchangeRate] | None:
        """The factor turning `from_currency` into `to_currency`, and the rate it rests on."""
        for given in self.exchange_rates:
            if (given.from_currency, given.to_currency) == (from_currency, to_currency):
                return given.rate, given
            if (given.from_currency, given.to_currency) == (to_currency, from_currency):
                return 1 / given.rate, given
        return None


@dataclass(frozen=True)
class ClaimLine:
    head: ClaimHead
    amount: Decimal
    currency: str
    start: date | None
    end: date | None
    arithmetic: str  # a Text: the sentence with its message id and parameters
    legal_basis: str
    verified: bool


@dataclass(frozen=True)
class Claim:
    facts: ClaimFacts
    lines: tuple[ClaimLine, ...]
    notes: tuple[str, ...]
    totals: dict[str, Decimal] = field(default_factory=dict)
    # (from, to) currency pairs a rate is needed for: the minimum or the promise is in another
    # currency than the pay, and no rate was given, so that comparison was not made.
    rates_needed: tuple[tuple[str, str], ...] = ()

    def total(self, currency: str) -> Decimal:
        return self.totals.get(currency, ZERO)


# --- legal bases that do not come from a jurisdiction file ------------------------------------

FAIR_RECRUITMENT = Source(
    instrument="ILO General principles and operational guidelines for fair recruitment and "
    "Definition of recruitment fees and related costs (2019)",
    provision="General principle 7; Definition, paras. on recruitment fees and related costs",
    url="https://www.ilo.org/publications/general-principles-and-operational-guidelines-fair-recruitment-and-definition",
    verified=False,
    note="principle 7 seen in secondary copies; the Definition's paragraphs are unchecked",
)
PROTECTION_OF_WAGES = Source(
    instrument="ILO Protection of Wages Convention, 1949 (No. 95)",
    provision="Arts. 8 and 9",
    url="https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C095",
    verified=False,
    note="from memory: Art. 8 allows deductions only as national law or agreement prescribes; "
    "Art. 9 bans deductions made to obtain or keep a job",
)
CONTRACT = Source(
    instrument="The employment contract or the promise of pay made to the worker",
    provision="pay agreed",
    verified=True,
    note="the worker's own evidence of the promise",
)

_ALWAYS_UNLAWFUL = frozenset(
    {
        DeductionReason.RECRUITMENT_FEE,
        DeductionReason.MEDICAL,
        DeductionReason.INSURANCE,
        DeductionReason.SKILLS_TEST,
        DeductionReason.TRAINING,
        DeductionReason.EQUIPMENT,
        DeductionReason.TRAVEL_LODGING,
        DeductionReason.ADMIN,
        DeductionReason.DEPOSIT,
    }
)
_LAWFUL = frozenset({DeductionReason.TAX, DeductionReason.SOCIAL_SECURITY})


# --- arithmetic helpers ------------------------------------------------------------------------


def _num(value: Decimal, places: int = 2) -> str:
    """A number for an explanation: at most `places` decimals, no trailing zeros."""
    rounded = value.quantize(Decimal(1).scaleb(-places))
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class _Segment:
    start: date
    end: date
    days: int
    weeks: Decimal
    working_days: Decimal
    hours: Decimal
    share: Decimal  # of the period's calendar days


def _segments(period: WorkPeriod, cuts: Iterable[date]) -> list[_Segment]:
    inside = sorted({cut for cut in cuts if period.start < cut <= period.end})
    bounds = [period.start, *inside]
    ends = [cut - timedelta(days=1) for cut in inside] + [period.end]
    total_days = Decimal(period.calendar_days)
    segments = []
    for start, end in zip(bounds, ends, strict=True):
        days = (end - start).days + 1
        weeks = Decimal(days) / WEEK_DAYS
        working_days = weeks * period.days_per_week
        segments.append(
            _Segment(
                start=start,
                end=end,
                days=days,
                weeks=weeks,
                working_days=working_days,
                hours=working_days * period.hours_per_day,
                share=Decimal(days) / total_days,
            )
        )
    return segments


def _pay_in_segment(pay: Pay, segment: _Segment, hours_per_day: Decimal) -> Decimal:
    if pay.per is PayBasis.HOUR:
        return pay.amount * segment.hours
    if pay.per is PayBasis.DAY:
        return pay.amount * segment.working_days
    if pay.per is PayBasis.WEEK:
        return pay.amount * segment.weeks
    if pay.per is PayBasis.MONTH:
        return pay.amount * segment.weeks * 12 / 52
    return pay.amount * segment.share


# an amount per unit, one marked phrase each (the unit is never an English code in a sentence)
PAY_RATE = {
    "hour": _("%(amount)s per hour"),
    "day": _("%(amount)s per day"),
    "week": _("%(amount)s per week"),
    "month": _("%(amount)s per month"),
    "period": _("%(amount)s for the period"),
}
SECTOR_LABELS = {
    "general": _("general"),
    "domestic": _("domestic work"),
    "domestic-hourly": _("domestic work paid by the hour"),
    "saudi-nationals": _("Saudi nationals"),
    "domestic_work": _("domestic work"),
    "agriculture": _("agriculture"),
    "construction": _("construction"),
    "manufacturing": _("manufacturing"),
    "hospitality": _("hospitality"),
    "fishing": _("fishing"),
    "other": _("other"),
}


DEDUCTION_LABELS = {
    DeductionReason.TAX: _("tax"),
    DeductionReason.SOCIAL_SECURITY: _("social security"),
    DeductionReason.RECRUITMENT_FEE: _("a recruitment fee"),
    DeductionReason.MEDICAL: _("medical examinations"),
    DeductionReason.INSURANCE: _("insurance"),
    DeductionReason.SKILLS_TEST: _("skills tests"),
    DeductionReason.TRAINING: _("training"),
    DeductionReason.EQUIPMENT: _("equipment"),
    DeductionReason.TRAVEL_LODGING: _("travel and lodging"),
    DeductionReason.ADMIN: _("administrative costs"),
    DeductionReason.DEPOSIT: _("a deposit"),
    DeductionReason.FINE: _("a fine"),
    DeductionReason.ACCOMMODATION: _("accommodation"),
    DeductionReason.FOOD: _("food"),
    DeductionReason.ADVANCE: _("an advance"),
    DeductionReason.OTHER: _("another reason"),
}
FEE_LABELS = {
    FeeCategory.RECRUITMENT_FEE: _("recruitment fee"),
    FeeCategory.MEDICAL: _("medical examinations"),
    FeeCategory.INSURANCE: _("insurance"),
    FeeCategory.SKILLS_TEST: _("skills tests"),
    FeeCategory.TRAINING: _("training"),
    FeeCategory.EQUIPMENT: _("equipment"),
    FeeCategory.TRAVEL_LODGING: _("travel and lodging"),
    FeeCategory.ADMIN: _("administrative costs"),
    FeeCategory.ILLEGITIMATE: _("bribe, kickback, bond or deposit"),
}


def country_label(code: str) -> Text | str:
    """The ISO 3166 short name of a country code, as a `Text` whose message id is that name:
    English as it is; the web layer's `translate` finds it in pycountry's ISO 3166 catalogue,
    so a claim names the country in the reader's language, never by its code."""
    found = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return Text(str(found.name)) if found is not None else code


def sector_label(sector: str) -> Text | str:
    """The marked English name of a sector code (the code itself if it has none)."""
    return Text(SECTOR_LABELS[sector]) if sector in SECTOR_LABELS else sector


def _rate_text(amount: Decimal, currency: str, unit: str) -> Text:
    return text(PAY_RATE[unit], amount=format_money(amount, currency))


def _pay_text(pay: Pay) -> Text:
    return _rate_text(pay.amount, pay.currency, pay.per.value)


def _line(
    head: ClaimHead,
    amount: Decimal,
    currency: str,
    start: date | None,
    end: date | None,
    arithmetic: str,
    source: Source,
) -> ClaimLine:
    return ClaimLine(
        head=head,
        amount=round_money(amount, currency),
        currency=currency,
        start=start,
        end=end,
        arithmetic=arithmetic,
        # the citation alone: "[unverified]" is shown from `verified`, in the reader's language
        legal_basis=f"{source.instrument}, {source.provision}"
        if source.provision
        else source.instrument,
        verified=source.verified,
    )


# --- the claim -------------------------------------------------------------------------------


def compute_claim(facts: ClaimFacts) -> Claim:
    """The itemised claim for `facts`: never negative, and more pay never makes it larger."""
    lines: list[ClaimLine] = []
    notes: list[str] = []
    needed: list[tuple[str, str]] = []
    cuts = (
        *minimum_wage_changes(facts.jurisdiction, facts.sector),
        *working_time_changes(facts.jurisdiction),
    )
    for period in facts.periods:
        deducted = sum((item.amount for item in period.deductions), ZERO)
        for segment in _segments(period, cuts):
            lines.extend(_wage_lines(facts, period, segment, deducted, notes, needed))
        lines.extend(_deduction_lines(period, notes))
    lines.extend(_fee_lines(facts.fees))
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, ZERO) + line.amount
    return Claim(
        facts=facts,
        lines=tuple(lines),
        notes=tuple(dict.fromkeys(notes)),
        totals=totals,
        rates_needed=tuple(dict.fromkeys(needed)),
    )


def _period_text(period: WorkPeriod) -> Text:
    return text(
        _("%(start)s to %(end)s"), start=period.start.isoformat(), end=period.end.isoformat()
    )


def _rate_used(factor: Decimal, given: ExchangeRate, from_currency: str, to_currency: str) -> Text:
    return text(
        _("1 %(from)s = %(factor)s %(to)s (rate of %(date)s, source: %(source)s)"),
        factor=_num(factor, 6),
        date=given.on.isoformat(),
        source=given.source,
        **{"from": from_currency, "to": to_currency},
    )


def _minimum_text(
    facts: ClaimFacts, wage: MinimumWage, currency: str, needed: list[tuple[str, str]]
) -> tuple[Decimal, Text] | None:
    """The minimum per hour in the pay's currency and how it was found; None (with the rate
    asked for) when the minimum is in another currency and no rate was given."""
    hourly = wage.hourly()
    own = (
        text(
            _("minimum %(rate)s per hour (%(amount)s / standard hours)"),
            rate=format_money(hourly, wage.currency),
            amount=_rate_text(wage.amount, wage.currency, wage.period.value),
        )
        if wage.period.value != "hour"
        else text(_("minimum %(rate)s per hour"), rate=format_money(hourly, wage.currency))
    )
    if wage.currency == currency:
        return hourly, own
    found = facts.rate(wage.currency, currency)
    if found is None:
        needed.append((wage.currency, currency))
        return None
    factor, given = found
    converted = hourly * factor
    return converted, text(
        _("%(minimum)s, converted at %(rate)s = %(converted)s per hour"),
        minimum=own,
        rate=_rate_used(factor, given, wage.currency, currency),
        converted=format_money(converted, currency),
    )


def _wage_lines(
    facts: ClaimFacts,
    period: WorkPeriod,
    segment: _Segment,
    deducted: Decimal,
    notes: list[str],
    needed: list[tuple[str, str]],
) -> list[ClaimLine]:
    currency = period.paid.currency
    credited = _pay_in_segment(period.paid, segment, period.hours_per_day)
    credited += deducted * segment.share
    time_text = plural_text(
        ngettext(
            "%(n)d day = %(weeks)s weeks x %(dpw)s days x %(hpd)s h = %(hours)s h worked",
            "%(n)d days = %(weeks)s weeks x %(dpw)s days x %(hpd)s h = %(hours)s h worked",
        ),
        segment.days,
        weeks=_num(segment.weeks, 4),
        dpw=_num(period.days_per_week),
        hpd=_num(period.hours_per_day),
        hours=_num(segment.hours),
    )
    if deducted:
        paid_text = text(
            _("pay credited %(credited)s (%(paid)s received, plus deductions taken %(amount)s)"),
            credited=format_money(credited, currency),
            paid=_pay_text(period.paid),
            amount=format_money(deducted * segment.share, currency),
        )
    else:
        paid_text = text(
            _("pay credited %(credited)s (%(paid)s received)"),
            credited=format_money(credited, currency),
            paid=_pay_text(period.paid),
        )

    floor = ZERO
    wage: MinimumWage | None = None
    out: list[ClaimLine] = []
    finding = minimum_wage_finding(facts.jurisdiction, segment.start, facts.sector)
    if finding.kind in (FloorKind.STATUTORY, FloorKind.COLLECTIVE_AGREEMENT):
        wage = finding.wage
    elif finding.kind is FloorKind.FALLBACK and finding.wage is not None:
        # no table of the law for this country: ILOSTAT's figure, said to be a fallback
        wage = finding.wage
        notes.append(
            text(
                _("%(jurisdiction)s: the minimum used is a fallback, not the law. %(why)s"),
                jurisdiction=country_label(facts.jurisdiction),
                why=wage.note,
            )
        )
    elif finding.kind is FloorKind.NONE:
        notes.append(
            text(
                _(
                    "%(jurisdiction)s: no statutory minimum wage for %(sector)s from %(date)s: "
                    "%(why)s"
                ),
                jurisdiction=country_label(facts.jurisdiction),
                sector=sector_label(facts.sector),
                date=segment.start.isoformat(),
                why=Text(finding.explanation),
            )
        )
    else:
        notes.append(
            text(
                _(
                    "%(jurisdiction)s: minimum wage unknown on %(date)s; wages not compared "
                    "with it."
                ),
                jurisdiction=country_label(facts.jurisdiction),
                date=segment.start.isoformat(),
            )
        )
    minimum = _minimum_text(facts, wage, currency, needed) if wage is not None else None
    if wage is not None and minimum is None:
        notes.append(
            text(
                _(
                    "Period %(period)s: pay is in %(paid)s and the minimum in %(minimum)s; "
                    "give the exchange rate, with its date and source, to compare them."
                ),
                period=_period_text(period),
                paid=currency,
                minimum=wage.currency,
            )
        )
        wage = None
    premium = ZERO
    if wage is not None and minimum is not None:
        hourly, rate_text = minimum
        basic = segment.hours * hourly
        shortfall = max(ZERO, basic - credited)
        if shortfall > 0:
            head = ClaimHead.UNPAID_WAGES if credited == 0 else ClaimHead.UNDERPAID_WAGES
            out.append(
                _line(
                    head,
                    shortfall,
                    currency,
                    segment.start,
                    segment.end,
                    text(
                        _(
                            "%(time)s; %(hours)s h x %(minimum)s = %(basic)s; minus %(paid)s = "
                            "%(shortfall)s"
                        ),
                        time=time_text,
                        hours=_num(segment.hours),
                        minimum=rate_text,
                        basic=format_money(basic, currency),
                        paid=paid_text,
                        shortfall=format_money(shortfall, currency),
                    ),
                    wage.source,
                )
            )
        premium = _overtime(facts, period, segment, hourly, credited, basic, currency, notes, out)
        floor = basic + premium
    promised = period.promised
    if promised is not None:
        _promise_line(
            facts, period, segment, credited, floor, wage, paid_text, time_text, notes, needed, out
        )
    return out


def _overtime(
    facts: ClaimFacts,
    period: WorkPeriod,
    segment: _Segment,
    hourly: Decimal,
    credited: Decimal,
    basic: Decimal,
    currency: str,
    notes: list[str],
    out: list[ClaimLine],
) -> Decimal:
    """The statutory overtime premium due in the segment (its unpaid part becomes a line)."""
    rule = overtime_rule(facts.jurisdiction, segment.start)
    if rule is None:
        notes.append(
            text(
                _(
                    "%(jurisdiction)s: the law data gives no statutory overtime premium; "
                    "unpaid overtime is not computed."
                ),
                jurisdiction=country_label(facts.jurisdiction),
            )
        )
        return ZERO
    if facts.sector in rule.exempt_sectors:
        notes.append(
            text(
                _("%(jurisdiction)s: %(sector)s workers are exempt from the overtime rule."),
                jurisdiction=country_label(facts.jurisdiction),
                sector=sector_label(facts.sector),
            )
        )
        return ZERO
    weekly_overtime = rule.overtime_hours_per_week(period.hours_per_day, period.days_per_week)
    overtime_hours = weekly_overtime * segment.weeks
    premium = overtime_hours * hourly * (rule.rate_multiplier - 1)
    above = max(ZERO, credited - basic)
    unpaid_premium = max(ZERO, premium - above)
    if unpaid_premium > 0:
        out.append(
            _line(
                ClaimHead.UNPAID_OVERTIME,
                unpaid_premium,
                currency,
                segment.start,
                segment.end,
                text(
                    _(
                        "%(weekly)s h/week beyond the threshold x %(weeks)s weeks = %(hours)s h x "
                        "%(hourly)s x %(premium_rate)s premium = %(premium)s; minus pay above the "
                        "basic minimum %(above)s = %(unpaid)s"
                    ),
                    weekly=_num(weekly_overtime),
                    weeks=_num(segment.weeks, 4),
                    hours=_num(overtime_hours),
                    hourly=format_money(hourly, currency),
                    premium_rate=_num(rule.rate_multiplier - 1),
                    premium=format_money(premium, currency),
                    above=format_money(above, currency),
                    unpaid=format_money(unpaid_premium, currency),
                ),
                rule.source,
            )
        )
    return premium


def _promise_line(
    facts: ClaimFacts,
    period: WorkPeriod,
    segment: _Segment,
    credited: Decimal,
    floor: Decimal,
    wage: MinimumWage | None,
    paid_text: Text,
    time_text: Text,
    notes: list[str],
    needed: list[tuple[str, str]],
    out: list[ClaimLine],
) -> None:
    promised = period.promised
    assert promised is not None
    currency = period.paid.currency
    due = _pay_in_segment(promised, segment, period.hours_per_day)
    promise_text: Text = text(
        _("promised %(promise)s = %(due)s"),
        promise=_pay_text(promised),
        due=format_money(due, promised.currency),
    )
    if promised.currency != currency:
        found = facts.rate(promised.currency, currency)
        if found is None:
            needed.append((promised.currency, currency))
            notes.append(
                text(
                    _(
                        "Period %(period)s: the promise is in %(promised)s and pay in %(paid)s; "
                        "give the exchange rate, with its date and source, to compare them."
                    ),
                    period=_period_text(period),
                    promised=promised.currency,
                    paid=currency,
                )
            )
            return
        factor, given = found
        due = due * factor
        promise_text = text(
            _("%(promise)s, converted at %(rate)s = %(converted)s"),
            promise=promise_text,
            rate=_rate_used(factor, given, promised.currency, currency),
            converted=format_money(due, currency),
        )
    already = max(credited, floor)
    gap = max(ZERO, due - already)
    if gap <= 0:
        return
    floor_text = (
        text(_("the legal floor %(floor)s"), floor=format_money(floor, currency))
        if wage is not None
        else Text(_("no legal floor"))
    )
    out.append(
        _line(
            ClaimHead.CONTRACT_SHORTFALL,
            gap,
            currency,
            segment.start,
            segment.end,
            text(
                _("%(time)s; %(promise)s; minus the larger of %(paid)s and %(floor)s = %(gap)s"),
                time=time_text,
                promise=promise_text,
                paid=paid_text,
                floor=floor_text,
                gap=format_money(gap, currency),
            ),
            CONTRACT,
        )
    )


def _deduction_lines(period: WorkPeriod, notes: list[str]) -> list[ClaimLine]:
    out: list[ClaimLine] = []
    for deduction in period.deductions:
        reason = deduction.reason
        if reason in _LAWFUL:
            continue
        if reason in _ALWAYS_UNLAWFUL:
            why = _(
                "a recruitment fee or related cost, or a deposit, may never be taken from wages"
            )
            source = FAIR_RECRUITMENT
        elif reason is DeductionReason.FINE:
            why = _(
                "fines are lawful only where national law or a collective agreement allows them"
            )
            source = PROTECTION_OF_WAGES
        elif deduction.agreed is False:
            why = _("taken without the worker's agreement")
            source = PROTECTION_OF_WAGES
        else:
            notes.append(
                text(
                    _(
                        "Deduction of %(amount)s for %(reason)s (agreed) not claimed; check it "
                        "was agreed, fairly valued and allowed by national law."
                    )
                    if deduction.agreed
                    else _(
                        "Deduction of %(amount)s for %(reason)s (agreement unknown) not claimed; "
                        "check it was agreed, fairly valued and allowed by national law."
                    ),
                    amount=format_money(deduction.amount, deduction.currency),
                    reason=Text(DEDUCTION_LABELS[reason]),
                )
            )
            continue
        out.append(
            _line(
                ClaimHead.UNLAWFUL_DEDUCTION,
                deduction.amount,
                deduction.currency,
                period.start,
                period.end,
                text(
                    _("%(amount)s deducted for %(reason)s: %(why)s"),
                    amount=format_money(deduction.amount, deduction.currency),
                    reason=Text(DEDUCTION_LABELS[reason]),
                    why=Text(why),
                ),
                source,
            )
        )
    return out


def _fee_lines(fees: Iterable[FeePaid]) -> list[ClaimLine]:
    out = []
    for fee in fees:
        out.append(
            _line(
                ClaimHead.RECRUITMENT_FEE,
                fee.amount,
                fee.currency,
                fee.paid_on,
                fee.paid_on,
                text(
                    _(
                        "%(amount)s paid to %(payee)s (%(category)s): no recruitment fee or "
                        "related cost may be charged to a worker, directly or indirectly"
                    )
                    if fee.paid_to
                    else _(
                        "%(amount)s paid (%(category)s): no recruitment fee or related cost may "
                        "be charged to a worker, directly or indirectly"
                    ),
                    amount=format_money(fee.amount, fee.currency),
                    payee=fee.paid_to,
                    category=Text(FEE_LABELS[fee.category]),
                ),
                FAIR_RECRUITMENT,
            )
        )
    return out
