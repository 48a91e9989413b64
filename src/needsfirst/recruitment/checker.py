"""The offer and contract checker: which term breaks which standard, and what to ask instead.

One small function per rule (its id is the red-flag checklist's, RF01-RF14, see
docs/recruitment.md); each returns findings that carry the term, the standards in force on the
day of the check with their sources, a plain sentence of what is wrong, what to ask for
instead and a severity. What the offer does not state is reported as `MissingTerm`s, never
passed over: an offer "looks fine" only when no rule fires and nothing it needs is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

import pycountry

from needsfirst.i18n import Text, _, text
from needsfirst.law import Source
from needsfirst.recruitment.sponsorship import (
    SponsorshipLaw,
    document_retention_law,
    sponsorship_law,
)
from needsfirst.recruitment.standards import Standard, standard, threshold
from needsfirst.recruitment.terms import (
    ILLEGITIMATE,
    RELATED_COSTS,
    DocumentHolder,
    Fee,
    FeeCategory,
    Money,
    Offer,
    Payer,
    Recovery,
    Tri,
)
from needsfirst.wages.money import format_money
from needsfirst.wages.rates import (
    WEEKS_PER_MONTH,
    FloorKind,
    MinimumWage,
    PayPeriod,
    minimum_wage_finding,
    overtime_rule,
    per_hour,
    working_time_limits,
)


class Severity(StrEnum):
    HIGH = "high"  # do not accept as it is; ask for help or protection screening
    MEDIUM = "medium"  # ask for an explanation or a change before accepting
    LOW = "low"  # worth knowing


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class Verdict(StrEnum):
    FLAGS = "flags"
    INCOMPLETE = "incomplete"  # no rule fires, but terms it needs are missing
    LOOKS_FINE = "looks_fine"


class RecruiterStatus(StrEnum):
    """What the recruiter registry says about the recruiter named in the offer, today."""

    LICENSED = "licensed"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_LISTED = "not_listed"
    UNKNOWN = "unknown"  # no registry consulted


@dataclass(frozen=True)
class Finding:
    rule: str
    term: str
    severity: Severity
    problem: Text
    ask_instead: Text
    standards: tuple[Standard, ...]
    sources: tuple[Source, ...] = ()

    @property
    def unverified(self) -> bool:
        """True when a standard or source behind the finding is not verified yet."""
        return any(not s.source.verified for s in self.standards) or any(
            not source.verified for source in self.sources
        )


@dataclass(frozen=True)
class MissingTerm:
    term: str
    why: Text


@dataclass(frozen=True)
class OfferCheck:
    offer: Offer
    findings: tuple[Finding, ...]
    missing: tuple[MissingTerm, ...]
    notes: tuple[Text, ...] = ()
    debt_months: Decimal | None = None
    sponsorship: SponsorshipLaw | None = None

    @property
    def verdict(self) -> Verdict:
        if self.findings:
            return Verdict.FLAGS
        return Verdict.INCOMPLETE if self.missing else Verdict.LOOKS_FINE

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({finding.rule for finding in self.findings}))

    @property
    def worst(self) -> Severity | None:
        if not self.findings:
            return None
        return min((f.severity for f in self.findings), key=SEVERITY_ORDER.__getitem__)


@dataclass
class _Context:
    offer: Offer
    registry: RecruiterStatus
    findings: list[Finding] = field(default_factory=list)
    missing: list[MissingTerm] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    debt_months: Decimal | None = None
    sponsorship: SponsorshipLaw | None = None

    def standards(self, *keys: str) -> tuple[Standard, ...]:
        found = (standard(key, self.offer.on) for key in keys)
        return tuple(item for item in found if item is not None)

    def flag(
        self,
        rule: str,
        term: str,
        severity: Severity,
        problem: Text,
        ask: Text,
        keys: Iterable[str],
        sources: Iterable[Source] = (),
    ) -> None:
        self.findings.append(
            Finding(rule, term, severity, problem, ask, self.standards(*keys), tuple(sources))
        )

    def lack(self, term: str, why: Text) -> None:
        if all(item.term != term for item in self.missing):
            self.missing.append(MissingTerm(term, why))


def _country_name(code: str) -> Text:
    """The country's English name as a message, so the web layer can show it translated."""
    found = pycountry.countries.get(alpha_2=code)
    return Text(str(found.name) if found is not None else code)


