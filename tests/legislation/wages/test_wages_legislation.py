"""Runs the YAML legislation cases for wage and fee claims in this folder."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from needsfirst.wages.claims import compute_claim
from needsfirst.wages.facts import claim_facts_from_mapping

HERE = Path(__file__).parent


def _cases() -> list[Any]:
    cases = []
    for path in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


@pytest.mark.parametrize("case", _cases())
def test_legislation_case(case: dict[str, Any]) -> None:
    claim = compute_claim(claim_facts_from_mapping(case["facts"]))
    expected = case["expected"]
    got_lines = [
        {"head": line.head.value, "amount": f"{line.amount:f}", "currency": line.currency}
        for line in claim.lines
    ]
    assert got_lines == expected["lines"]
    assert {code: f"{amount:f}" for code, amount in claim.totals.items()} == expected["totals"]
    for fragment in expected.get("notes_contain", []):
        assert any(fragment in note for note in claim.notes), (fragment, claim.notes)


def test_there_are_cases_for_every_head_of_claim() -> None:
    heads = {line["head"] for case in _cases() for line in case.values[0]["expected"]["lines"]}
    assert heads == {
        "unpaid-wages",
        "underpaid-wages",
        "unpaid-overtime",
        "contract-shortfall",
        "unlawful-deduction",
        "recruitment-fee",
    }
