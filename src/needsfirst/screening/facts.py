"""One reading of a screening record, shared by every instrument and by both paths.

`read()` turns the record into answers (yes / no / unknown) named by their place in the
record, runs the labour-standards arithmetic, derives ILO/EC indicators from the work facts
and the HTCDS methods of control, and evaluates the ILO/EC 2009 dimensions. An explicit "no"
is never overridden: a derived indicator contradicting it is recorded as a conflict and not
used. With `explain=False` no sentence is built (the batch path).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from needsfirst.i18n import Text, _, joined, text
from needsfirst.screening.evidence import Conflict
from needsfirst.screening.instruments.labour_standards import TEST_FACTS, Labour, measure
from needsfirst.screening.lawlookup import LawLookup
from needsfirst.screening.logic import Tri
from needsfirst.screening.rules import DIMENSIONS, Rules, Switches

ANSWERS: dict[str, Tri] = {"yes": True, "no": False, "unknown": None}
STATUS_LABELS = {"yes": _("yes"), "no": _("no"), "unknown": _("unknown")}
_ORDER = {"strong": 0, "medium": 1, "weak": 2}


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


@dataclass(slots=True)
class Facts:
    record: Mapping[str, Any]
    rules: Rules
    switches: Switches
    explain: bool
    as_of: date
    jurisdiction: str | None
    person: Mapping[str, Any]
    movement: Mapping[str, Any]
    work: Mapping[str, Any]
    own_view: Mapping[str, Any]
    labour: Labour
    acts: dict[str, Tri]
    means: dict[str, Tri]
    purposes: dict[str, Tri]
    # indicator id -> the record facts showing it (explicit yes, or derived), never one
    # explicitly answered "no"
    indicators: dict[str, frozenset[str]] = field(default_factory=dict)
    answered_no: set[str] = field(default_factory=set)  # explicit "no", not shown otherwise
    notes_by_indicator: dict[str, str] = field(default_factory=dict)
    derived: dict[str, list[Any]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)
    child: Tri = None
    child_facts: list[Any] = field(default_factory=list)
    dims: dict[str, tuple[Tri, tuple[str, ...]]] = field(default_factory=dict)
    child_dims: dict[str, tuple[Tri, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def work_recorded(self) -> bool:
        """Is there any fact about work (so questions about work make sense)?"""
        return (
            bool(self.work)
            or bool(self.own_view)
            or any(i.startswith(("D4.", "D5.")) for i in self.indicators)
        )

    def answer(self, section: str, key: str) -> Tri:
        return answer_of((self.record.get(section) or {}).get(key))

    def conflict(self, facts: tuple[str, ...], line: Any) -> None:
        self.conflicts.append(Conflict(facts, line if self.explain else None))


def _answers(raw: Mapping[str, Any] | None) -> dict[str, Tri]:
    return {key: answer_of(value) for key, value in sorted((raw or {}).items())}


def read(
    record: Mapping[str, Any], rules: Rules, switches: Switches, law: LawLookup, explain: bool
) -> Facts:
    jurisdiction = record.get("jurisdiction", "unknown")
    labour = measure(record, law, rules.far_below_ratio, explain)
    facts = Facts(
        record=record,
        rules=rules,
        switches=switches,
        explain=explain,
        as_of=date.fromisoformat(record["as_of"]),
        jurisdiction=None if jurisdiction == "unknown" else jurisdiction,
        person=record.get("person") or {},
        movement=record.get("movement") or {},
        work=record.get("work") or {},
        own_view=record.get("own_view") or {},
        labour=labour,
        acts=_answers(record.get("acts")),
        means=_answers(record.get("means")),
        purposes=_answers(record.get("purposes")),
    )
    if labour.withheld_conflict:
        facts.conflict(
            ("work.wage_paid", "work.wages_withheld"),
            _("No pay was received, but the record says wages were not withheld."),
        )
    _indicators(facts)
    _child(facts)
    # the indicators of each dimension that are yes and those answered no, grouped in one pass
    yes: dict[str, list[str]] = {dim: [] for dim in DIMENSIONS}
    no: dict[str, list[str]] = {dim: [] for dim in DIMENSIONS}
    for ident in facts.indicators:
        yes.setdefault(ident[:2], []).append(ident)
    for ident in sorted(facts.answered_no):
        no.setdefault(ident[:2], []).append(ident)
    for dim in DIMENSIONS:
        key = (tuple(yes[dim]), tuple(no[dim]))
        facts.dims[dim] = _dimension(facts, "adult_labour", dim, *key)
        if facts.child:  # the child tables matter only for a child
            facts.child_dims[dim] = _dimension(facts, "child_labour", dim, *key)
    return facts


def _indicators(f: Facts) -> None:
    rules = f.rules
    explicit: dict[str, Tri] = {}
    for ident, raw in (f.record.get("indicators") or {}).items():
        value = answer_of(raw)
        explicit[ident] = value
        if value:
            f.indicators[ident] = frozenset({"indicators." + ident})
        if isinstance(raw, Mapping) and raw.get("note"):
            f.notes_by_indicator[ident] = str(raw["note"])
    sources: dict[str, set[str]] = {}
    for test, value in f.labour.tests.items():
        # pay below the promise is a contract matter, unless the pay is also below the
        # legal minimum (then the promise was a deception about wages)
        if value and (test != "below_promise" or f.labour.tests.get("below_minimum_wage")):
            for ident in rules.objective[test][1]:
                sources.setdefault(ident, set()).add(TEST_FACTS[test])
                reasons = f.derived.setdefault(ident, [])
                if f.explain:
                    reasons.append(Text(rules.objective[test][0]))
    for code in sorted(f.record.get("methods_of_control") or ()):
        for ident in rules.methods_of_control.get(code, ()):
            sources.setdefault(ident, set()).add("methods_of_control." + code)
            reasons = f.derived.setdefault(ident, [])
            if f.explain:
                # the code's words, e.g. "DebtBondage" -> "debt bondage"
                words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", code).lower()
                reasons.append(text(_("HTCDS method of control: %(method)s"), method=words))
    for ident, fact_ids in sources.items():
        if explicit.get(ident) is False:
            f.conflict(
                ("indicators." + ident, *sorted(fact_ids)),
                text(
                    _(
                        "The answer 'no' to an indicator is contradicted by recorded facts, "
                        "and kept: %(indicator)s (%(reasons)s)"
                    ),
                    indicator=Text(rules.indicators[ident].label)
                    if ident in rules.indicators
                    else ident,
                    reasons=joined(f.derived.get(ident, []), "; "),
                ),
            )
            f.derived.pop(ident, None)
            continue
        f.indicators[ident] = f.indicators.get(ident, frozenset()) | frozenset(fact_ids)
    f.indicators = dict(sorted(f.indicators.items()))  # the order of the record never matters
    f.answered_no = {
        ident for ident, value in explicit.items() if value is False and ident not in f.indicators
    }


def _dimension(
    f: Facts, set_name: str, dim: str, yes: tuple[str, ...], no: tuple[str, ...]
) -> tuple[Tri, tuple[str, ...]]:
    """ILO/EC 2009 step 1 for one dimension: positive, not positive, or open (unknown
    indicators could still make it positive). Memoised by the indicators of the dimension
    that are yes and those answered no (an exact key)."""
    members = _members(f.rules, set_name, dim, f.switches.d3_disputed_strength)
    return _dimension_value(f.rules.clauses, members, yes, no)


_MEMBERS: dict[tuple[int, str, str, str], tuple[tuple[str, int], ...]] = {}


def _members(rules: Rules, set_name: str, dim: str, d3: str) -> tuple[tuple[str, int], ...]:
    """The indicators of a dimension in one set, with their strength (0 strong .. 2 weak)."""
    key = (id(rules), set_name, dim, d3)
    found = _MEMBERS.get(key)
    if found is None:
        found = _MEMBERS[key] = _compute_members(rules, set_name, dim, d3)
    return found


def _compute_members(rules: Rules, set_name: str, dim: str, d3: str) -> tuple[tuple[str, int], ...]:
    out = []
    for ident in rules.dimension_indicators[dim]:
        indicator = rules.indicators[ident]
        strength = indicator.strengths.get(set_name)
        if strength is None:
            continue
        if set_name in indicator.disputed and d3 != strength:
            strength = indicator.disputed[set_name]
        out.append((ident, _ORDER[strength]))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _dimension_value(
    clauses: tuple[tuple[int, int, int], ...],
    members: tuple[tuple[str, int], ...],
    yes: tuple[str, ...],
    no: tuple[str, ...],
) -> tuple[Tri, tuple[str, ...]]:
    shown_yes = [0, 0, 0]
    maybe = [0, 0, 0]
    for ident, strength in members:
        if ident in yes:
            shown_yes[strength] += 1
            maybe[strength] += 1
        elif ident not in no:
            maybe[strength] += 1

    def met(counts: list[int]) -> bool:
        return any(counts[0] >= s and counts[1] >= m and counts[2] >= w for s, m, w in clauses)

    if met(shown_yes):
        return True, yes
    return (None if met(maybe) else False), yes


def _child(f: Facts) -> None:
    """Was the person under 18 at some stage of the acts? (Protocol Art. 3(c)-(d))."""
    majority = f.rules.age_of_majority
    person = f.person
    stages: list[Tri] = []
    say = f.child_facts.append if f.explain else (lambda _line: None)
    for key, sentence in (
        ("child_at_recruitment", _("under 18 at recruitment: %(answer)s")),
        ("child_at_exploitation", _("under 18 during exploitation: %(answer)s")),
    ):
        value = answer_of(person.get(key))
        if value is not None:
            stages.append(value)
            if f.explain:
                say(text(sentence, answer=Text(STATUS_LABELS[_status(value)])))
    if "age_when_trafficked" in person:
        stages.append(person["age_when_trafficked"] < majority)
        if f.explain:
            say(text(_("age when trafficked: %(age)s"), age=person["age_when_trafficked"]))
    age: int | None = person.get("age")
    dates = f.record.get("dates") or {}
    first_stage = min(dates.values()) if dates else None
    if "birthdate" in person:
        birth = date.fromisoformat(person["birthdate"])
        age = _years(birth, f.as_of)
        if first_stage is not None:
            years = _years(birth, date.fromisoformat(first_stage))
            stages.append(years < majority)
            if f.explain:
                say(text(_("age at %(date)s: %(age)s"), date=first_stage, age=years))
    if age is not None and f.explain:
        say(
            text(
                _("age on the screening date, %(date)s: %(age)s"),
                date=f.as_of.isoformat(),
                age=age,
            )
        )
    if age is not None:
        if age < majority:
            stages.append(True)
        elif first_stage is not None and "birthdate" not in person:
            at = date.fromisoformat(first_stage)
            # the youngest the person can have been on that day
            if age - (f.as_of.year - at.year) - 1 >= majority:
                stages.append(False)
    if any(value is True for value in stages):
        f.child = True
    elif stages and all(value is False for value in stages):
        f.child = False


def _years(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
