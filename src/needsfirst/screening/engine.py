"""Facts in, a reasoned screening out.

`screen(record)` reads one screening record (see `docs/schema/screening-record.schema.json`)
and returns a `Determination`: the labels that apply (not exclusive), each with its elements,
the facts and indicators behind them and the source of each rule; the arithmetic behind any
wage or hours finding; notes on what the law does not require; and the unknown facts that
could change the outcome, as questions, most decisive first.

The result supports the decision of a competent authority and never replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from needsfirst.i18n import Text, _, joined, ngettext, plural_text, text
from needsfirst.law import Source
from needsfirst.screening.lawlookup import DEFAULT_LOOKUP, LawLookup, per_hour
from needsfirst.screening.logic import INDEX, KEYS, Tri, and3, combine, or3, rank_unknowns
from needsfirst.screening.rules import DIMENSIONS, Rules, Switches, load_rules
from needsfirst.screening.validation import validate_record
from needsfirst.wages.claims import sector_label

DISCLAIMER = _(
    "This is a screening result from the facts recorded. It supports, and never replaces, the "
    "decision of a competent authority, and it never conditions assistance."
)

ANSWERS = {"yes": True, "no": False, "unknown": None}
# the English words of enum values, each marked, so a sentence never holds a raw code
STATUS_LABELS = {"yes": _("yes"), "no": _("no"), "unknown": _("unknown")}
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
STRENGTHS = {
    "strong": _("%(indicator)s (strong)"),
    "medium": _("%(indicator)s (medium)"),
    "weak": _("%(indicator)s (weak)"),
}
CATEGORIES = {"child": _("child"), "adult": _("adult"), "age unknown": _("age unknown")}
ROLES = {
    "TravellingPartner": _("travelling partner"),
    "Transporter": _("transporter"),
    "RecruiterOrIntermediary": _("recruiter or intermediary"),
    "BrokerTravelAgent": _("broker or travel agent"),
    "TransferredIndividual": _("person who transferred them"),
    "HarbouredIndividual": _("person who harboured them"),
    "SoldIndividual": _("person who sold them"),
    "BoughtIndividual": _("person who bought them"),
    "ReceivedIndividual": _("person who received them"),
    "ControlledIndividual": _("person who controlled them"),
    "Smuggler": _("smuggler"),
    "Abuser": _("abuser"),
    "Kidnapper": _("kidnapper"),
    "Exploiter": _("exploiter"),
    "Other": _("other"),
}
MINIMUM_PURPOSES = ("SexualExploitation", "ForcedLabour", "Servitude", "Slavery", "OrganRemoval")
ARRANGING_ROLES = frozenset(
    {"Smuggler", "Transporter", "BrokerTravelAgent", "RecruiterOrIntermediary", "TravellingPartner"}
)


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a legal test: its status and the facts that show it."""

    name: str
    status: str  # yes | no | unknown
    facts: tuple[str, ...]
    source: str
    verified: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "element": self.name,
            "status": self.status,
            "facts": list(self.facts),
            "source": self.source,
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class Conclusion:
    """One label that applies, with the elements behind it."""

    label: str
    title: str
    elements: tuple[Element, ...]
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def rests_on_unverified(self) -> bool:
        return any(not e.verified for e in self.elements if e.status == "yes")

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "details": dict(self.details),
            "rests_on_unverified_data": self.rests_on_unverified,
            "elements": [element.as_dict() for element in self.elements],
        }


@dataclass(frozen=True, slots=True)
class Question:
    fact: str
    question: str
    impact: int
    could_change: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "question": self.question,
            "impact": self.impact,
            "could_change": list(self.could_change),
        }


@dataclass(frozen=True, slots=True)
class Determination:
    """The screening result for one record."""

    record_id: str
    as_of: str
    rules_version: str
    labels: tuple[Conclusion, ...]
    questions: tuple[Question, ...]
    notes: tuple[str, ...]
    calculations: tuple[str, ...]
    derived_indicators: tuple[str, ...]
    ilo_forced_labour_indicators: tuple[str, ...]
    dimensions: Mapping[str, str]
    formal_decision: Mapping[str, Any] | None
    switches: Mapping[str, Any]

    @property
    def label_ids(self) -> tuple[str, ...]:
        return tuple(conclusion.label for conclusion in self.labels)

    def label(self, ident: str) -> Conclusion | None:
        for conclusion in self.labels:
            if conclusion.label == ident:
                return conclusion
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "as_of": self.as_of,
            "rules_version": self.rules_version,
            "labels": [conclusion.as_dict() for conclusion in self.labels],
            "questions": [question.as_dict() for question in self.questions],
            "notes": list(self.notes),
            "calculations": list(self.calculations),
            "derived_indicators": list(self.derived_indicators),
            "ilo_forced_labour_indicators": list(self.ilo_forced_labour_indicators),
            "ilo_ec_dimensions": dict(self.dimensions),
            "formal_decision": dict(self.formal_decision) if self.formal_decision else None,
            "switches": dict(self.switches),
            "disclaimer": DISCLAIMER,
            "messages": self.messages(),
        }

    def messages(self) -> dict[str, Any]:
        """English text -> {msgid, params} for each composed sentence of this result, so a
        stored result can be shown in another language (`needsfirst.i18n.Text.from_json`)."""
        out: dict[str, Any] = {}
        for conclusion in self.labels:
            _messages(conclusion.title, out)
            _messages(conclusion.details, out)
            for element in conclusion.elements:
                _messages(element.name, out)
                _messages(element.facts, out)
        _messages([question.question for question in self.questions], out)
        _messages((self.notes, self.calculations, self.derived_indicators), out)
        return out


