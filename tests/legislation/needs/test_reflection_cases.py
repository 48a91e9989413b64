"""Runs the lawyer-readable reflection-period cases in reflection-periods.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from needsfirst.needs import (
    CooperationRecord,
    CooperationStatus,
    NeedsInputError,
    reflection_period_compute,
)

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "reflection-periods.yaml").read_text(encoding="utf-8")
)


def test_every_jurisdiction_has_at_least_one_case_with_a_source() -> None:
    covered = {case["jurisdiction"] for case in CASES if case.get("source")}
    assert {
        "GB-ENG",
        "GB-WLS",
        "GB-SCT",
        "GB-NIR",
        "NL",
        "BE",
        "DE",
        "FR",
        "IE",
        "CZ",
        "ES",
        "NO",
        "IT",
        "CA",
        "US",
    } <= covered


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reflection_period_case(case: dict[str, Any]) -> None:
    kwargs = {
        "jurisdiction": case["jurisdiction"],
        "starts_on": case["starts_on"],
        "variant": case.get("variant", "default"),
        "decision_on": case.get("decision_on"),
    }
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(NeedsInputError) as error:
            reflection_period_compute(**kwargs)
        assert error.value.field == expected["error"]
        return
    period = reflection_period_compute(**kwargs)
    assert period.last_day == expected["last_day"]
    if "open_ended" in expected:
        assert period.open_ended is expected["open_ended"]
    if "length_is" in expected:
        assert period.rule.length_is.value == expected["length_is"]
    if "kind" in expected:
        assert period.rule.kind.value == expected["kind"]
    assert period.basis == expected.get("basis", "national")
    # The same case with the person refusing to cooperate gives the same period.
    declined = CooperationRecord(CooperationStatus.DECLINED, recorded_on=date(2030, 1, 1))
    assert reflection_period_compute(**kwargs, cooperation=declined).last_day == period.last_day
