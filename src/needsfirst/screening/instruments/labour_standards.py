"""Labour standards: pay, hours, rest, documents, fees and debt against the law.

Objective tests, whatever the person agreed to: pay net of deductions per hour actually worked
against the legal minimum (and half of it), wages unpaid or withheld (pay of zero agreed in
advance is not withholding), weekly hours and rest against the legal limits, documents held
by others, debt tying the person to the work, recruitment fees. Pay below the promise is
measured too, but it is a contract matter (a wage claim), not exploitation and not a
Trafficking Protocol means, unless the pay is also below the legal minimum.

The legal values come from the record (`law`, each with its source) or from the tables
(`needsfirst.wages`, through the injectable `LawLookup`); the result says which was used.
With an unknown jurisdiction and nothing supplied, the national-law tests are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from needsfirst.i18n import Text, _, ngettext, plural_text, text
from needsfirst.law import Source
from needsfirst.screening.evidence import ElementResult, InstrumentResult, Unit
from needsfirst.screening.lawlookup import LawLookup
from needsfirst.screening.logic import Tri, or3
from needsfirst.wages.claims import sector_label
from needsfirst.wages.rates import PayPeriod, per_hour

RATE = {
    "hour": _("%(amount)s per hour"),
    "day": _("%(amount)s per day"),
    "week": _("%(amount)s per week"),
    "month": _("%(amount)s per month"),
}
HOLDERS = {
    "self": _("the person"),
    "employer": _("employer"),
    "recruiter": _("recruiter"),
    "other": _("other"),
    "unknown": _("unknown"),
}
# the tests that are exploitation (below_promise is a contract matter, reported apart)
EXPLOITATION_TESTS = (
    "below_minimum_wage",
    "far_below_minimum_wage",
    "unpaid_wages",
    "excessive_hours",
    "missing_rest",
    "document_retention",
    "debt_bondage",
    "recruitment_fees",
)
# the record fact each test rests on
TEST_FACTS = {
    "below_minimum_wage": "work.wage_paid",
    "far_below_minimum_wage": "work.wage_paid",
    "unpaid_wages": "work.wages_withheld",
    "below_promise": "work.wage_promised",
    "excessive_hours": "work.hours",
    "missing_rest": "work.weekly_rest",
    "document_retention": "work.documents_held_by",
    "debt_bondage": "work.debt",
    "recruitment_fees": "work.recruitment_fees",
}


@dataclass(frozen=True, slots=True)
class SuppliedMinimum:
    """A legal minimum wage supplied with the record, with its source."""

    amount: Decimal
    currency: str
    period: str
    effective_from: date
    source: Source

    def hourly(self) -> Decimal:
        if self.period != "hour":
            raise ValueError("a supplied minimum per day, week or month has no standard hours")
        return self.amount


@dataclass(frozen=True, slots=True)
class SuppliedLimits:
    max_hours_per_week: Decimal
    min_weekly_rest_hours: Decimal | None
    source: Source


@dataclass(slots=True)
class Labour:
    """What the work facts show: the tests (yes / no / unknown) and how they were reached."""

    tests: dict[str, Tri] = field(default_factory=dict)
    facts: dict[str, list[Any]] = field(default_factory=dict)  # test -> sentences
    calculations: list[Any] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)
    law_used: dict[str, str] = field(default_factory=dict)  # minimum_wage|working_time -> origin
    zero_pay_agreed: bool = False
    withheld_conflict: bool = False

    @property
    def exploitation(self) -> Tri:
        return or3(self.tests.get(test) for test in EXPLOITATION_TESTS)


def _dec(raw: object) -> Decimal:
    return Decimal(str(raw))


def money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal('0.01'))} {currency}"


def rate(amount: Decimal, currency: str, period: str) -> Text:
    """An amount per hour, day, week or month, as one translatable phrase."""
    return text(RATE[period], amount=money(amount, currency))


def _supplied_source(raw: Mapping[str, Any]) -> Source:
    return Source(
        instrument=str(raw["title"]),
        provision=_("supplied with the record"),
        url=str(raw.get("url", "")),
        verified=False,
    )


def _hours(work: Mapping[str, Any]) -> tuple[Decimal | None, Decimal | None]:
    """Hours in a day and days in a week such that their product is the weekly hours; a
    weekly figure without a daily split is kept as (weekly, 1)."""
    if "hours_per_day" in work and "days_per_week" in work:
        day, week = _dec(work["hours_per_day"]), _dec(work["days_per_week"])
        if day * week > 0:
            return day, week
    if "hours_per_week" in work and _dec(work["hours_per_week"]) > 0:
        return _dec(work["hours_per_week"]), Decimal(1)
    return None, None


class _Measure:
    """One record's labour-standards arithmetic."""

    def __init__(
        self,
        record: Mapping[str, Any],
        law: LawLookup,
        far_ratio: Decimal,
        explain: bool,
    ) -> None:
        self.record = record
        self.work: Mapping[str, Any] = record.get("work") or {}
        self.law = law
        self.far_ratio = far_ratio
        self.explain = explain
        self.out = Labour()
        jurisdiction = record.get("jurisdiction", "unknown")
        self.jurisdiction: str | None = None if jurisdiction == "unknown" else jurisdiction
        self.supplied: Mapping[str, Any] = record.get("law") or {}
        dates = record.get("dates") or {}
        self.on = date.fromisoformat(dates.get("exploitation_start") or record["as_of"])

    def say(self, line: Any) -> None:
        if self.explain:
            self.out.calculations.append(line)

    def note(self, line: Any) -> None:
        if self.explain:
            self.out.notes.append(line)

    def fact(self, test: str, line: Any) -> None:
        if self.explain:
            self.out.facts[test] = [line]

    # ------------------------------------------------------------------ legal values
    def minimum(self) -> Any:
        raw = self.supplied.get("minimum_wage")
        if raw is not None:
            self.out.law_used["minimum_wage"] = "supplied"
            return SuppliedMinimum(
                _dec(raw["amount"]),
                raw["currency"],
                raw["period"],
                self.on,
                _supplied_source(raw["source"]),
            )
        if self.jurisdiction is None:
            return None
        found = self.law.minimum_wage(
            self.jurisdiction, self.on, self.work.get("sector", "general")
        )
        if found is not None:
            self.out.law_used["minimum_wage"] = "tables"
        return found

    def limits(self) -> Any:
        raw = self.supplied.get("working_time")
        tables = (
            self.law.working_time_limits(self.jurisdiction, self.on) if self.jurisdiction else None
        )
        if raw is not None:
            self.out.law_used["working_time"] = "supplied"
            rest = raw.get("min_weekly_rest_hours")
            if rest is None and tables is not None:
                rest = tables.min_weekly_rest_hours
            return SuppliedLimits(
                _dec(raw["max_hours_per_week"]),
                None if rest is None else _dec(rest),
                _supplied_source(raw["source"]),
            )
        if tables is not None:
            self.out.law_used["working_time"] = "tables"
        return tables

    # ------------------------------------------------------------------ the tests
    def run(self) -> Labour:
        work = self.work
        tests = self.out.tests
        paid = work.get("wage_paid")
        promised = work.get("wage_promised")
        hours_day, days_week = _hours(work)
        net = self.net_pay(paid)
        hourly = self.hourly(net, paid, hours_day, days_week)
        self.unpaid(net, promised)
        tests["below_minimum_wage"] = None
        tests["far_below_minimum_wage"] = None
        if paid is not None and net is not None:
            self.against_minimum(net, hourly, paid)
        self.against_promise(net, hourly, paid, promised, hours_day, days_week)
        self.hours_and_rest(hours_day, days_week)
        self.documents_debt_fees()
        return self.out

    def net_pay(self, paid: Mapping[str, Any] | None) -> Decimal | None:
        if paid is None:
            if self.work.get("deductions") is not None:
                self.note(
                    _(
                        "Deductions are recorded but not the pay received: the pay after "
                        "deductions cannot be worked out. Record the pay received."
                    )
                )
            return None
        net = _dec(paid["amount"])
        deductions = self.work.get("deductions")
        if deductions is not None:
            cut = _dec(deductions["amount"])
            after = max(net - cut, Decimal(0))
            if self.explain:
                self.say(
                    text(
                        _("Pay after deductions: %(pay)s - %(deductions)s = %(net_pay)s"),
                        pay=money(net, paid["currency"]),
                        deductions=money(cut, paid["currency"]),
                        net_pay=rate(after, paid["currency"], paid["period"])
                        if paid["period"] != "unknown"
                        else money(after, paid["currency"]),
                    )
                )
            net = after
        return net

    def hourly(
        self,
        net: Decimal | None,
        paid: Mapping[str, Any] | None,
        hours_day: Decimal | None,
        days_week: Decimal | None,
    ) -> Decimal | None:
        if net is None or paid is None:
            return None
        if paid["period"] == "unknown":
            self.note(
                _(
                    "The pay period is not known: pay was not converted to an hourly rate. "
                    "Record whether it is paid by the hour, day, week or month."
                )
            )
            return None
        if paid["period"] == "day" and "hours_per_day" in self.work:
            # a daily wage needs only the hours of that day
            day = _dec(self.work["hours_per_day"])
            if day <= 0:
                return None
            value = per_hour(net, PayPeriod.DAY, day, Decimal(1))
            if self.explain:
                self.say(
                    text(
                        _("Pay per hour actually worked: %(pay)s / %(hours)s h = %(hourly)s"),
                        pay=rate(net, paid["currency"], "day"),
                        hours=day,
                        hourly=rate(value, paid["currency"], "hour"),
                    )
                )
            return value
        if hours_day is None or days_week is None:
            return net if paid["period"] == "hour" else None
        if paid["period"] == "day":
            return None  # a weekly total without a daily split cannot divide a daily wage
        value = per_hour(net, PayPeriod(paid["period"]), hours_day, days_week)
        if paid["period"] != "hour" and self.explain:
            self.say(self.hourly_line(net, value, paid, hours_day, days_week))
        return value

    def hourly_line(
        self,
        net: Decimal,
        value: Decimal,
        paid: Mapping[str, Any],
        hours_day: Decimal,
        days_week: Decimal,
    ) -> Text:
        pay = rate(net, paid["currency"], paid["period"])
        hourly = rate(value, paid["currency"], "hour")
        if "hours_per_day" in self.work and "days_per_week" in self.work:
            return text(
                _(
                    "Pay per hour actually worked: %(pay)s / (%(hours)s h/day x "
                    "%(days)s days/week x 52/12 weeks) = %(hourly)s"
                )
                if paid["period"] == "month"
                else _(
                    "Pay per hour actually worked: %(pay)s / (%(hours)s h/day x "
                    "%(days)s days/week) = %(hourly)s"
                ),
                pay=pay,
                hours=hours_day,
                days=days_week,
                hourly=hourly,
            )
        return text(
            _(
                "Pay per hour actually worked: %(pay)s / (%(hours)s h/week x 52/12 weeks) "
                "= %(hourly)s"
            )
            if paid["period"] == "month"
            else _("Pay per hour actually worked: %(pay)s / %(hours)s h = %(hourly)s"),
            pay=pay,
            hours=hours_day * days_week,
            hourly=hourly,
        )

    def unpaid(self, net: Decimal | None, promised: Mapping[str, Any] | None) -> None:
        withheld = _answer(self.work.get("wages_withheld"))
        if net is not None and net == 0:
            if promised is not None and _dec(promised["amount"]) == 0:
                # unpaid work agreed in advance is not withholding of wages (it may still be
                # below the legal minimum, which the minimum-wage test shows)
                self.out.zero_pay_agreed = True
                self.note(
                    _(
                        "No pay was promised and none was received: unpaid work agreed in "
                        "advance is not withholding of wages."
                    )
                )
            elif withheld is False:
                self.out.withheld_conflict = True
            else:
                withheld = True
                self.say(_("Pay received is zero."))
        self.out.tests["unpaid_wages"] = withheld
        if withheld:
            self.fact("unpaid_wages", _("wages unpaid or withheld"))

    def against_minimum(
        self, net: Decimal, hourly: Decimal | None, paid: Mapping[str, Any]
    ) -> None:
        minimum = self.minimum()
        if minimum is None:
            if self.jurisdiction is None:
                self.note(
                    _(
                        "The country of work is not known and no legal minimum wage was "
                        "supplied: pay was not compared with a minimum."
                    )
                )
            elif self.explain:
                self.note(
                    text(
                        _(
                            "No legal minimum wage is known for %(jurisdiction)s (%(sector)s) "
                            "on %(date)s; pay was not compared with a minimum."
                        ),
                        jurisdiction=self.jurisdiction,
                        sector=sector_label(self.work.get("sector", "general")),
                        date=self.on.isoformat(),
                    )
                )
            return
        if minimum.currency != paid["currency"]:
            self.note(
                text(
                    _(
                        "Pay is recorded in %(pay_currency)s and the minimum in "
                        "%(minimum_currency)s; no exchange rate is applied. Record the pay "
                        "in local currency."
                    ),
                    pay_currency=paid["currency"],
                    minimum_currency=minimum.currency,
                )
            )
            return
        floor: Decimal | None = None
        mine: Decimal | None = None
        period = "hour"
        if hourly is not None:
            try:
                floor = minimum.hourly()
            except Exception:  # a rate without standard hours (LawDataError, ValueError)
                floor = minimum.amount if str(minimum.period) == "hour" else None
            mine = hourly
        if floor is None and paid["period"] == str(minimum.period):
            floor, mine, period = minimum.amount, net, paid["period"]
        if floor is None or mine is None:
            self.note(
                _(
                    "Pay could not be compared with the minimum: "
                    "record hours per day and days per week."
                )
            )
            return
        self.compare(minimum, floor, mine, period, paid["currency"])

    def compare(
        self, minimum: Any, floor: Decimal, mine: Decimal, period: str, currency: str
    ) -> None:
        below = mine < floor
        far = mine < floor * self.far_ratio
        self.out.tests["below_minimum_wage"] = below
        self.out.tests["far_below_minimum_wage"] = far
        if not self.explain:
            return
        cite = minimum.source.cite()
        share = (mine / floor * 100).quantize(Decimal("1")) if floor > 0 else Decimal(0)
        self.say(
            text(
                _(
                    "Legal minimum: %(minimum)s (%(source)s, in force from %(date)s); "
                    "paid %(paid)s = %(share)s%% of the minimum"
                ),
                minimum=rate(floor, currency, period),
                source=cite,
                date=minimum.effective_from.isoformat(),
                paid=rate(mine, currency, period),
                share=share,
            )
        )
        if below:
            self.fact(
                "below_minimum_wage",
                text(
                    _("%(paid)s < %(minimum)s (%(source)s)"),
                    paid=money(mine, currency),
                    minimum=rate(floor, currency, period),
                    source=cite,
                ),
            )
        if far:
            self.fact("far_below_minimum_wage", _("less than half the minimum"))

    def against_promise(
        self,
        net: Decimal | None,
        hourly: Decimal | None,
        paid: Mapping[str, Any] | None,
        promised: Mapping[str, Any] | None,
        hours_day: Decimal | None,
        days_week: Decimal | None,
    ) -> None:
        tests = self.out.tests
        tests["below_promise"] = None
        if paid is None or promised is None or net is None:
            return
        if promised["currency"] != paid["currency"]:
            self.note(_("Promised and paid wages are in different currencies."))
            return
        if "unknown" in (promised["period"], paid["period"]):
            return
        if promised["period"] == paid["period"]:
            promise = _dec(promised["amount"])
            tests["below_promise"] = net < promise
            if promise > 0 and self.explain:
                self.say(
                    text(
                        _("Paid against promised: %(paid)s / %(promised)s = %(share)s%%"),
                        paid=money(net, paid["currency"]),
                        promised=rate(promise, paid["currency"], paid["period"]),
                        share=(net / promise * 100).quantize(Decimal("1")),
                    )
                )
        elif hourly is not None and hours_day is not None and days_week is not None:
            promise_hourly = per_hour(
                _dec(promised["amount"]), PayPeriod(promised["period"]), hours_day, days_week
            )
            tests["below_promise"] = hourly < promise_hourly
            if self.explain:
                self.say(
                    text(
                        _("Promised pay per hour actually worked: %(promised)s; paid %(paid)s"),
                        promised=money(promise_hourly, paid["currency"]),
                        paid=money(hourly, paid["currency"]),
                    )
                )
        if tests["below_promise"]:
            self.fact("below_promise", _("paid less than promised"))

    def hours_and_rest(self, hours_day: Decimal | None, days_week: Decimal | None) -> None:
        tests = self.out.tests
        tests["excessive_hours"] = None
        tests["missing_rest"] = None
        have_hours = hours_day is not None and days_week is not None
        rest_days = self.work.get("weekly_rest_days")
        if rest_days is None and "days_per_week" in self.work:
            rest_days = 7 - self.work["days_per_week"]
        if not have_hours and rest_days is None:
            return
        limits = self.limits()
        if limits is None:
            if not self.explain:
                return
            self.note(
                text(
                    _(
                        "No working-time limits are known for %(jurisdiction)s; hours were "
                        "not compared with a limit."
                    ),
                    jurisdiction=self.jurisdiction or _("an unknown country"),
                )
            )
            return
        cite = limits.source.cite() if self.explain else ""
        if have_hours:
            assert hours_day is not None
            assert days_week is not None
            weekly = hours_day * days_week
            tests["excessive_hours"] = weekly > limits.max_hours_per_week
            if self.explain:
                if "hours_per_day" in self.work and "days_per_week" in self.work:
                    line = text(
                        _(
                            "Hours per week: %(hours)s x %(days)s = %(weekly)s; legal maximum "
                            "%(maximum)s (%(source)s)"
                        ),
                        hours=hours_day,
                        days=days_week,
                        weekly=weekly,
                        maximum=limits.max_hours_per_week,
                        source=cite,
                    )
                else:
                    line = text(
                        _("Hours per week: %(weekly)s; legal maximum %(maximum)s (%(source)s)"),
                        weekly=weekly,
                        maximum=limits.max_hours_per_week,
                        source=cite,
                    )
                self.say(line)
            if tests["excessive_hours"]:
                self.fact(
                    "excessive_hours",
                    text(
                        _("%(hours)s h/week > %(maximum)s"),
                        hours=weekly,
                        maximum=limits.max_hours_per_week,
                    ),
                )
        if rest_days is not None and limits.min_weekly_rest_hours is not None:
            rest_hours = _dec(rest_days) * 24
            tests["missing_rest"] = rest_hours < limits.min_weekly_rest_hours
            if self.explain:
                self.say(
                    weekly_rest(_dec(rest_days), rest_hours, limits.min_weekly_rest_hours, cite)
                )
            if tests["missing_rest"]:
                self.fact(
                    "missing_rest",
                    text(
                        _("%(hours)s h < %(minimum)s h"),
                        hours=rest_hours,
                        minimum=limits.min_weekly_rest_hours,
                    ),
                )

    def documents_debt_fees(self) -> None:
        tests = self.out.tests
        work = self.work
        holder = work.get("documents_held_by")
        tests["document_retention"] = (
            None if holder in (None, "unknown") else holder in ("employer", "recruiter", "other")
        )
        if tests["document_retention"] and self.explain:
            self.fact(
                "document_retention",
                text(
                    _("identity documents held by: %(holder)s"),
                    holder=Text(HOLDERS[holder]) if holder in HOLDERS else holder,
                ),
            )
        debt = work.get("debt") or {}
        tied = _answer(debt.get("tied_to_work"))
        tests["debt_bondage"] = tied
        if tied and self.explain:
            line: Any = Text(_("debt that ties the person to the work"))
            if debt.get("amount"):
                line = text(
                    _("debt that ties the person to the work: %(amount)s"),
                    amount=money(_dec(debt["amount"]["amount"]), debt["amount"]["currency"]),
                )
            self.fact("debt_bondage", line)
        fees = work.get("recruitment_fees")
        tests["recruitment_fees"] = None if fees is None else _dec(fees["amount"]) > 0
        if tests["recruitment_fees"] and self.explain:
            assert fees is not None
            self.fact(
                "recruitment_fees",
                text(
                    _("recruitment fees paid: %(amount)s"),
                    amount=money(_dec(fees["amount"]), fees["currency"]),
                ),
            )