def _money(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


def monthly(money: Money, hours_per_day: Decimal, days_per_week: Decimal) -> Decimal:
    """Pay per month from pay per hour, day, week or month (a month is 52/12 weeks)."""
    if money.period is PayPeriod.MONTH:
        return money.amount
    if money.period is PayPeriod.WEEK:
        return money.amount * WEEKS_PER_MONTH
    if money.period is PayPeriod.DAY:
        return money.amount * days_per_week * WEEKS_PER_MONTH
    return money.amount * hours_per_day * days_per_week * WEEKS_PER_MONTH


# --- RF01-RF04: fees, costs and debt ---------------------------------------------------------

FEE_STANDARDS = ("c181-art7", "fair-recruitment-gp7", "fees-definition-2019")


def _worker_pays(fee: Fee) -> bool:
    return fee.paid_by is Payer.WORKER or fee.recovered_by in {
        Recovery.WAGE_DEDUCTION,
        Recovery.LOAN,
    }


def rule_fees(ctx: _Context) -> None:
    fees = ctx.offer.fees
    if fees is None:
        ctx.lack(
            "fees",
            text(_("The offer does not say whether you must pay any fee or cost to get the job.")),
        )
        return
    for index, fee in enumerate(fees):
        term = f"fees[{index}]"
        amount = _money(fee.amount, fee.currency) if fee.amount is not None and fee.currency else ""
        if fee.paid_by is Payer.UNKNOWN and fee.recovered_by is Recovery.UNKNOWN:
            ctx.lack(term, text(_("The offer names a fee but not who pays it.")))
            continue
        if not _worker_pays(fee):
            continue
        if fee.category in ILLEGITIMATE:
            ctx.flag(
                "RF03",
                term,
                Severity.HIGH,
                text(
                    _(
                        "You are asked for a deposit, bond, bribe or similar payment %(amount)s. "
                        "Such payments are never allowed."
                    ),
                    amount=amount,
                ),
                text(_("Refuse to pay it, and keep any proof that it was asked of you.")),
                ("fees-definition-2019", "c029-p029"),
            )
        elif fee.category in RELATED_COSTS:
            ctx.flag(
                "RF02",
                term,
                Severity.HIGH,
                text(
                    _(
                        "You are asked to pay a cost of recruitment (%(category)s) %(amount)s. "
                        "The employer should pay it, not you."
                    ),
                    category=CATEGORY_NAMES[fee.category],
                    amount=amount,
                ),
                text(_("Ask the employer or recruiter to pay this cost, in writing.")),
                FEE_STANDARDS,
            )
        else:
            ctx.flag(
                "RF01",
                term,
                Severity.HIGH,
                text(
                    _(
                        "You are asked to pay a recruitment fee %(amount)s. "
                        "Workers should never pay to get a job."
                    ),
                    amount=amount,
                ),
                text(_("Ask for the job without any fee: the employer pays the recruiter.")),
                FEE_STANDARDS,
            )
        if fee.recovered_by in {Recovery.WAGE_DEDUCTION, Recovery.LOAN}:
            ctx.flag(
                "RF04",
                term,
                Severity.HIGH,
                text(
                    _(
                        "The fee would be taken from your wages or lent to you and repaid from "
                        "them. A debt to the employer or recruiter can trap you in the job."
                    )
                ),
                text(_("Ask for the fee to be cancelled, not lent or deducted from your pay.")),
                ("fees-definition-2019", "c029-p029"),
            )
    _debt(ctx, fees)


def _debt(ctx: _Context, fees: tuple[Fee, ...]) -> None:
    """Months of net wage the worker's fees amount to, against the dated threshold."""
    offer = ctx.offer
    paid = [fee for fee in fees if _worker_pays(fee)]
    if not paid:
        return
    if offer.wage is None:
        ctx.lack(
            "wage",
            text(_("Without the wage, the months of work needed to repay the fees are unknown.")),
        )
        return
    if any(fee.amount is None for fee in paid):
        ctx.lack("fees", text(_("A fee has no amount, so the debt cannot be added up.")))
        return
    currencies = {fee.currency for fee in paid}
    if currencies != {offer.wage.currency}:
        ctx.notes.append(
            text(
                _(
                    "The fees are in another currency than the wage; the months of work needed "
                    "to repay them were not computed (no exchange rate is used)."
                )
            )
        )
        return
    hours = offer.hours_per_day or Decimal(8)
    days = offer.days_per_week or Decimal(6)
    net = monthly(offer.wage, hours, days) - _monthly_deductions(offer, hours, days)
    total = sum((fee.amount or Decimal(0) for fee in paid), Decimal(0))
    limit = threshold("debt_bondage_months", offer.on)
    if net <= 0:
        months = None
    else:
        months = (total / net).quantize(Decimal("0.1"))
        ctx.debt_months = months
    if limit is None:
        return
    if months is None or months > limit.value:
        shown = "∞" if months is None else f"{months}"
        ctx.flag(
            "RF04",
            "fees",
            Severity.HIGH,
            text(
                _(
                    "The fees you would pay, %(total)s, equal %(months)s months of your pay after "
                    "deductions. Debts this large are a sign of debt bondage."
                ),
                total=_money(total, offer.wage.currency),
                months=shown,
            ),
            text(_("Do not borrow to pay them; ask for the fees to be cancelled.")),
            ("c029-p029", "fees-definition-2019"),
            (limit.source,),
        )


def _monthly_deductions(offer: Offer, hours: Decimal, days: Decimal) -> Decimal:
    if not offer.deductions or offer.wage is None:
        return Decimal(0)
    same = [d for d in offer.deductions if d.currency == offer.wage.currency]
    return sum(
        (monthly(Money(d.amount, d.currency, d.period), hours, days) for d in same), Decimal(0)
    )


# --- RF05: documents -------------------------------------------------------------------------


def rule_documents(ctx: _Context) -> None:
    holder = ctx.offer.passport_held_by
    if holder is None:
        ctx.lack("passport_held_by", text(_("The offer does not say who keeps your passport.")))
        return
    if holder is DocumentHolder.WORKER:
        return
    keys: tuple[str, ...] = ("fair-recruitment-gp11", "c029-p029")
    if ctx.offer.domestic:
        keys = ("c189-art9", *keys)
    offer = ctx.offer
    law = document_retention_law(offer.country_of_work, offer.on, offer.sector)
    forbidden = law is not None and not law.employer_may_keep_passport
    ctx.flag(
        "RF05",
        "passport_held_by",
        Severity.HIGH,
        text(
            _(
                "Someone else would keep your passport. You have the right to keep your own "
                "passport and identity papers."
            )
        ),
        text(_("Keep your passport yourself; do not hand it over, even for safekeeping.")),
        keys,
        (law.source,) if law is not None and forbidden else (),
    )
    if law is None or not forbidden:
        return
    country = _country_name(offer.country_of_work)
    if law.unless_worker_asks_in_writing:
        ctx.notes.append(
            text(
                _(
                    "Since %(day)s the law of %(country)s forbids an employer to keep a "
                    "worker's passport unless the worker asks for it in writing, and the "
                    "employer must give it back when asked."
                ),
                day=law.effective_from.isoformat(),
                country=country,
            )
        )
    else:
        ctx.notes.append(
            text(
                _(
                    "Since %(day)s the law of %(country)s forbids an employer to keep a "
                    "worker's passport."
                ),
                day=law.effective_from.isoformat(),
                country=country,
            )
        )


# --- RF06: the contract ----------------------------------------------------------------------


def rule_contract(ctx: _Context) -> None:
    offer = ctx.offer
    keys: tuple[str, ...] = ("fair-recruitment-gp8",)
    if offer.domestic:
        keys = ("c189-art7-8", *keys)
    checks = (
        (
            offer.contract_written,
            "contract.written",
            text(_("There is no written contract.")),
            text(_("Ask for a written contract that states all the terms.")),
            text(_("The offer does not say whether there is a written contract.")),
        ),
        (
            offer.contract_language_understood,
            "contract.language_understood",
            text(_("The contract is not in a language you understand.")),
            text(_("Ask for the contract in your language before you sign.")),
            text(_("The offer does not say whether the contract is in a language you understand.")),
        ),
        (
            offer.contract_before_departure,
            "contract.before_departure",
            text(_("You would get the contract only after you leave your country.")),
            text(_("Ask for the signed contract before you travel.")),
            text(_("The offer does not say whether you get the contract before you travel.")),
        ),
        (
            offer.contract_copy_given,
            "contract.copy_given",
            text(_("You would not keep a copy of your contract.")),
            text(_("Ask for your own copy of the signed contract.")),
            text(_("The offer does not say whether you keep a copy of the contract.")),
        ),
    )
    for value, term, problem, ask, unknown in checks:
        if value is Tri.NO:
            ctx.flag("RF06", term, Severity.HIGH, problem, ask, keys)
        elif value is Tri.UNKNOWN:
            ctx.lack(term, unknown)
        if term == "contract.written" and value is Tri.NO:
            return  # the other contract terms follow from having none


# --- RF07: contract substitution -------------------------------------------------------------


def rule_substitution(ctx: _Context) -> None:
    offer, found = ctx.offer, ctx.offer.on_arrival
    if found is None:
        return
    keys = ("fair-recruitment-gp8", "c029-p029")
    pairs: list[tuple[str, object, object, Text]] = [
        ("employer", offer.employer, found.employer, text(_("the employer"))),
        ("job", offer.job, found.job, text(_("the job"))),
        ("country_of_work", offer.country_of_work, found.country_of_work, text(_("the country"))),
        ("hours_per_day", offer.hours_per_day, found.hours_per_day, text(_("the hours per day"))),
        ("days_per_week", offer.days_per_week, found.days_per_week, text(_("the days per week"))),
    ]
    for term, promised, actual, name in pairs:
        if promised is None or actual is None:
            continue
        same = (
            str(promised).casefold() == str(actual).casefold()
            if isinstance(promised, str)
            else promised == actual
        )
        if not same:
            ctx.flag(
                "RF07",
                f"on_arrival.{term}",
                Severity.HIGH,
                text(
                    _(
                        "On arrival %(what)s is not what was promised: %(promised)s was "
                        "promised, %(actual)s is found."
                    ),
                    what=name,
                    promised=str(promised),
                    actual=str(actual),
                ),
                text(_("Keep the offer you were given; you can claim what was promised.")),
                keys,
            )
    if offer.wage is not None and found.wage is not None and found.wage != offer.wage:
        ctx.flag(
            "RF07",
            "on_arrival.wage",
            Severity.HIGH,
            text(
                _(
                    "On arrival the pay is not what was promised: %(promised)s a %(period)s was "
                    "promised, %(actual)s a %(actual_period)s is paid."
                ),
                promised=_money(offer.wage.amount, offer.wage.currency),
                period=PERIOD_NAMES[offer.wage.period],
                actual=_money(found.wage.amount, found.wage.currency),
                actual_period=PERIOD_NAMES[found.wage.period],
            ),
            text(_("Keep the offer you were given; you can claim what was promised.")),
            keys,
        )


# --- RF08 and RF12: the wage against the minimum ---------------------------------------------


def rule_wage(ctx: _Context) -> None:
    offer = ctx.offer
    finding = minimum_wage_finding(offer.country_of_work, offer.on, offer.sector)
    if offer.wage is None:
        ctx.lack("wage", text(_("The offer does not state the wage, so it cannot be checked.")))
        return
    if finding.kind is FloorKind.UNKNOWN or finding.wage is None:
        reason = (
            text(_("The law of the country of work sets no minimum wage for this sector."))
            if finding.kind is FloorKind.NONE
            else text(
                _("needsfirst has no minimum-wage data for the country of work on this date.")
            )
        )
        ctx.notes.append(reason)
        return
    minimum = finding.wage
    if minimum.currency != offer.wage.currency:
        ctx.lack(
            "wage.currency",
            text(
                _(
                    "The wage is in %(currency)s and the minimum in %(minimum_currency)s; "
                    "they were not compared (no exchange rate is used)."
                ),
                currency=offer.wage.currency,
                minimum_currency=minimum.currency,
            ),
        )
        return
    hours = offer.hours_per_day
    days = offer.days_per_week
    if hours is None or days is None or hours == 0 or days == 0:
        hours = minimum.standard_hours_per_day or Decimal(8)
        days = minimum.standard_days_per_week or Decimal(5)
        ctx.lack(
            "hours_per_day",
            text(
                _(
                    "The working hours are not stated; the wage was compared at the legal "
                    "standard hours."
                )
            ),
        )
    hourly = per_hour(offer.wage.amount, offer.wage.period, hours, days)
    floor = minimum.hourly()
    keys = ("minimum-wage",)
    if hourly < floor:
        ctx.flag(
            "RF08",
            "wage",
            Severity.HIGH,
            text(
                _(
                    "The wage is below the legal minimum of %(country)s: %(paid)s an hour for "
                    "the hours offered, the minimum is %(minimum)s an hour."
                ),
                country=_country_name(offer.country_of_work),
                paid=_money(hourly, offer.wage.currency),
                minimum=_money(floor, minimum.currency),
            ),
            text(
                _("Ask for at least the minimum wage, %(minimum)s a %(period)s, for these hours."),
                minimum=_money(minimum.amount, minimum.currency),
                period=PERIOD_NAMES[minimum.period],
            ),
            keys,
            (minimum.source,),
        )
        return
    _deductions_below_minimum(ctx, minimum, hours, days)


def _deductions_below_minimum(
    ctx: _Context, minimum: MinimumWage, hours: Decimal, days: Decimal
) -> None:
    offer = ctx.offer
    assert offer.wage is not None
    taken = _monthly_deductions(offer, hours, days)
    if taken <= 0:
        return
    net = monthly(offer.wage, hours, days) - taken
    floor = monthly(Money(minimum.hourly(), minimum.currency, PayPeriod.HOUR), hours, days)
    if net < floor:
        ctx.flag(
            "RF12",
            "deductions",
            Severity.HIGH,
            text(
                _(
                    "After deductions you would get %(net)s a month, less than the legal minimum "
                    "for these hours, %(minimum)s."
                ),
                net=_money(net, offer.wage.currency),
                minimum=_money(floor, minimum.currency),
            ),
            text(_("Ask for deductions that leave you at least the minimum wage.")),
            ("minimum-wage", "c189-art12") if offer.domestic else ("minimum-wage",),
            (minimum.source,),
        )


def rule_deductions(ctx: _Context) -> None:
    offer = ctx.offer
    if offer.deductions is None:
        ctx.lack(
            "deductions",
            text(
                _("The offer does not say what will be taken from your pay (housing, food, other).")
            ),
        )
        return
    for index, deduction in enumerate(offer.deductions):
        if deduction.agreed is Tri.NO:
            ctx.flag(
                "RF12",
                f"deductions[{index}]",
                Severity.MEDIUM,
                text(
                    _("Money would be taken from your pay for %(reason)s without your agreement."),
                    reason=DEDUCTION_NAMES[deduction.reason],
                ),
                text(_("Ask for every deduction to be written in the contract and agreed by you.")),
                ("c189-art12", "fair-recruitment-gp8")
                if offer.domestic
                else ("fair-recruitment-gp8",),
            )


# --- RF09: pay interval (domestic work) ------------------------------------------------------


def rule_pay_interval(ctx: _Context) -> None:
    offer = ctx.offer
    if not offer.domestic:
        return
    if offer.pay_interval_days is None:
        ctx.lack("pay_interval_days", text(_("The offer does not say how often you are paid.")))
        return
    limit = threshold("max_pay_interval_days", offer.on)
    if limit is not None and offer.pay_interval_days > limit.value:
        ctx.flag(
            "RF09",
            "pay_interval_days",
            Severity.HIGH,
            text(_("You would be paid less often than once a month.")),
            text(_("Ask to be paid in full at least once a month.")),
            ("c189-art12",),
        )


# --- RF10: tied visa, permission to change employer or leave ---------------------------------


def rule_tied(ctx: _Context) -> None:
    offer = ctx.offer
    keys = ("fair-recruitment-gp12", "c029-p029")
    law = sponsorship_law(offer.country_of_work, offer.on)
    ctx.sponsorship = law
    law_sources: tuple[Source, ...] = (law.source,) if law is not None else ()
    country = _country_name(offer.country_of_work)
    if offer.change_employer_needs_permission is Tri.YES:
        ctx.flag(
            "RF10",
            "visa.change_employer_needs_permission",
            Severity.HIGH,
            text(_("You could not change employer without your employer's permission.")),
            text(_("Ask whether you may change employer freely, and where the law says so.")),
            keys,
            law_sources,
        )
        if law is not None and not law.change_needs_permission_in(offer.sector):
            ctx.notes.append(
                text(
                    _(
                        "Since %(day)s the law of %(country)s lets workers change employer "
                        "without the employer's permission."
                    ),
                    day=law.effective_from.isoformat(),
                    country=country,
                )
            )
    elif law is not None and law.change_needs_permission_in(offer.sector):
        if law.change_employer_free_after and offer.sector not in law.change_permission_sectors:
            ctx.notes.append(
                text(
                    _(
                        "The law of %(country)s lets a worker change employer without the "
                        "employer's permission %(when)s."
                    ),
                    country=country,
                    when=law.change_employer_free_after,
                )
            )
        ctx.flag(
            "RF10",
            "country_of_work",
            Severity.HIGH,
            text(
                _(
                    "Under the law of %(country)s on this date, a migrant worker needs the "
                    "employer's permission to change employer."
                ),
                country=country,
            ),
            text(_("Ask what happens to your visa if you need to leave this employer.")),
            keys,
            law_sources,
        )
    leaving_by_law = law is not None and law.leaving_needs_permission_in(offer.sector)
    if offer.leaving_country_needs_permission is Tri.YES:
        ctx.flag(
            "RF10",
            "visa.leaving_needs_permission",
            Severity.HIGH,
            text(_("You could not leave the country without your employer's permission.")),
            text(_("Ask for the right to leave and go home without anyone's permission.")),
            keys,
            law_sources,
        )
    elif leaving_by_law:
        ctx.flag(
            "RF10",
            "country_of_work",
            Severity.HIGH,
            text(
                _(
                    "Under the law of %(country)s on this date, a worker in this sector needs "
                    "the employer's permission to leave the country."
                ),
                country=country,
            ),
            text(_("Ask for the right to leave and go home without anyone's permission.")),
            keys,
            law_sources,
        )
    tied = offer.visa_tied_to_employer
    if (
        tied is Tri.YES
        and offer.change_employer_needs_permission is not Tri.YES
        and not (law is not None and law.change_employer_needs_permission)
    ):
        ctx.flag(
            "RF10",
            "visa.tied_to_employer",
            Severity.LOW,
            text(_("Your visa would be tied to this one employer.")),
            text(_("Ask what happens to your visa if you need to leave this employer.")),
            keys,
            law_sources,
        )
    elif tied is Tri.UNKNOWN and law is not None and law.visa_tied_to_employer:
        ctx.notes.append(
            text(
                _("In %(country)s a work visa is tied to the employer who sponsors it."),
                country=country,
            )
        )
    elif tied is Tri.UNKNOWN and law is None:
        ctx.lack(
            "visa.tied_to_employer",
            text(_("The offer does not say whether your visa ties you to this employer.")),
        )


# --- RF11: freedom of movement ---------------------------------------------------------------


def rule_movement(ctx: _Context) -> None:
    offer = ctx.offer
    if offer.live_in_required is Tri.YES and offer.free_to_leave_on_rest_days is Tri.NO:
        keys = ("c189-art9", "c029-p029") if offer.domestic else ("c029-p029",)
        ctx.flag(
            "RF11",
            "accommodation.free_on_rest_days",
            Severity.HIGH,
            text(_("You would have to live at work and could not go out on your rest days.")),
            text(_("Ask to be free to leave your home and workplace in your free time.")),
            keys,
        )


# --- RF13: hours and rest --------------------------------------------------------------------


def rule_hours(ctx: _Context) -> None:
    offer = ctx.offer
    limits = working_time_limits(offer.country_of_work, offer.on)
    overtime = overtime_rule(offer.country_of_work, offer.on)
    if limits is not None and overtime is not None and offer.sector in overtime.exempt_sectors:
        # The general limits do not cover this sector there (e.g. domestic workers in Qatar
        # fall under a law of their own, not modelled): only the international floor applies.
        ctx.notes.append(
            text(
                _(
                    "The general working-time law of the country does not cover this sector; "
                    "only the international standards were checked for hours and rest."
                )
            )
        )
        limits = None
    weekly = offer.hours_per_week
    if weekly is None:
        ctx.lack(
            "hours_per_day",
            text(_("The offer does not state the hours per day and days per week.")),
        )
    elif limits is not None and weekly > limits.max_hours_per_week:
        ctx.flag(
            "RF13",
            "hours_per_day",
            Severity.MEDIUM,
            text(
                _(
                    "You would work %(hours)s hours a week; the law of %(country)s allows at most "
                    "%(limit)s."
                ),
                hours=f"{weekly.normalize():f}",
                country=_country_name(offer.country_of_work),
                limit=f"{limits.max_hours_per_week.normalize():f}",
            ),
            text(_("Ask for hours within the legal limit, with overtime paid.")),
            ("working-time",),
            (limits.source,),
        )
    rest = offer.weekly_rest_hours
    required: Decimal | None = limits.min_weekly_rest_hours if limits is not None else None
    sources: list[Source] = [limits.source] if limits is not None else []
    keys: tuple[str, ...] = ("working-time",)
    if offer.domestic:
        domestic = threshold("c189_weekly_rest_hours", offer.on)
        if domestic is not None and (required is None or domestic.value > required):
            required = domestic.value
        keys = ("c189-art10", "working-time")
    if rest is None and offer.days_per_week == 7:
        rest = Decimal(0)
    if rest is None:
        ctx.lack(
            "weekly_rest_hours", text(_("The offer does not say how much weekly rest you get."))
        )
        return
    if required is not None and rest < required:
        ctx.flag(
            "RF13",
            "weekly_rest_hours",
            Severity.HIGH if rest == 0 else Severity.MEDIUM,
            text(
                _(
                    "Your weekly rest would be %(rest)s hours; at least %(required)s hours "
                    "in a row "
                    "are due."
                ),
                rest=f"{rest.normalize():f}",
                required=f"{required.normalize():f}",
            ),
            text(_("Ask for a full rest day (at least 24 hours in a row) every week.")),
            keys,
            sources,
        )


# --- RF14: the recruiter ---------------------------------------------------------------------


def rule_recruiter(ctx: _Context) -> None:
    status = ctx.registry
    if ctx.offer.recruiter is None and ctx.offer.recruiter_licence is None:
        return
    messages = {
        RecruiterStatus.SUSPENDED: text(_("The recruiter's licence is suspended.")),
        RecruiterStatus.REVOKED: text(_("The recruiter's licence has been withdrawn.")),
        RecruiterStatus.EXPIRED: text(_("The recruiter's licence has expired.")),
        RecruiterStatus.NOT_LISTED: text(
            _("The recruiter is not in the list of licensed recruiters.")
        ),
    }
    if status in messages:
        ctx.flag(
            "RF14",
            "recruiter",
            Severity.HIGH if status is not RecruiterStatus.NOT_LISTED else Severity.MEDIUM,
            messages[status],
            text(
                _(
                    "Use only a recruiter with a valid licence; check it with the licensing "
                    "authority."
                )
            ),
            ("c181-art7", "fair-recruitment-gp7"),
        )
    elif status is RecruiterStatus.UNKNOWN:
        ctx.notes.append(text(_("The recruiter's licence was not checked against a registry.")))


RULES: tuple[Callable[[_Context], None], ...] = (
    rule_fees,
    rule_documents,
    rule_contract,
    rule_substitution,
    rule_wage,
    rule_deductions,
    rule_pay_interval,
    rule_tied,
    rule_movement,
    rule_hours,
    rule_recruiter,
)


def check_offer(offer: Offer, *, registry: RecruiterStatus = RecruiterStatus.UNKNOWN) -> OfferCheck:
    """Check an offer's terms against the standards in force on `offer.on`.

    `registry` is what the recruiter registry says about the recruiter named in the offer
    (the web layer looks it up; the core never reads a database).
    """
    ctx = _Context(offer=offer, registry=registry)
    for rule in RULES:
        rule(ctx)
    if not offer.sector_stated:
        ctx.notes.append(
            text(
                _(
                    "No sector was given; the general minimum wage was used and domestic-work "
                    "rules were not applied."
                )
            )
        )
    findings = sorted(ctx.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.term))
    return OfferCheck(
        offer=offer,
        findings=tuple(findings),
        missing=tuple(ctx.missing),
        notes=tuple(ctx.notes),
        debt_months=ctx.debt_months,
        sponsorship=ctx.sponsorship,
    )


