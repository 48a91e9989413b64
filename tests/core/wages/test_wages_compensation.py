"""State compensation schemes and legal aid: the data of the twelve wage jurisdictions and the
legislation cases of `compensation-cases.yaml` (open, closed, to check)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from needsfirst.i18n import Text
from needsfirst.wages.compensation import (
    Outcome,
    compensation_check,
    compensation_facts_from_mapping,
    legal_aid_on,
    schemes_on,
)
from needsfirst.wages.remedies import RemedyInputError

WAGE_JURISDICTIONS = ("AE", "DE", "ES", "FR", "GB", "IT", "MY", "NL", "QA", "SA", "TH", "US")
GB = {"jurisdiction": "GB"}
CASES = yaml.safe_load((Path(__file__).parent / "compensation-cases.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_compensation_legislation_case(case):
    advice = compensation_check(compensation_facts_from_mapping(case["facts"]))
    assert {item.scheme.id: item.outcome.value for item in advice} == case["expected"]
    for item in advice:
        assert item.reasons or item.outcome == Outcome.OPEN
        assert all(isinstance(reason, Text) for reason in item.reasons)


def test_a_closed_scheme_says_why_and_by_when_one_should_have_applied():
    facts = compensation_facts_from_mapping(
        {
            "jurisdiction": "GB",
            "crime_ended": "2023-06-30",
            "asked_on": "2025-07-01",
            "reported": False,
        }
    )
    (cics,) = compensation_check(facts)
    assert cics.deadline == date(2025, 6, 30)
    said = " ".join(cics.reasons)
    assert "Out of time: apply within 2 years of the crime, that is by 2025-06-30." in said
    assert "reported to the police; it was not." in said
    assert "exceptional circumstances" in said


def test_every_wage_jurisdiction_has_legal_aid_and_says_whether_a_scheme_is_held():
    on = date(2026, 1, 1)
    for code in WAGE_JURISDICTIONS:
        aids = legal_aid_on(code, on)
        assert aids, code
        assert all(aid.source.instrument and aid.summary for aid in aids), code
    held = {code for code in WAGE_JURISDICTIONS if schemes_on(code, on)}
    assert held == {"DE", "ES", "FR", "GB", "IT", "NL", "TH", "US"}


def test_only_the_sources_read_during_this_work_are_marked_verified():
    on = date(2026, 1, 1)
    verified = {
        item.id
        for code in WAGE_JURISDICTIONS
        for item in (*schemes_on(code, on), *legal_aid_on(code, on))
        if item.source.verified
    }
    assert verified == {"cics", "sgb-xiv", "laspo-trafficking"}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({**GB, "asked_on": "2026-01-01"}, "crime_ended"),
        (
            {**GB, "crime_ended": "2026-13-01", "asked_on": "2026-01-01"},
            "crime_ended",
        ),
        ({**GB, "crime_ended": "2026-01-01"}, "asked_on"),
        (
            {**GB, "crime_ended": "2026-01-02", "asked_on": "2026-01-01"},
            "crime_ended",
        ),
        (
            {
                "jurisdiction": "GB",
                "crime_ended": "2025-01-01",
                "asked_on": "2026-01-01",
                "reported": 1,
            },
            "reported",
        ),
    ],
)
def test_bad_facts_are_refused_naming_the_field(raw, field):
    with pytest.raises(RemedyInputError) as refused:
        compensation_check(compensation_facts_from_mapping(raw))
    assert refused.value.field == field