def answer_of(raw: object) -> Tri:
    """yes -> True, no -> False, unknown or missing -> None."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return ANSWERS[raw]
    if isinstance(raw, Mapping):
        return ANSWERS[raw["answer"]]
    raise ValueError(f"not an answer: {raw!r}")


def _status(value: Tri) -> str:
    return "yes" if value is True else "no" if value is False else "unknown"


def _dec(raw: object) -> Decimal:
    return Decimal(str(raw))


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal('0.01'))} {currency}"


def _label(labels: Mapping[str, str], code: object) -> Text | str:
    """The marked English word of an enum value (the raw code if it has none)."""
    key = str(code)
    return Text(labels[key]) if key in labels else key


def _rate(amount: Decimal, currency: str, period: str) -> Text:
    """An amount per hour, day, week or month, as one translatable phrase."""
    return text(RATE[period], amount=_money(amount, currency))


def _messages(items: Any, out: dict[str, Any]) -> None:
    """Collect the message id and parameters of every `Text` with parameters in `items`."""
    if isinstance(items, Text):
        if items.params or items.plural is not None:
            out.setdefault(str(items), items.as_json())
    elif isinstance(items, Mapping):
        for value in items.values():
            _messages(value, out)
    elif isinstance(items, (list, tuple)):
        for value in items:
            _messages(value, out)


def _weekly_rest(days: Decimal, hours: Decimal, minimum: object, cite: str) -> Text:
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


def _indicator_fact(ident: str, label: str) -> Text:
    return text(_("%(indicator)s: %(label)s"), indicator=ident, label=Text(label))


def _rule_note(summary: str, source: str) -> Text:
    return text(_("%(rule)s (%(source)s)"), rule=Text(summary), source=source)


def screen(
    record: Mapping[str, Any],
    *,
    law: LawLookup | None = None,
    switches: Switches | None = None,
    validate: bool = True,
) -> Determination:
    """Screen one record. Raises ScreeningInputError when the record is invalid.

    `law` supplies minimum wages and working-time limits (default: `needsfirst.wages`);
    `switches` chooses a reading of the open questions in the ILO/EC 2009 rule.
    """
    if validate:
        validate_record(record)
    rules = load_rules()
    return _Screening(
        record, rules, law or DEFAULT_LOOKUP, switches or rules.default_switches
    ).run()


class _Screening:
    """The work of one screening; short-lived, one per record."""

    def __init__(
        self, record: Mapping[str, Any], rules: Rules, law: LawLookup, switches: Switches
    ) -> None:
        self.record = record
        self.rules = rules
        self.law = law
        self.switches = switches
        self.as_of = date.fromisoformat(record["as_of"])
        self.jurisdiction: str = record["jurisdiction"]
        self.person: Mapping[str, Any] = record.get("person") or {}
        self.movement: Mapping[str, Any] = record.get("movement") or {}
        self.work: Mapping[str, Any] = record.get("work") or {}
        self.own_view: Mapping[str, Any] = record.get("own_view") or {}
        self.notes: list[str] = []
        self.calculations: list[str] = []  # each a Text (str) with its message id
        # indicator id -> reasons it is "yes" by derivation from other facts
        self.derived: dict[str, list[str]] = {}
        self.objective: dict[str, Tri] = {}
        self.objective_facts: dict[str, list[str]] = {}

    # ----------------------------------------------------------------- indicators
    def _derive(self, indicator: str, reason: str) -> None:
        self.derived.setdefault(indicator, []).append(reason)

    def _indicator_answers(self) -> tuple[dict[str, Tri], dict[str, str]]:
        answers: dict[str, Tri] = {}
        evidence: dict[str, str] = {}
        for ident, raw in (self.record.get("indicators") or {}).items():
            answers[ident] = answer_of(raw)
            if isinstance(raw, Mapping) and raw.get("note"):
                evidence[ident] = str(raw["note"])
        for code in self.record.get("methods_of_control") or ():
            for ident in self.rules.methods_of_control.get(code, ()):
                self._derive(ident, text(_("HTCDS method of control: %(method)s"), method=code))
        for ident, reasons in self.derived.items():
            if answers.get(ident) is False:
                self.notes.append(
                    text(
                        _(
                            "The answer 'no' to an indicator is overridden by recorded facts: "
                            "%(indicator)s (%(reasons)s)"
                        ),
                        indicator=ident,
                        reasons=joined(reasons, "; "),
                    )
                )
            answers[ident] = True
        return answers, evidence

    # ----------------------------------------------------------------- age
    def _child(self) -> tuple[Tri, list[str]]:
        """Was the person under 18 at some stage of the acts? (Art. 3(c)-(d))."""
        majority = self.rules.age_of_majority
        facts: list[str] = []
        stages: list[Tri] = []
        for key, sentence in (
            ("child_at_recruitment", _("under 18 at recruitment: %(answer)s")),
            ("child_at_exploitation", _("under 18 during exploitation: %(answer)s")),
        ):
            value = answer_of(self.person.get(key))
            if value is not None:
                stages.append(value)
                facts.append(text(sentence, answer=_label(STATUS_LABELS, _status(value))))
        if "age_when_trafficked" in self.person:
            young = self.person["age_when_trafficked"] < majority
            stages.append(young)
            facts.append(
                text(_("age when trafficked: %(age)s"), age=self.person["age_when_trafficked"])
            )
        age: int | None = self.person.get("age")
        dates = self.record.get("dates") or {}
        first_stage = min(dates.values()) if dates else None
        if "birthdate" in self.person:
            birth = date.fromisoformat(self.person["birthdate"])
            age = (
                self.as_of.year
                - birth.year
                - ((self.as_of.month, self.as_of.day) < (birth.month, birth.day))
            )
            if first_stage is not None:
                at = date.fromisoformat(first_stage)
                years = at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))
                stages.append(years < majority)
                facts.append(text(_("age at %(date)s: %(age)s"), date=first_stage, age=years))
        if age is not None:
            facts.append(
                text(
                    _("age on the screening date, %(date)s: %(age)s"),
                    date=self.as_of.isoformat(),
                    age=age,
                )
            )
            if age < majority:
                stages.append(True)
            elif first_stage is not None and "birthdate" not in self.person:
                at = date.fromisoformat(first_stage)
                # the youngest the person can have been on that day
                youngest = age - (self.as_of.year - at.year) - 1
                if youngest >= majority:
                    stages.append(False)
        if any(value is True for value in stages):
            return True, facts
        if stages and all(value is False for value in stages):
            return False, facts
        return None, facts

    # ----------------------------------------------------------------- work facts
    def _work_tests(self) -> None:
        work = self.work
        tests = self.objective
        say = self.calculations.append
        paid = work.get("wage_paid")
        promised = work.get("wage_promised")
        hours_day = _dec(work["hours_per_day"]) if "hours_per_day" in work else None
        days_week = _dec(work["days_per_week"]) if "days_per_week" in work else None
        have_hours = hours_day is not None and days_week is not None and hours_day * days_week > 0
        on = self.as_of
        dates = self.record.get("dates") or {}
        if "exploitation_start" in dates:
            on = date.fromisoformat(dates["exploitation_start"])

        net: Decimal | None = None
        if paid is not None:
            net = _dec(paid["amount"])
            deductions = work.get("deductions")
            if deductions is not None:
                cut = _dec(deductions["amount"])
                say(
                    text(
                        _("Pay after deductions: %(pay)s - %(deductions)s = %(net_pay)s"),
                        pay=_money(net, paid["currency"]),
                        deductions=_money(cut, paid["currency"]),
                        net_pay=_rate(max(net - cut, Decimal(0)), paid["currency"], paid["period"]),
                    )
                )
                net = max(net - cut, Decimal(0))
        hourly: Decimal | None = None
        if net is not None and paid is not None and have_hours:
            assert hours_day is not None
            assert days_week is not None
            hourly = per_hour(net, paid["period"], hours_day, days_week)
            if paid["period"] != "hour":
                say(
                    text(
                        _(
                            "Pay per hour actually worked: %(pay)s / (%(hours)s h/day x "
                            "%(days)s days/week x 52/12 weeks) = %(hourly)s"
                        )
                        if paid["period"] == "month"
                        else _(
                            "Pay per hour actually worked: %(pay)s / (%(hours)s h/day x "
                            "%(days)s days/week) = %(hourly)s"
                        ),
                        pay=_rate(net, paid["currency"], paid["period"]),
                        hours=hours_day,
                        days=days_week,
                        hourly=_rate(hourly, paid["currency"], "hour"),
                    )
                )

        # unpaid or withheld wages
        withheld = answer_of(work.get("wages_withheld"))
        if net is not None and net == 0:
            withheld = True
            say(_("Pay received is zero."))
        tests["unpaid_wages"] = withheld
        if withheld:
            self.objective_facts["unpaid_wages"] = [_("wages unpaid or withheld")]

        # pay against the legal minimum
        tests["below_minimum_wage"] = None
        tests["far_below_minimum_wage"] = None
        if paid is not None:
            sector = work.get("sector", "general")
            minimum = self.law.minimum_wage(self.jurisdiction, on, sector)
            if minimum is None:
                self.notes.append(
                    text(
                        _(
                            "No legal minimum wage is known for %(jurisdiction)s (%(sector)s) "
                            "on %(date)s; pay was not compared with a minimum."
                        ),
                        jurisdiction=self.jurisdiction,
                        sector=sector_label(sector),
                        date=on.isoformat(),
                    )
                )
            elif minimum.currency != paid["currency"]:
                self.notes.append(
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
            else:
                self._compare_minimum(minimum, net, hourly, paid, hours_day, days_week)

        # pay against the promise
        tests["below_promise"] = None
        if paid is not None and promised is not None and net is not None:
            if promised["currency"] != paid["currency"]:
                self.notes.append(_("Promised and paid wages are in different currencies."))
            elif promised["period"] == paid["period"]:
                promise = _dec(promised["amount"])
                below = net < promise
                tests["below_promise"] = below
                if promise > 0:
                    say(
                        text(
                            _("Paid against promised: %(paid)s / %(promised)s = %(share)s%%"),
                            paid=_money(net, paid["currency"]),
                            promised=_rate(promise, paid["currency"], paid["period"]),
                            share=(net / promise * 100).quantize(Decimal("1")),
                        )
                    )
            elif have_hours and hourly is not None:
                assert hours_day is not None
                assert days_week is not None
                promise_hourly = per_hour(
                    _dec(promised["amount"]), promised["period"], hours_day, days_week
                )
                tests["below_promise"] = hourly < promise_hourly
                say(
                    text(
                        _("Promised pay per hour actually worked: %(promised)s; paid %(paid)s"),
                        promised=_money(promise_hourly, paid["currency"]),
                        paid=_money(hourly, paid["currency"]),
                    )
                )
            if tests["below_promise"]:
                self.objective_facts["below_promise"] = [_("paid less than promised")]

        # hours and rest against the legal limits
        tests["excessive_hours"] = None
        tests["missing_rest"] = None
        if have_hours or "weekly_rest_days" in work:
            limits = self.law.working_time_limits(self.jurisdiction, on)
            if limits is None:
                self.notes.append(
                    text(
                        _(
                            "No working-time limits are known for %(jurisdiction)s; hours were "
                            "not compared with a limit."
                        ),
                        jurisdiction=self.jurisdiction,
                    )
                )
            else:
                cite = limits.source.cite()
                if have_hours:
                    assert hours_day is not None
                    assert days_week is not None
                    weekly = hours_day * days_week
                    tests["excessive_hours"] = weekly > limits.max_hours_per_week
                    say(
                        text(
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
                    )
                    if tests["excessive_hours"]:
                        self.objective_facts["excessive_hours"] = [
                            text(
                                _("%(hours)s h/week > %(maximum)s"),
                                hours=weekly,
                                maximum=limits.max_hours_per_week,
                            )
                        ]
                rest_days = work.get("weekly_rest_days")
                if rest_days is None and days_week is not None:
                    rest_days = 7 - days_week
                if rest_days is not None:
                    rest_hours = _dec(rest_days) * 24
                    tests["missing_rest"] = rest_hours < limits.min_weekly_rest_hours
                    say(
                        _weekly_rest(
                            _dec(rest_days), rest_hours, limits.min_weekly_rest_hours, cite
                        )
                    )
                    if tests["missing_rest"]:
                        self.objective_facts["missing_rest"] = [
                            text(
                                _("%(hours)s h < %(minimum)s h"),
                                hours=rest_hours,
                                minimum=limits.min_weekly_rest_hours,
                            )
                        ]

        # documents, debt, fees
        holder = work.get("documents_held_by")
        tests["document_retention"] = (
            None if holder in (None, "unknown") else holder in ("employer", "recruiter", "other")
        )
        if tests["document_retention"]:
            self.objective_facts["document_retention"] = [
                text(_("identity documents held by: %(holder)s"), holder=_label(HOLDERS, holder))
            ]
        debt = work.get("debt") or {}
        tied = answer_of(debt.get("tied_to_work"))
        owed_to = debt.get("owed_to")
        if tied is None and owed_to in ("employer", "recruiter", "smuggler"):
            amount = debt.get("amount")
            if amount is not None and _dec(amount["amount"]) > 0:
                tied = None  # owed to the employer, but whether it binds the person is a question
        tests["debt_bondage"] = tied
        if tied:
            fact: str = Text(_("debt that ties the person to the work"))
            if debt.get("amount"):
                fact = text(
                    _("debt that ties the person to the work: %(amount)s"),
                    amount=_money(_dec(debt["amount"]["amount"]), debt["amount"]["currency"]),
                )
            self.objective_facts["debt_bondage"] = [fact]
        fees = work.get("recruitment_fees")
        tests["recruitment_fees"] = None if fees is None else _dec(fees["amount"]) > 0
        if tests["recruitment_fees"]:
            assert fees is not None
            self.objective_facts["recruitment_fees"] = [
                text(
                    _("recruitment fees paid: %(amount)s"),
                    amount=_money(_dec(fees["amount"]), fees["currency"]),
                )
            ]

        for test, value in tests.items():
            if value:
                for ident in self.rules.objective[test][1]:
                    self._derive(ident, Text(self.rules.objective[test][0]))

    def _compare_minimum(
        self,
        minimum: Any,
        net: Decimal | None,
        hourly: Decimal | None,
        paid: Mapping[str, Any],
        hours_day: Decimal | None,
        days_week: Decimal | None,
    ) -> None:
        say = self.calculations.append
        cite = minimum.source.cite()
        currency = paid["currency"]
        floor: Decimal | None = None
        mine: Decimal | None = None
        period = "hour"
        if hourly is not None:
            try:
                floor = minimum.hourly()
            except (ValueError, AttributeError):
                floor = minimum.amount if minimum.period == "hour" else None
            mine = hourly
        if floor is None and net is not None and paid["period"] == str(minimum.period):
            floor, mine, period = minimum.amount, net, paid["period"]
        if floor is None or mine is None:
            self.notes.append(
                _(
                    "Pay could not be compared with the minimum: "
                    "record hours per day and days per week."
                )
            )
            return
        below = mine < floor
        self.objective["below_minimum_wage"] = below
        far = mine < floor * self.rules.far_below_ratio
        self.objective["far_below_minimum_wage"] = far
        share = (mine / floor * 100).quantize(Decimal("1")) if floor > 0 else Decimal(0)
        say(
            text(
                _(
                    "Legal minimum: %(minimum)s (%(source)s, in force from %(date)s); "
                    "paid %(paid)s = %(share)s%% of the minimum"
                ),
                minimum=_rate(floor, currency, period),
                source=cite,
                date=minimum.effective_from.isoformat(),
                paid=_rate(mine, currency, period),
                share=share,
            )
        )
        if below:
            self.objective_facts["below_minimum_wage"] = [
                text(
                    _("%(paid)s < %(minimum)s (%(source)s)"),
                    paid=_money(mine, currency),
                    minimum=_rate(floor, currency, period),
                    source=cite,
                )
            ]
        if far:
            self.objective_facts["far_below_minimum_wage"] = [_("less than half the minimum")]

    # ----------------------------------------------------------------- Delphi
    def _dimension(
        self, set_name: str, dim: str, answers: Mapping[str, Tri]
    ) -> tuple[Tri, list[str]]:
        yes = [0, 0, 0]
        maybe = [0, 0, 0]
        shown: list[str] = []  # "<indicator id> (<strength>)", each a Text
        order = {"strong": 0, "medium": 1, "weak": 2}
        for ident in self.rules.dimension_indicators[dim]:
            indicator = self.rules.indicators[ident]
            strength = indicator.strengths.get(set_name)
            if strength is None:
                continue
            if set_name in indicator.disputed and self.switches.d3_disputed_strength != strength:
                strength = indicator.disputed[set_name]
            value = answers.get(ident)
            if value is True:
                yes[order[strength]] += 1
                maybe[order[strength]] += 1
                shown.append(text(STRENGTHS[strength], indicator=ident))
            elif value is None:
                maybe[order[strength]] += 1
        clauses = self.rules.clauses

        def met(counts: list[int]) -> bool:
            return any(counts[0] >= s and counts[1] >= m and counts[2] >= w for s, m, w in clauses)

        if met(yes):
            return True, shown
        return (None if met(maybe) else False), shown

    # ----------------------------------------------------------------- run
    def run(self) -> Determination:
        rules = self.rules
        self._work_tests()
        answers, evidence = self._indicator_answers()
        child, child_facts = self._child()

        # ILO/EC 2009 dimensions, adult and child labour sets
        adult_dims: dict[str, tuple[Tri, list[str]]] = {
            dim: self._dimension("adult_labour", dim, answers) for dim in DIMENSIONS
        }
        child_dims: dict[str, tuple[Tri, list[str]]] = {
            dim: self._dimension("child_labour", dim, answers) for dim in DIMENSIONS
        }

        # Protocol elements
        acts_raw = self.record.get("acts") or {}
        act_values: list[Tri] = []
        act_facts: list[str] = []
        for ident, raw in acts_raw.items():
            value = answer_of(raw)
            act_values.append(value)
            if value:
                by = raw.get("by") if isinstance(raw, Mapping) else None
                act_facts.append(
                    text(
                        _("%(act)s (by %(roles)s)"),
                        act=Text(rules.acts[ident]),
                        roles=joined([_label(ROLES, role) for role in by]),
                    )
                    if by
                    else Text(rules.acts[ident])
                )
        for ident, value in answers.items():
            if value and ident in rules.indicators:
                indicator = rules.indicators[ident]
                implied = indicator.implies_act or rules.dimensions[indicator.dimension].implies_act
                if implied:
                    act_facts.append(
                        text(
                            _("%(act)s (shown by indicator %(indicator)s)"),
                            act=Text(rules.acts[implied]),
                            indicator=ident,
                        )
                    )
        act: Tri
        if act_facts:
            act = True
        elif len(act_values) == len(rules.acts) and all(v is False for v in act_values):
            act = False
        else:
            act = None

        means_facts: list[str] = []
        kinds: set[str] = set()  # means used to recruit (or of unknown phase)
        destination_kinds: set[str] = set()  # means used to hold the person at destination
        means_values: list[Tri] = []
        for ident, raw in (self.record.get("means") or {}).items():
            value = answer_of(raw)
            means_values.append(value)
            if value:
                means_facts.append(Text(rules.means[ident][0]))
                kinds.add(rules.means[ident][1])
        for ident, value in answers.items():
            if value and ident in rules.indicators:
                for item in rules.indicators[ident].means:
                    means_facts.append(
                        text(
                            _("%(means)s (indicator %(indicator)s)"),
                            means=Text(rules.means[item][0]),
                            indicator=ident,
                        )
                    )
                    if rules.indicators[ident].dimension in ("D1", "D2", "D3"):
                        kinds.add(rules.means[item][1])
                    else:
                        destination_kinds.add(rules.means[item][1])
        for dim in ("D3", "D6"):
            if adult_dims[dim][0] is True:
                item = rules.dimensions[dim].means_when_positive
                means_facts.append(
                    text(
                        _("%(means)s (ILO/EC dimension %(dimension)s)"),
                        means=Text(rules.means[item][0]),
                        dimension=dim,
                    )
                )
                (kinds if dim == "D3" else destination_kinds).add(rules.means[item][1])
        means: Tri
        if means_facts:
            means = True
        elif len(means_values) == len(rules.means) and all(v is False for v in means_values):
            means = False
        else:
            means = None

        # ILO forced labour: involuntariness and menace of penalty, both required
        invol_facts: list[str] = []
        menace_facts: list[str] = []
        menace_roles_all_no = True
        for ident, indicator in rules.indicators.items():
            role = indicator.forced_labour
            if not role:
                continue
            value = answers.get(ident)
            if value and role in ("involuntariness", "both"):
                invol_facts.append(_indicator_fact(ident, indicator.label))
            if role in ("menace", "both"):
                if value:
                    menace_facts.append(_indicator_fact(ident, indicator.label))
                if value is not False:
                    menace_roles_all_no = False
        agreed = answer_of(self.own_view.get("agreed_to_conditions"))
        free = answer_of(self.own_view.get("free_to_leave"))
        if agreed is False:
            invol_facts.append(_("the person did not agree to the work or its conditions"))
        if free is False:
            invol_facts.append(_("the person could not leave the employer"))
        involuntariness: Tri = (
            True if invol_facts else (False if agreed is True and free is True else None)
        )
        menace: Tri = (
            True
            if menace_facts
            else (
                False
                if menace_roles_all_no
                and self.work.get("documents_held_by") == "self"
                and answer_of(self.work.get("wages_withheld")) is False
                else None
            )
        )
        forced_labour = and3((involuntariness, menace))

        # purposes (open list); forced labour found is the purpose shown by the facts
        purpose_facts: list[str] = []
        purpose_ids: list[str] = []
        purposes_raw = self.record.get("purposes") or {}
        purpose_values: dict[str, Tri] = {}
        for ident, raw in purposes_raw.items():
            value = answer_of(raw)
            purpose_values[ident] = value
            if value:
                purpose_facts.append(Text(rules.purposes[ident]))
                purpose_ids.append(ident)
        if forced_labour is True and "ForcedLabour" not in purpose_ids:
            purpose_facts.append(
                text(
                    _("%(purpose)s (forced labour found below)"),
                    purpose=Text(rules.purposes["ForcedLabour"]),
                )
            )
            purpose_ids.append("ForcedLabour")
        purpose: Tri
        if purpose_facts:
            purpose = True
        elif all(purpose_values.get(p) is False for p in MINIMUM_PURPOSES) and all(
            v is False for v in purpose_values.values()
        ):
            purpose = False
        else:
            purpose = None

        # objective exploitation
        exploitation = or3(self.objective.values())

        # smuggling
        mv = self.movement
        border = answer_of(mv.get("crossed_border"))
        entry = mv.get("entry")
        irregular: Tri = True if entry == "irregular" else False if entry == "regular" else None
        if irregular and border is None:
            border = True
        procured = answer_of(mv.get("entry_procured_by_another"))
        arrangers = set(mv.get("arranged_by") or ())
        if procured is None and arrangers & ARRANGING_ROLES:
            procured = True
        if procured is None and mv.get("paid_by") == "smuggler":
            procured = True
        destination = mv.get("destination_country", self.jurisdiction)
        citizenship = self.person.get("citizenship")
        residence = self.person.get("permanent_resident_of") or []
        not_national: Tri = (
            None
            if citizenship is None
            else destination not in citizenship and destination not in residence
        )
        benefit = answer_of(mv.get("benefit_to_facilitator"))
        paid_amount = mv.get("amount_paid")
        if (
            benefit is None
            and paid_amount is not None
            and _dec(paid_amount["amount"]) > 0
            and procured
        ):
            benefit = True
        danger = answer_of(mv.get("danger_to_life_or_safety"))
        inhuman = answer_of(mv.get("inhuman_or_degrading_treatment"))
        migrant: Tri = (
            True
            if border is True or (citizenship is not None and self.jurisdiction not in citizenship)
            # here border is not True, so a known citizenship of the jurisdiction rules it out
            else (False if citizenship is not None else None)
        )

        vulnerable = bool(self.person.get("vulnerabilities")) or any(
            value and ident in rules.indicators and rules.indicators[ident].vulnerability
            for ident, value in answers.items()
        )
        signal = any(
            value
            and (
                ident in rules.unodc
                or not (
                    rules.indicators[ident].vulnerability
                    or rules.indicators[ident].dimension == "D4"
                )
            )
            for ident, value in answers.items()
        )

        values: dict[str, Tri] = {
            "child": child,
            "act": act,
            "means": means,
            "purpose": purpose,
            "involuntariness": involuntariness,
            "menace": menace,
            "exploitation": exploitation,
            "border": border,
            "irregular_entry": irregular,
            "procured": procured,
            "not_national": not_national,
            "benefit": benefit,
            "danger": danger,
            "inhuman": inhuman,
        }
        for dim in DIMENSIONS:
            values[dim] = adult_dims[dim][0]
            values["C" + dim[1]] = child_dims[dim][0]
        state = tuple(values[key] for key in KEYS)
        needs_recruitment = self.switches.child_requires_recruitment_dimension
        levels = combine(state, signal, vulnerable, needs_recruitment)
        t_level, f_level, e_level, m_level, trafficking, protocol, delphi, _smuggled = levels

        labels: list[Conclusion] = []
        source = rules.protocol_source

        def el(
            name: str, value: Tri, facts: list[str], src: Source, provision: str = ""
        ) -> Element:
            cite = (
                f"{src.instrument}, {provision or src.provision}"
                if provision or src.provision
                else src.instrument
            )
            return Element(name, _status(value), tuple(facts), cite, src.verified)

        protocol_elements = [
            el(
                _("act (recruitment, transportation, transfer, harbouring or receipt)"),
                act,
                act_facts,
                source,
                "Art. 3(a)",
            ),
            el(_("means"), means, means_facts, source, "Art. 3(a)"),
            el(
                _("purpose of exploitation (open list)"),
                purpose,
                purpose_facts,
                source,
                "Art. 3(a)",
            ),
            el(
                _("person under 18 (means not required)"),
                child,
                child_facts,
                source,
                "Art. 3(c)-(d)",
            ),
        ]
        delphi_elements: list[Element] = []
        for dim in DIMENSIONS:
            dim_value, shown = adult_dims[dim]
            child_value, child_shown = child_dims[dim]
            facts: list[str] = [
                text(
                    _("%(label)s [%(indicator)s]: %(note)s"),
                    label=Text(rules.indicators[s.split(" ")[0]].label),
                    indicator=s,
                    note=evidence[s.split(" ")[0]],
                )
                if s.split(" ")[0] in evidence
                else text(
                    _("%(label)s [%(indicator)s]"),
                    label=Text(rules.indicators[s.split(" ")[0]].label),
                    indicator=s,
                )
                for s in shown
            ]
            if child and child_value is True and dim_value is not True:
                facts += [text(_("child set: %(indicator)s"), indicator=s) for s in child_shown]
                dim_value = True
            delphi_elements.append(
                Element(
                    text(
                        _("%(dimension)s %(name)s"),
                        dimension=dim,
                        name=Text(rules.dimensions[dim].name),
                    ),
                    _status(dim_value),
                    tuple(facts),
                    f"{rules.delphi_source.instrument}, {rules.delphi_step1_source.provision}",
                    False,
                )
            )

        if t_level == 3:
            recruitment = sorted(
                kinds
                | {
                    rules.dimensions[d].recruitment_type
                    for d in ("D1", "D2", "D3")
                    if values[d] is True or (child and values["C" + d[1]] is True)
                }
            )
            category = _label(
                CATEGORIES, "child" if child else ("adult" if child is False else "age unknown")
            )
            elements: list[Element] = []
            if protocol is True:
                # for a child the means element is not needed (Art. 3(c)), so it is left out
                skip_means = bool(child) and means is not True
                elements = [
                    e for e in protocol_elements if not (skip_means and e is protocol_elements[1])
                ]
            if delphi is True:
                elements += delphi_elements
                elements.append(
                    Element(
                        text(_("ILO/EC 2009 combination rule (%(category)s)"), category=category),
                        "yes",
                        (),
                        (rules.delphi_child_source if child else rules.delphi_adult_source).cite(),
                        False,
                    )
                )
            labels.append(
                Conclusion(
                    "presumed_trafficking_victim",
                    _("Presumed victim of trafficking in persons"),
                    tuple(elements),
                    {
                        "category": category,
                        "recruitment": recruitment,
                        "means_at_destination": sorted(destination_kinds),
                        "purposes": sorted(set(purpose_ids)) or [Text(_("labour exploitation"))],
                        "basis": [
                            Text(b)
                            for b, v in (
                                (_("Trafficking Protocol Art. 3"), protocol),
                                (_("ILO/EC 2009 indicators"), delphi),
                            )
                            if v is True
                        ],
                    },
                )
            )
        elif t_level == 2:
            labels.append(
                Conclusion(
                    "possible_trafficking_victim",
                    _(
                        "Possible victim of trafficking: "
                        "indicators present, elements not all established"
                    ),
                    tuple(protocol_elements)
                    + tuple(e for e in delphi_elements if e.status == "yes"),
                )
            )
        if f_level == 2:
            labels.append(
                Conclusion(
                    "forced_labour_victim",
                    _("Victim of forced labour"),
                    (
                        el(
                            _("involuntariness"),
                            involuntariness,
                            invol_facts,
                            rules.forced_labour_source,
                        ),
                        el(
                            _("menace of penalty"), menace, menace_facts, rules.forced_labour_source
                        ),
                        el(_("definition"), True, [], rules.forced_labour_convention),
                    ),
                )
            )
        if e_level == 2 and t_level != 3:
            facts = [f for test in self.objective_facts for f in self.objective_facts[test]]
            if values["D4"] is True:
                facts += [
                    text(
                        _("ILO/EC dimension D4 positive: %(indicators)s"),
                        indicators=joined(adult_dims["D4"][1]),
                    )
                ]
            labels.append(
                Conclusion(
                    "exploited_migrant" if migrant is not False else "exploited_worker",
                    _("Exploited migrant, not (or not yet shown to be) trafficked")
                    if migrant is not False
                    else _("Exploited worker, not (or not yet shown to be) trafficked"),
                    (
                        el(_("objective exploitation"), True, facts, rules.objective_source),
                        el(_("migrant"), migrant, [], rules.objective_source),
                    ),
                    {"tests": sorted(t for t, v in self.objective.items() if v)},
                )
            )
        if m_level >= 2:
            smuggling_elements = [
                el(
                    rules.smuggling_elements["illegal_entry"][0],
                    irregular,
                    [],
                    rules.smuggling_elements["illegal_entry"][1],
                ),
                el(
                    rules.smuggling_elements["not_national_or_resident"][0],
                    not_national,
                    [text(_("destination: %(country)s"), country=destination)],
                    rules.smuggling_elements["not_national_or_resident"][1],
                ),
                el(
                    rules.smuggling_elements["material_benefit"][0],
                    benefit,
                    [],
                    rules.smuggling_elements["material_benefit"][1],
                ),
            ]
            if m_level == 3:
                for key, value in (
                    ("danger_to_life_or_safety", danger),
                    ("inhuman_or_degrading_treatment", inhuman),
                ):
                    if value:
                        summary, src = rules.smuggling_aggravating[key]
                        smuggling_elements.append(el(summary, True, [], src))
                labels.append(
                    Conclusion(
                        "smuggled_migrant_aggravated",
                        _("Smuggled migrant, with aggravating circumstances"),
                        tuple(smuggling_elements),
                    )
                )
            else:
                labels.append(
                    Conclusion("smuggled_migrant", _("Smuggled migrant"), tuple(smuggling_elements))
                )
        if t_level == 1:
            reasons: list[str] = [f"{i}" for i, v in answers.items() if v]
            reasons += [
                text(_("vulnerability: %(vulnerability)s"), vulnerability=v)
                for v in self.person.get("vulnerabilities") or ()
            ]
            labels.append(
                Conclusion(
                    "at_risk",
                    _(
                        "At risk: vulnerability or isolated indicators, "
                        "no element of trafficking shown"
                    ),
                    (el(_("indicators or vulnerabilities"), True, reasons, rules.unodc_source),),
                )
            )
        if not labels:
            # nothing fired: "no indicators" only when the trafficking test is ruled out
            ruled_out = trafficking is False
            labels.append(
                Conclusion(
                    "no_indicators_found" if ruled_out else "insufficient_information",
                    _("No indicators found in the facts recorded")
                    if ruled_out
                    else _("Insufficient information to reach a screening conclusion"),
                    (),
                )
            )

        self._explain_law(values, agreed, means)
        questions = self._questions(state, signal, vulnerable, needs_recruitment, answers)
        ilo11 = sorted(
            {
                rules.ilo11[rules.indicators[i].ilo11]
                for i, v in answers.items()
                if v and i in rules.indicators and rules.indicators[i].ilo11
            }
        )
        dims = {dim: _status(values[dim]) for dim in DIMENSIONS}
        formal = self._formal(t_level)
        return Determination(
            record_id=str(self.record.get("record_id", "")),
            as_of=self.record["as_of"],
            rules_version=rules.version,
            labels=tuple(labels),
            questions=questions,
            notes=tuple(self.notes),
            calculations=tuple(self.calculations),
            derived_indicators=tuple(
                text(
                    _("%(indicator)s: %(reasons)s"), indicator=ident, reasons=joined(reasons, "; ")
                )
                for ident, reasons in sorted(self.derived.items())
            ),
            ilo_forced_labour_indicators=tuple(ilo11),
            dimensions=dims,
            formal_decision=formal,
            switches={
                "child_requires_recruitment_dimension": (
                    self.switches.child_requires_recruitment_dimension
                ),
                "d3_disputed_strength": self.switches.d3_disputed_strength,
            },
        )

    # ----------------------------------------------------------------- notes
    def _explain_law(self, values: Mapping[str, Tri], agreed: Tri, means: Tri) -> None:
        rules = self.rules
        trafficking_in_view = any(values[k] is True for k in ("act", "means", "purpose")) or any(
            values[d] is True for d in DIMENSIONS
        )
        if values["border"] is False or (trafficking_in_view and values["border"] is None):
            summary, src = rules.not_required["border_crossing"]
            self.notes.append(_rule_note(summary, src.cite()))
        if answer_of(self.movement.get("organised_criminal_group")) is not True and (
            "organised_criminal_group" in self.movement or trafficking_in_view
        ):
            summary, src = rules.not_required["organised_criminal_group"]
            self.notes.append(_rule_note(summary, src.cite()))
        if agreed is True and means is True:
            provision, summary = rules.protocol_rules["consent"]
            self.notes.append(
                text(
                    _("The person says they agreed to the conditions. %(rule)s (%(source)s)"),
                    rule=Text(summary),
                    source=f"{rules.protocol_source.instrument}, {provision}",
                )
            )
        if agreed is True and any(self.objective.values()):
            self.notes.append(
                _(
                    "Agreement does not cancel an objective finding: a legal minimum wage and "
                    "working-time limits cannot be waived by contract."
                )
            )
        if values["child"] is True:
            provision, summary = rules.protocol_rules["child"]
            self.notes.append(
                _rule_note(summary, f"{rules.protocol_source.instrument}, {provision}")
            )
        purposes = self.record.get("purposes") or {}
        if answer_of(purposes.get("SexualExploitation")) is True:
            self.notes.append(
                _(
                    "The ILO/EC 2009 tables for sexual exploitation are not encoded (no verified "
                    "copy); trafficking for sexual exploitation is screened through the Protocol's "
                    "elements and the UNODC indicators."
                )
            )

    def _questions(
        self,
        state: tuple[Tri, ...],
        signal: bool,
        vulnerable: bool,
        needs_recruitment: bool,
        answers: Mapping[str, Tri],
    ) -> tuple[Question, ...]:
        ranked = rank_unknowns(state, signal, vulnerable, needs_recruitment)
        questions: list[Question] = []
        for key, impact, families in ranked:
            question: str = Text(QUESTIONS[key])
            if key in DIMENSIONS:
                open_items = [
                    Text(self.rules.indicators[i].label)
                    for i in self.rules.dimension_indicators[key]
                    if answers.get(i) is None
                ]
                question = text(
                    _("%(question)s Not yet answered: %(items)s"),
                    question=question,
                    items=joined(open_items[:4], "; "),
                )
            questions.append(Question(key, question, impact, families))
        return tuple(questions)

    def _formal(self, t_level: int) -> Mapping[str, Any] | None:
        decision = self.record.get("formal_decision")
        if not decision:
            return None
        status = decision["status"]
        screening = {3: "ActualVictimOfTrafficking", 2: "PossibleVictimOfTrafficking"}.get(
            t_level, "NotAVictimOfTrafficking"
        )
        return {
            **decision,
            "screening_equivalent": screening,
            "differs": status != screening,
        }


QUESTIONS: dict[str, str] = {
    "child": _("How old was the person when first recruited, moved or received (under 18)?"),
    "act": _(
        "Was the person recruited, transported, transferred, harboured or received by someone?"
    ),
    "means": _(
        "Was the person deceived, threatened, forced, abducted, or was their vulnerability or "
        "someone's power over them used to get them to go or to stay?"
    ),
    "purpose": _(
        "What was the person made to do, or meant to do: forced work or services, sexual "
        "exploitation, servitude, slavery-like practices, organ removal, or other exploitation?"
    ),
    "D1": _("Was the person deceived at recruitment (about the job, pay, conditions, papers)?"),
    "D2": _("Was the person coerced at recruitment (violence, threats, debt, confiscated papers)?"),
    "D3": _("Was a vulnerability of the person abused at recruitment?"),
    "D4": _("What were the conditions of work (hours, pay, living conditions, hazards)?"),
    "D5": _(
        "Was the person coerced at the place of work "
        "(violence, threats, debt, papers, confinement)?"
    ),
    "D6": _("Was the person dependent on the exploiters at destination?"),
    "involuntariness": _(
        "Did the person agree to this work and these conditions, and could they leave?"
    ),
    "menace": _(
        "Was the person threatened with a penalty (violence, denunciation, lost wages, "
        "withheld papers, debt) to make them work or to stop them leaving?"
    ),
    "exploitation": _(
        "How much was the person paid, for how many hours and days, and were wages withheld?"
    ),
    "border": _("Did the person cross an international border?"),
    "irregular_entry": _(
        "Did the person enter the country without meeting its entry requirements?"
    ),
    "procured": _("Did someone else arrange the person's entry into the country?"),
    "not_national": _("Is the person a national or permanent resident of the destination country?"),
    "benefit": _("Did whoever arranged the entry receive money or another material benefit?"),
    "danger": _("Was the person's life or safety endangered during the journey?"),
    "inhuman": _("Was the person treated in an inhuman or degrading way during the journey?"),
}
assert set(QUESTIONS) >= {k for k in KEYS if not k.startswith("C")}
assert INDEX["child"] == 0
