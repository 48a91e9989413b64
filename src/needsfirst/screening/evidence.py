"""The structured result of one legal test: status, the facts behind each element, what is
missing, and conflicts between an explicit answer and another fact.

Every instrument module (`needsfirst.screening.instruments`) returns an `InstrumentResult`.
Facts are named by their place in the record (`means.deception`, `indicators.D5.violence`,
`work.debt`, `own_view.free_to_leave`), so the same fact can be recognised wherever it is
offered as evidence: one fact may satisfy one element of a test, never two.
Text is rendered from the evidence separately (`needsfirst.screening.engine`); with
`explain=False` (the batch path) the units carry no text at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from needsfirst.screening.logic import Tri

STATUS = {True: "yes", False: "no", None: "undetermined"}


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of evidence offered for an element: the record facts it rests on (one or
    more, e.g. the indicators that make a dimension positive) and its sentence (None when
    the result is not explained)."""

    facts: frozenset[str]
    text: Any = None
    kind: str = ""  # a means: deceptive | coercive | abuse_of_vulnerability; a purpose: its id
    verified: bool = True  # False when it rests on an unverified table or cross-walk


@dataclass(frozen=True, slots=True)
class Conflict:
    """An explicit answer contradicted by another recorded fact; the answer is kept."""

    facts: tuple[str, ...]
    text: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {"facts": list(self.facts), "text": self.text}


@dataclass(frozen=True, slots=True)
class ElementResult:
    name: str  # stable id: act, means, purpose, involuntariness, menace, ...
    value: Tri
    units: tuple[Unit, ...] = ()

    @property
    def facts(self) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for unit in self.units:
            out |= unit.facts
        return out


@dataclass(frozen=True, slots=True)
class InstrumentResult:
    """Status yes / no / undetermined of one instrument's test, with its elements."""

    status: str
    elements: Mapping[str, ElementResult] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)  # element -> citation

    @property
    def value(self) -> Tri:
        return True if self.status == "yes" else False if self.status == "no" else None

    @property
    def evidence(self) -> dict[str, tuple[Unit, ...]]:
        return {name: element.units for name, element in self.elements.items() if element.units}

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name, element in self.elements.items() if element.value is None)

    @property
    def facts_used(self) -> frozenset[str]:
        """The facts of the evidence chosen for each element shown (the first unit)."""
        out: frozenset[str] = frozenset()
        for element in self.elements.values():
            if element.value is True and element.units:
                out |= element.units[0].facts
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "elements": {
                name: {
                    "status": STATUS[element.value],
                    "evidence": [
                        {"facts": sorted(unit.facts), "text": unit.text} for unit in element.units
                    ],
                }
                for name, element in self.elements.items()
            },
            "missing": list(self.missing),
            "conflicts": [conflict.as_dict() for conflict in self.conflicts],
            "details": dict(self.details),
            "sources": dict(self.sources),
        }


def status_of(value: Tri) -> str:
    return STATUS[value]


def assign_distinct(candidates: Sequence[Sequence[Unit]]) -> tuple[Unit | None, ...]:
    """Choose one unit per element so that no record fact serves two elements, satisfying as
    many elements as possible (earlier units preferred). A small exact search: the greedy
    choice first, a bounded exhaustive search only when the greedy one leaves an element out."""
    chosen: list[Unit | None] = []
    used: frozenset[str] = frozenset()
    for options in candidates:
        pick = next((unit for unit in options if not (unit.facts & used)), None)
        chosen.append(pick)
        if pick is not None:
            used |= pick.facts
    if all(
        pick is not None or not options for pick, options in zip(chosen, candidates, strict=True)
    ):
        return tuple(chosen)
    best = tuple(chosen)
    best_count = sum(pick is not None for pick in best)
    pools: list[list[Unit | None]] = [[*options[:6], None] for options in candidates]
    for combo in product(*pools):
        count = 0
        seen: frozenset[str] = frozenset()
        for unit in combo:
            if unit is None:
                continue
            if unit.facts & seen:
                count = -1
                break
            seen |= unit.facts
            count += 1
        if count > best_count:
            best, best_count = combo, count
    return best


def usable(options: Sequence[Unit], taken: frozenset[str]) -> tuple[Unit, ...]:
    """The units that rest on none of the facts already taken by another element."""
    return tuple(unit for unit in options if not (unit.facts & taken))
