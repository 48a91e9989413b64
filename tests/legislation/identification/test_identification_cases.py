"""Runs the YAML legislation cases in this folder: name, as_of, facts, expected, source.

Each case may give the legal minimum wage and working-time limits it assumes (`law:`), so a
case reads the way a lawyer would state it and does not depend on the wages data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from needsfirst.law import Source
from needsfirst.screening import screen
from needsfirst.wages.rates import PayPeriod, per_hour

HERE = Path(__file__).parent
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
    minimum: CaseMinimum | None = None
    limits: CaseLimits | None = None
    asked: list[tuple[str, date, str]] = field(default_factory=list)

    def minimum_wage(self, jurisdiction: str, on: date, sector: str = "general") -> Any:
        self.asked.append((jurisdiction, on, sector))
        return self.minimum

    def working_time_limits(self, jurisdiction: str, on: date) -> Any:
        return self.limits


def law_for(raw: dict[str, Any] | None) -> CaseLaw:
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


def load_cases() -> list[Any]:
    found = []
    for path in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


CASES = load_cases()


def test_there_are_at_least_forty_cases_each_with_a_source() -> None:
    assert len(CASES) >= 40
    for param in CASES:
        case = param.values[0]
        assert case["source"]["title"]
        assert isinstance(case["source"]["verified"], bool)


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    record = {"as_of": str(case["as_of"]), **case["facts"]}
    result = screen(record, law=law_for(case.get("law")))
    labels = set(result.label_ids)
    expected = case["expected"]
    for label in expected.get("labels", ()):
        assert label in labels, f"expected {label}, got {sorted(labels)}"
    for label in expected.get("absent", ()):
        assert label not in labels, f"did not expect {label}, got {sorted(labels)}"
    presumed = result.label("presumed_trafficking_victim")
    if "category" in expected:
        assert presumed is not None
        assert presumed.details["category"] == expected["category"]
    if "recruitment" in expected:
        assert presumed is not None
        assert presumed.details["recruitment"] == sorted(expected["recruitment"])
    if "means_at_destination" in expected:
        assert presumed is not None
        assert presumed.details["means_at_destination"] == sorted(expected["means_at_destination"])
    if "purposes" in expected:
        assert presumed is not None
        assert set(expected["purposes"]) <= set(presumed.details["purposes"])
    if "unverified" in expected:
        assert presumed is not None
        assert presumed.rests_on_unverified is expected["unverified"]
    exploited = result.label("exploited_migrant") or result.label("exploited_worker")
    for test in expected.get("tests", ()):
        assert exploited is not None, "expected an exploitation label"
        assert test in exploited.details["tests"]
    for test in expected.get("tests_false", ()):
        assert exploited is None or test not in exploited.details["tests"]
        assert any("of the minimum" in line for line in result.calculations)
    if "note_contains" in expected:
        assert any(expected["note_contains"] in note for note in result.notes), result.notes
    if "calculation_contains" in expected:
        assert any(expected["calculation_contains"] in line for line in result.calculations), (
            result.calculations
        )
    if "first_question" in expected:
        assert result.questions[0].fact == expected["first_question"]
    if "question" in expected:
        assert expected["question"] in [q.fact for q in result.questions]
    for ident in expected.get("derived", ()):
        assert any(line.startswith(ident + ":") for line in result.derived_indicators)
    for dim, status in (expected.get("dimension") or {}).items():
        assert result.dimensions[dim] == status
    if "formal_differs" in expected:
        assert result.formal_decision is not None
        assert result.formal_decision["differs"] is expected["formal_differs"]