CATEGORY_NAMES: dict[FeeCategory, str] = {
    FeeCategory.RECRUITMENT: Text(_("recruitment or service fee")),
    FeeCategory.MEDICAL: Text(_("medical examination")),
    FeeCategory.INSURANCE: Text(_("insurance")),
    FeeCategory.SKILLS_TEST: Text(_("skills or language test")),
    FeeCategory.TRAINING: Text(_("training or orientation")),
    FeeCategory.EQUIPMENT: Text(_("tools, uniform or equipment")),
    FeeCategory.TRAVEL_LODGING: Text(_("travel or lodging")),
    FeeCategory.ADMIN: Text(_("passport, visa or permit")),
    FeeCategory.DEPOSIT: Text(_("deposit or bond")),
    FeeCategory.BRIBE: Text(_("bribe or kickback")),
    FeeCategory.OTHER: Text(_("other cost")),
}
PERIOD_NAMES: dict[PayPeriod, str] = {
    PayPeriod.HOUR: Text(_("hour")),
    PayPeriod.DAY: Text(_("day")),
    PayPeriod.WEEK: Text(_("week")),
    PayPeriod.MONTH: Text(_("month")),
}
DEDUCTION_NAMES = {
    "accommodation": Text(_("housing")),
    "food": Text(_("food")),
    "transport": Text(_("transport")),
    "equipment": Text(_("equipment")),
    "recruitment": Text(_("recruitment costs")),
    "other": Text(_("other reasons")),
}
