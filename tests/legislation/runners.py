"""What each kind of legislation case checks: one runner per folder of tests/legislation.

A runner takes one case (already checked against the format) and a `record` callback for the
identification tally, and raises CaseMismatch with a readable message when the result differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from needsfirst.law import Source
from needsfirst.needs import (
    CooperationRecord,
    CooperationStatus,
    NeedsInputError,
    reflection_period_compute,
)
from needsfirst.nrm import (
    Deadline,
    NrmInputError,
    actions_allowed,
    appeal_by,
    category_after,
    deadline_for,
    mechanism_on,
)
from needsfirst.recruitment import (
    OfferInputError,
    RecruiterStatus,
    check_offer,
    offer_from_mapping,
)
from needsfirst.screening import ScreeningInputError, screen
from needsfirst.wages.claims import compute_claim
from needsfirst.wages.facts import claim_facts_from_mapping
from needsfirst.wages.rates import PayPeriod, per_hour
from tests.legislation.collector import CaseMismatch

Record = Callable[[dict[str, Any]], None]


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CaseMismatch(message)


# ------------------------------------------------------------------------------ identification

CASE_SOURCE = Source(instrument="legislation case", provision="assumed", verified=True)


@dataclass(frozen=True)
class CaseMinimum:
    amount: Decimal
    currency: str
    period: str
    effective_from: date = date(2000, 1, 1)
    source: Source = CASE_SOURCE
    standard_hours_per_day: Decimal = Decimal(8)
    standard_days_per_week: Decimal = Decimal(5)

    def hourly(self) -> Decimal:
        return per_hour(
            self.amount,
            PayPeriod(self.period),
            self.standard_hours_per_day,
            self.standard_days_per_week,
        )


@dataclass(frozen=True)
class CaseLimits:
    max_hours_per_week: Decimal
    min_weekly_rest_hours: Decimal
    source: Source = CASE_SOURCE


@dataclass
class CaseLaw:
    """The legal values a case assumes (`law:`), given to the engine instead of the tables."""

    minimum: CaseMinimum | None = None
    limits: CaseLimits | None = None
    asked: list[tuple[str, date, str]] = field(default_factory=list)

    def minimum_wage(self, jurisdiction: str, on: date, sector: str = "general") -> Any:
        self.asked.append((jurisdiction, on, sector))
        return self.minimum

    def working_time_limits(self, jurisdiction: str, on: date) -> Any:
        return self.limits


def law_for(raw: Mapping[str, Any] | None) -> CaseLaw:
    raw = raw or {}
    minimum = raw.get("minimum_wage")
    limits = raw.get("working_time")
    return CaseLaw(
        minimum=CaseMinimum(Decimal(str(minimum["amount"])), minimum["currency"], minimum["period"])
        if minimum
        else None,
        limits=CaseLimits(
            Decimal(str(limits["max_hours_per_week"])),
            Decimal(str(limits["min_weekly_rest_hours"])),
        )
        if limits
        else None,
    )


def _detail_matches(actual: Any, wanted: Any) -> bool:
    """A scalar equals the detail or is one of its items; a list is contained in it."""
    items = actual if isinstance(actual, (list, tuple, set, frozenset)) else [actual]
    if isinstance(wanted, list):
        return all(any(str(x) == str(w) for x in items) for w in wanted)
    return str(actual) == str(wanted) or any(str(x) == str(wanted) for x in items)


def _instrument_status(result: Any, key: str) -> Any:
    instruments = getattr(result, "instruments", None)
    check(instruments is not None, "the engine gives no instruments (Determination.instruments)")
    check(key in instruments, f"the engine gives no {key!r} instrument, only {sorted(instruments)}")
    entry = instruments[key]
    status = getattr(entry, "status", None)
    if status is None and isinstance(entry, Mapping):
        status = entry.get("status")
    return getattr(status, "value", status)


def run_identification(case: Mapping[str, Any], record: Record) -> None:
    expected = case["expected"]
    positives = list(expected.get("labels", ()))
    negatives = list(expected.get("absent", ()))
    facts = {"as_of": case["as_of"], **case["facts"]}
    try:
        result = screen(facts, law=law_for(case.get("law")))
    except ScreeningInputError as error:
        record({"labels": positives, "absent": negatives, "got": [], "refused": True})
        raise CaseMismatch(f"the engine refused the record: {error}") from error
    labels = set(result.label_ids)
    record({"labels": positives, "absent": negatives, "got": sorted(labels)})
    got = sorted(labels)
    for label in positives:
        check(label in labels, f"expected {label}, got {got}")
    for label in negatives:
        check(label not in labels, f"did not expect {label}, got {got}")
    _check_presumed(result, expected)
    _check_exploitation(result, expected)
    for label, wanted in (expected.get("details") or {}).items():
        conclusion = result.label(label)
        check(conclusion is not None, f"expected {label} (for its details), got {got}")
        for key, value in wanted.items():
            actual = conclusion.details.get(key)
            check(
                _detail_matches(actual, value),
                f"{label}: details.{key} is {actual!r}, expected {value!r}",
            )
    for key, status in (expected.get("instruments") or {}).items():
        actual = _instrument_status(result, key)
        check(actual == status, f"instrument {key}: status {actual!r}, expected {status!r}")
    _check_explanation(result, expected)


def _check_presumed(result: Any, expected: Mapping[str, Any]) -> None:
    presumed = result.label("presumed_trafficking_victim")
    keys = ("category", "recruitment", "means_at_destination", "purposes", "unverified")
    if not any(key in expected for key in keys):
        return
    check(presumed is not None, f"expected presumed_trafficking_victim, got {result.label_ids}")
    details = presumed.details
    if "category" in expected:
        check(
            details["category"] == expected["category"],
            f"category is {details['category']!r}, expected {expected['category']!r}",
        )
    for key in ("recruitment", "means_at_destination"):
        if key in expected:
            check(
                list(details[key]) == sorted(expected[key]),
                f"{key} is {details[key]}, expected {sorted(expected[key])}",
            )
    if "purposes" in expected:
        check(
            set(expected["purposes"]) <= set(details["purposes"]),
            f"purposes are {details['purposes']}, expected at least {expected['purposes']}",
        )
    if "unverified" in expected:
        check(
            presumed.rests_on_unverified is expected["unverified"],
            f"rests on unverified data: {presumed.rests_on_unverified}",
        )


def _check_exploitation(result: Any, expected: Mapping[str, Any]) -> None:
    exploited = result.label("exploited_migrant") or result.label("exploited_worker")
    for test in expected.get("tests", ()):
        check(exploited is not None, "expected an exploitation label")
        check(test in exploited.details["tests"], f"expected the {test} test, got {exploited}")
    for test in expected.get("tests_false", ()):
        check(
            exploited is None or test not in exploited.details["tests"],
            f"did not expect the {test} test",
        )
        check(
            any("of the minimum" in line for line in result.calculations),
            f"expected the arithmetic against the minimum, got {result.calculations}",
        )


def _check_explanation(result: Any, expected: Mapping[str, Any]) -> None:
    if "note_contains" in expected:
        check(
            any(expected["note_contains"] in note for note in result.notes),
            f"no note contains {expected['note_contains']!r}: {list(result.notes)}",
        )
    if "calculation_contains" in expected:
        check(
            any(expected["calculation_contains"] in line for line in result.calculations),
            f"no calculation contains {expected['calculation_contains']!r}: "
            f"{list(result.calculations)}",
        )
    facts = [question.fact for question in result.questions]
    if "first_question" in expected:
        check(
            bool(facts) and facts[0] == expected["first_question"],
            f"first question is {facts[:1]}, expected {expected['first_question']!r}",
        )
    if "question" in expected:
        check(expected["question"] in facts, f"no question {expected['question']!r}: {facts}")
    for ident in expected.get("derived", ()):
        check(
            any(line.startswith(ident + ":") for line in result.derived_indicators),
            f"{ident} not derived: {list(result.derived_indicators)}",
        )
    for dim, status in (expected.get("dimension") or {}).items():
        check(
            result.dimensions[dim] == status,
            f"dimension {dim} is {result.dimensions[dim]!r}, expected {status!r}",
        )
    if "formal_differs" in expected:
        check(result.formal_decision is not None, "expected a formal decision in the result")
        check(
            result.formal_decision["differs"] is expected["formal_differs"],
            f"formal decision differs: {result.formal_decision['differs']}",
        )


# ------------------------------------------------------------------------------ needs


def run_needs(case: Mapping[str, Any], record: Record) -> None:
    facts = case["facts"]
    kwargs = {
        "jurisdiction": facts["jurisdiction"],
        "starts_on": date.fromisoformat(case["as_of"]),
        "variant": facts.get("variant", "default"),
        "decision_on": date.fromisoformat(facts["decision_on"]) if "decision_on" in facts else None,
    }
    expected = case["expected"]
    if "error" in expected:
        try:
            reflection_period_compute(**kwargs)
        except NeedsInputError as error:
            check(error.field == expected["error"], f"error names {error.field!r}")
            return
        raise CaseMismatch(f"expected an error naming {expected['error']!r}, got none")
    period = reflection_period_compute(**kwargs)
    last_day = date.fromisoformat(expected["last_day"])
    check(period.last_day == last_day, f"last day {period.last_day}, expected {last_day}")
    if "open_ended" in expected:
        check(period.open_ended is expected["open_ended"], f"open ended: {period.open_ended}")
    if "length_is" in expected:
        check(
            period.rule.length_is.value == expected["length_is"],
            f"length is {period.rule.length_is.value}",
        )
    if "kind" in expected:
        check(period.rule.kind.value == expected["kind"], f"kind {period.rule.kind.value}")
    basis = expected.get("basis", "national")
    check(period.basis == basis, f"basis {period.basis}, expected {basis}")
    # The same case with the person refusing to cooperate gives the same period.
    declined = CooperationRecord(CooperationStatus.DECLINED, recorded_on=date(2030, 1, 1))
    with_refusal = reflection_period_compute(**kwargs, cooperation=declined).last_day
    check(with_refusal == period.last_day, f"a refusal to cooperate changed it: {with_refusal}")


# ------------------------------------------------------------------------------ nrm


def _check_nrm_deadline(deadline: Deadline, expected: Mapping[str, Any]) -> None:
    for key in ("due_on", "earliest_on"):
        if key in expected:
            got = getattr(deadline, key)
            want = date.fromisoformat(expected[key]) if expected[key] else None
            check(got == want, f"{key} {got}, expected {want}")
    for key in ("binding", "overdue", "waited_working_days", "holidays_known"):
        if key in expected:
            got = getattr(deadline, key)
            check(got == expected[key], f"{key} {got!r}, expected {expected[key]!r}")


def run_nrm(case: Mapping[str, Any], record: Record) -> None:
    facts = case["facts"]
    as_of = date.fromisoformat(case["as_of"])
    today = date.fromisoformat(facts["today"]) if "today" in facts else as_of
    stage = facts.get("stage", "reasonable_grounds")
    expected = case["expected"]
    try:
        mechanism = mechanism_on(facts["jurisdiction"], as_of)
        deadline = deadline_for(mechanism, stage, started_on=as_of, today=today)
    except NrmInputError as error:
        if "error" not in expected:
            raise
        check(error.field == expected["error"], f"error names {error.field!r}")
        if "error_code" in expected:
            check(error.code.value == expected["error_code"], f"error code {error.code.value!r}")
        return
    if "error" in expected:
        raise CaseMismatch(f"expected an error naming {expected['error']!r}, got none")
    _check_nrm_deadline(deadline, expected)
    if "actions" in expected:
        allowed = actions_allowed(
            mechanism, child=facts.get("child", False), consent=facts.get("consent", False)
        )
        actions = [action.value for action in allowed]
        check(actions == expected["actions"], f"actions {actions}, expected {expected['actions']}")
    if "appeal_by" in expected:
        last = appeal_by(mechanism, as_of)
        want = date.fromisoformat(expected["appeal_by"]) if expected["appeal_by"] else None
        check(last == want, f"appeal by {last}, expected {want}")
    if "category" in expected:
        got = category_after(mechanism, stage, positive=facts.get("positive", True))
        want = expected["category"]
        check(got.name.lower() == want, f"category {got.name.lower()}, expected {want}")


# ------------------------------------------------------------------------------ wages


def run_wages(case: Mapping[str, Any], record: Record) -> None:
    claim = compute_claim(claim_facts_from_mapping(case["facts"]))
    expected = case["expected"]
    got_lines = [
        {"head": line.head.value, "amount": f"{line.amount:f}", "currency": line.currency}
        for line in claim.lines
    ]
    check(got_lines == expected["lines"], f"lines {got_lines}, expected {expected['lines']}")
    totals = {code: f"{amount:f}" for code, amount in claim.totals.items()}
    check(totals == expected["totals"], f"totals {totals}, expected {expected['totals']}")
    for fragment in expected.get("notes_contain", []):
        check(any(fragment in note for note in claim.notes), f"no note {fragment!r}: {claim.notes}")


# ------------------------------------------------------------------------------ offers


def _check_counts_and_notes(expected: Mapping[str, Any], result: Any) -> None:
    for rule, count in (expected.get("rule_counts") or {}).items():
        found_count = sum(1 for finding in result.findings if finding.rule == rule)
        check(found_count == count, f"{rule}: {found_count} findings, expected {count}")
    notes = [str(note) for note in result.notes]
    for wanted in expected.get("notes", ()):
        check(any(wanted in note for note in notes), f"no note says {wanted!r}: {notes}")
    for unwanted in expected.get("no_notes", ()):
        check(not any(unwanted in note for note in notes), f"a note says {unwanted!r}: {notes}")


def run_offers(case: Mapping[str, Any], record: Record) -> None:
    expected = case["expected"]
    registry = RecruiterStatus(case.get("registry", "unknown"))
    try:
        result = check_offer(offer_from_mapping(case["offer"]), registry=registry)
    except OfferInputError as error:
        check("error" in expected, f"the checker refused the offer: {error}")
        check(error.field == expected["error"], f"error names {error.field!r}: {error}")
        if "error_code" in expected:
            check(error.code.value == expected["error_code"], f"error code {error.code.value!r}")
        return
    check("error" not in expected, f"expected an error naming {expected.get('error')!r}, got none")
    got = list(result.rules)
    if "verdict" in expected:
        check(
            result.verdict.value == expected["verdict"],
            f"verdict {result.verdict.value!r}, expected {expected['verdict']!r}; rules {got}",
        )
    if "rules" in expected:
        check(
            got == sorted(expected["rules"]), f"rules {got}, expected {sorted(expected['rules'])}"
        )
    terms = {finding.term for finding in result.findings}
    for term in expected.get("terms", ()):
        check(term in terms, f"no finding on {term!r}: {sorted(terms)}")
    missing = {item.term for item in result.missing}
    for term in expected.get("missing", ()):
        check(term in missing, f"{term!r} not reported missing: {sorted(missing)}")
    for rule, severity in (expected.get("severity") or {}).items():
        found = [f.severity.value for f in result.findings if f.rule == rule]
        order = ["high", "medium", "low"]
        worst = min(found, key=order.index) if found else None
        check(worst == severity, f"{rule}: worst severity {worst!r}, expected {severity!r}")
    cited = {item.id for finding in result.findings for item in finding.standards}
    for key in expected.get("standards", ()):
        check(key in cited, f"standard {key!r} not cited: {sorted(cited)}")
    _check_counts_and_notes(expected, result)
    if "debt_months" in expected:
        check(
            str(result.debt_months) == expected["debt_months"],
            f"debt months {result.debt_months}, expected {expected['debt_months']}",
        )


RUNNERS: dict[str, Callable[[Mapping[str, Any], Record], None]] = {
    "identification": run_identification,
    "needs": run_needs,
    "nrm": run_nrm,
    "wages": run_wages,
    "offers": run_offers,
}