def _answer(raw: object) -> Tri:
    if raw is None:
        return None
    value = raw["answer"] if isinstance(raw, Mapping) else raw
    return True if value == "yes" else False if value == "no" else None


def weekly_rest(days: Decimal, hours: Decimal, minimum: object, cite: str) -> Text:
    """The weekly rest sentence; the count chooses the plural form (a fraction: its own)."""
    params = {"days": days, "hours": hours, "minimum": minimum, "source": cite}
    if days != days.to_integral_value():
        # Translators: a fractional number of rest days, e.g. 1.5
        return Text(
            _("Weekly rest: %(days)s days = %(hours)s h; legal minimum %(minimum)s h (%(source)s)"),
            params,
        )
    return plural_text(
        ngettext(
            "Weekly rest: %(days)s day = %(hours)s h; legal minimum %(minimum)s h (%(source)s)",
            "Weekly rest: %(days)s days = %(hours)s h; legal minimum %(minimum)s h (%(source)s)",
        ),
        int(days),
        **params,
    )


def measure(
    record: Mapping[str, Any], law: LawLookup, far_ratio: Decimal, explain: bool = True
) -> Labour:
    """The labour-standards tests of one record."""
    return _Measure(record, law, far_ratio, explain).run()


def assess(labour: Labour, d4: Tri, explain: bool = True) -> InstrumentResult:
    """Status of the labour-standards test: yes when an objective breach (or the ILO/EC
    exploitation dimension) is shown, no when every test that could be run is negative."""
    units = tuple(
        Unit(frozenset({TEST_FACTS[test]}), (labour.facts.get(test) or [None])[0], test)
        for test in EXPLOITATION_TESTS
        if labour.tests.get(test)
    )
    value = or3((labour.exploitation, d4))
    status = "yes" if value is True else "no" if value is False else "undetermined"
    return InstrumentResult(
        status,
        {"breach": ElementResult("breach", value, units)},
        details={
            "tests": sorted(t for t in EXPLOITATION_TESTS if labour.tests.get(t)),
            "below_promise": labour.tests.get("below_promise"),
            "law_used": dict(labour.law_used),
        },
    )
