"""Facts in, a reasoned screening out.

`screen(record)` reads one screening record (see `docs/schema/screening-record.schema.json`)
and returns a `Determination`: the result of each instrument (the Trafficking Protocol, ILO
C029 forced labour, slavery and servitude, the Smuggling Protocol, labour standards), each
with its status and the facts behind each element; the labels that apply (not exclusive);
conflicts between explicit answers and other facts; a short plain-language summary; notes,
the arithmetic behind any wage or hours finding, and the unknown facts that could change the
outcome, as questions, most decisive first.

The instruments live in `needsfirst.screening.instruments`; this module only orders them,
turns their results into labels and renders the text. The batch path
(`needsfirst.screening.compact`) calls the same `evaluate` without building any text.

The result supports the decision of a competent authority and never replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from needsfirst.i18n import Text, _, joined, text
from needsfirst.law import Source
from needsfirst.screening import outcomes
from needsfirst.screening.evidence import Conflict, InstrumentResult
from needsfirst.screening.facts import STATUS_LABELS, Facts, answer_of, read
from needsfirst.screening.instruments import (
    forced_labour,
    labour_standards,
    slavery,
    smuggling_protocol,
    trafficking_protocol,
)
from needsfirst.screening.lawlookup import DEFAULT_LOOKUP, LawLookup
from needsfirst.screening.logic import KEYS, WORK_KEYS, Tri, levels, rank_unknowns
from needsfirst.screening.rules import DIMENSIONS, Rules, Switches, load_rules
from needsfirst.screening.validation import validate_record

DISCLAIMER = _(
    "This is a screening result from the facts recorded. It supports, and never replaces, the "
    "decision of a competent authority, and it never conditions assistance."
)
ANSWERS = {"yes": True, "no": False, "unknown": None}
SMUGGLING_KEYS = frozenset(
    {"border", "irregular_entry", "procured", "not_national", "benefit", "danger", "inhuman"}
)
__all__ = ["ANSWERS", "DISCLAIMER", "STATUS_LABELS", "answer_of", "evaluate", "screen"]


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
    together_with: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "question": self.question,
            "impact": self.impact,
            "could_change": list(self.could_change),
            "together_with": self.together_with,
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
    instruments: Mapping[str, InstrumentResult] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    summary: str = ""

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
            "summary": self.summary,
            "labels": [conclusion.as_dict() for conclusion in self.labels],
            "instruments": {k: v.as_dict() for k, v in self.instruments.items()},
            "conflicts": [conflict.as_dict() for conflict in self.conflicts],
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
        _messages(self.summary, out)
        for conclusion in self.labels:
            _messages(conclusion.title, out)
            _messages(conclusion.details, out)
            for element in conclusion.elements:
                _messages(element.name, out)
                _messages(element.facts, out)
        _messages([question.question for question in self.questions], out)
        _messages([conflict.text for conflict in self.conflicts], out)
        _messages((self.notes, self.calculations, self.derived_indicators), out)
        return out


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


@dataclass(slots=True)
class Evaluation:
    """The instrument results of one record and the element state the outcomes read."""

    facts: Facts
    results: dict[str, InstrumentResult]
    state: tuple[Tri, ...]
    signal: bool
    vulnerable: bool
    migrant: Tri
    levels: tuple[int, int, int, int]


def evaluate(
    record: Mapping[str, Any],
    rules: Rules,
    law: LawLookup,
    switches: Switches,
    explain: bool,
) -> Evaluation:
    """Run every instrument on one (valid) record; both the single and the batch path."""
    f = read(record, rules, switches, law, explain)
    forced = forced_labour.assess(f)
    slave = slavery.assess(f, forced)
    protocol = trafficking_protocol.assess(
        f, {"forced_labour": forced}, slavery.purposes_shown(slave)
    )
    smuggling_values = smuggling_protocol.values(f)
    smuggled = smuggling_protocol.assess(f, smuggling_values)
    labour = labour_standards.assess(f.labour, f.dims["D4"][0])
    results = {
        "trafficking_protocol": protocol,
        "forced_labour": forced,
        "slavery": slave,
        "smuggling_protocol": smuggled,
        "labour_standards": labour,
    }
    if explain:
        results = _cited(rules, results)
    element_values: dict[str, Tri] = {
        "child": f.child,
        **{name: protocol.elements[name].value for name in ("act", "means", "purpose")},
        "involuntariness": forced.elements["involuntariness"].value,
        "menace": forced.elements["menace"].value,
        "exploitation": labour.value,
        **smuggling_values,
    }
    state = tuple(element_values[key] for key in KEYS)
    signal = outcomes.signal(f)
    vulnerable = bool(f.person.get("vulnerabilities")) or any(
        ident in rules.indicators and rules.indicators[ident].vulnerability
        for ident in f.indicators
    )
    return Evaluation(
        f,
        results,
        state,
        signal,
        vulnerable,
        smuggling_values["migrant"],
        levels(state, signal),
    )


def _sources(rules: Rules) -> dict[str, dict[str, str]]:
    protocol = rules.protocol_source
    smuggling = rules.smuggling_elements
    slavery_sources = rules.slavery_sources
    return {
        "trafficking_protocol": {
            "act": source_of(protocol, "Art. 3(a)"),
            "means": source_of(protocol, "Art. 3(a)"),
            "purpose": source_of(protocol, "Art. 3(a)"),
            "child": source_of(protocol, "Art. 3(c)-(d)"),
        },
        "forced_labour": {
            "involuntariness": rules.forced_labour_source.cite(),
            "menace": rules.forced_labour_source.cite(),
            "exclusion": source_of(rules.forced_labour_convention, "Art. 2(2)"),
            "household_help": slavery_sources["household_help"].cite(),
        },
        "slavery": {
            "ownership": slavery_sources["slavery"].cite(),
            "control": slavery_sources["slavery"].cite(),
            "denial_of_freedom": slavery_sources["servitude"].cite(),
            "practice": slavery_sources["practice"].cite(),
        },
        "smuggling_protocol": {
            "illegal_entry": smuggling["illegal_entry"][1].cite(),
            "procured": smuggling["illegal_entry"][1].cite(),
            "not_national": smuggling["not_national_or_resident"][1].cite(),
            "benefit": smuggling["material_benefit"][1].cite(),
            "aggravating": rules.smuggling_aggravating["danger_to_life_or_safety"][1].cite(),
        },
        "labour_standards": {"breach": rules.objective_source.cite()},
    }


_SOURCES: dict[str, dict[str, dict[str, str]]] = {}


def _cited(rules: Rules, results: dict[str, InstrumentResult]) -> dict[str, InstrumentResult]:
    """Each instrument result with the citation of each of its elements."""
    sources = _SOURCES.get(rules.version)
    if sources is None:
        sources = _SOURCES[rules.version] = _sources(rules)
    cited = {name: replace(result, sources=sources[name]) for name, result in results.items()}
    slave = cited["slavery"]
    if slave.details.get("slavery") is True and slave.details["slavery_route"] == "without_sale":
        reading = rules.slavery_sources["slavery_without_sale"].cite()
        cited["slavery"] = replace(
            slave, sources={**slave.sources, "ownership": reading, "control": reading}
        )
    return cited


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
    chosen = switches or rules.default_switches
    ev = evaluate(record, rules, law or DEFAULT_LOOKUP, chosen, explain=True)
    labels = outcomes.conclusions(ev, explain=True)
    questions = _questions(ev)
    notes = outcomes.law_notes(ev)
    f = ev.facts
    return Determination(
        record_id=str(record.get("record_id", "")),
        as_of=record["as_of"],
        rules_version=rules.version,
        labels=labels,
        questions=questions,
        notes=tuple(notes),
        calculations=tuple(f.labour.calculations),
        derived_indicators=_derived(f),
        ilo_forced_labour_indicators=_ilo11(f),
        dimensions={dim: _tri(f.dims[dim][0]) for dim in DIMENSIONS},
        formal_decision=outcomes.formal(record, ev.levels[0]),
        switches=_switches(chosen),
        instruments=ev.results,
        conflicts=tuple(f.conflicts),
        summary=outcomes.summary(ev, labels, questions),
    )


def _tri(value: Tri) -> str:
    return "yes" if value is True else "no" if value is False else "unknown"


def _switches(chosen: Switches) -> dict[str, Any]:
    return {
        "child_requires_recruitment_dimension": chosen.child_requires_recruitment_dimension,
        "d3_disputed_strength": chosen.d3_disputed_strength,
    }


def _derived(f: Facts) -> tuple[str, ...]:
    return tuple(
        text(_("%(indicator)s: %(reasons)s"), indicator=ident, reasons=joined(reasons, "; "))
        for ident, reasons in sorted(f.derived.items())
    )


def _ilo11(f: Facts) -> tuple[str, ...]:
    rules = f.rules
    return tuple(
        sorted(
            {
                rules.ilo11[rules.indicators[i].ilo11]
                for i in f.indicators
                if i in rules.indicators and rules.indicators[i].ilo11
            }
        )
    )


def skipped_questions(f: Facts) -> frozenset[str]:
    """Elements not to ask about: work facts when no work is recorded; involuntariness when
    the person's agreement and freedom to leave are both recorded."""
    skip: set[str] = set()
    if not f.work_recorded:
        skip |= WORK_KEYS
    if not f.movement and answer_of(f.person.get("migrant")) is not True:
        skip |= SMUGGLING_KEYS
    if (
        f.answer("own_view", "agreed_to_conditions") is not None
        and f.answer("own_view", "free_to_leave") is not None
    ):
        skip.add("involuntariness")
    return frozenset(skip)


def _questions(ev: Evaluation) -> tuple[Question, ...]:
    f = ev.facts
    ranked = rank_unknowns(ev.state, ev.signal, skipped_questions(f))
    questions = []
    for key, impact, families, other in ranked:
        sentence: Any = Text(outcomes.QUESTIONS[key])
        if key == "involuntariness":
            if f.answer("own_view", "agreed_to_conditions") is not None:
                sentence = Text(_("Could the person leave the work or the employer?"))
            elif f.answer("own_view", "free_to_leave") is not None:
                sentence = Text(_("Did the person agree to this work and these conditions?"))
        questions.append(Question(key, sentence, impact, families, other))
    return tuple(questions)


def source_of(src: Source, provision: str = "") -> str:
    provision = provision or src.provision
    return f"{src.instrument}, {provision}" if provision else src.instrument
