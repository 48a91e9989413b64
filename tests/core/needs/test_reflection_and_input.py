"""Reflection-period arithmetic, and bad input refused with the field named."""

from __future__ import annotations

from datetime import date

import pytest

from needsfirst.law import LawDataError
from needsfirst.needs import (
    Answer,
    AssessmentFacts,
    ErrorCode,
    NeedsInputError,
    facts_from_mapping,
    reflection_period_compute,
    supported_jurisdictions,
)
from needsfirst.needs.rules import _read, parse_rule_book


def test_england_runs_on_until_the_conclusive_decision_when_it_is_later() -> None:
    open_period = reflection_period_compute(jurisdiction="GB-ENG", starts_on=date(2024, 1, 1))
    assert open_period.open_ended
    assert open_period.last_day == date(2024, 1, 30)
    late = reflection_period_compute(
        jurisdiction="GB-ENG", starts_on=date(2024, 1, 1), decision_on=date(2024, 9, 1)
    )
    assert late.last_day == date(2024, 9, 1)


def test_scotland_ends_at_the_conclusive_determination_when_it_is_earlier() -> None:
    early = reflection_period_compute(
        jurisdiction="GB-SCT", starts_on=date(2024, 1, 1), decision_on=date(2024, 2, 1)
    )
    assert early.last_day == date(2024, 2, 1)


def test_northern_ireland_ignores_an_earlier_decision() -> None:
    period = reflection_period_compute(
        jurisdiction="GB-NIR", starts_on=date(2024, 1, 1), decision_on=date(2024, 1, 10)
    )
    assert period.last_day == date(2024, 2, 14)


def test_month_lengths_clamp_to_the_end_of_a_short_month() -> None:
    period = reflection_period_compute(jurisdiction="DE", starts_on=date(2024, 11, 30))
    assert period.last_day == date(2025, 2, 27)


def test_reminders_come_14_7_and_1_days_before_the_last_day() -> None:
    period = reflection_period_compute(jurisdiction="FR", starts_on=date(2024, 5, 1))
    assert period.last_day == date(2024, 5, 30)
    assert period.reminders == (date(2024, 5, 16), date(2024, 5, 23), date(2024, 5, 29))


def test_a_convention_state_without_national_data_for_the_day_gets_the_30_day_minimum() -> None:
    period = reflection_period_compute(jurisdiction="BE", starts_on=date(2016, 1, 10))
    assert period.basis == "coe-minimum"
    assert period.length_days == 30
    assert period.source.provision.startswith("Art. 13")


def test_a_date_before_any_known_rule_is_refused_naming_starts_on() -> None:
    with pytest.raises(NeedsInputError) as error:
        reflection_period_compute(jurisdiction="CA", starts_on=date(2020, 1, 1))
    assert error.value.field == "starts_on"
    assert error.value.code is ErrorCode.NO_RULE_ON_DATE


@pytest.mark.parametrize("jurisdiction", supported_jurisdictions())
def test_a_period_that_would_end_after_the_year_9999_is_refused_naming_starts_on(
    jurisdiction: str,
) -> None:
    with pytest.raises(NeedsInputError) as error:
        reflection_period_compute(jurisdiction=jurisdiction, starts_on=date(9999, 12, 31))
    assert error.value.field == "starts_on"
    assert error.value.code is ErrorCode.DATE_OUT_OF_RANGE


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"jurisdiction": "NL", "starts_on": "2024-02-30"}, "starts_on"),
        (
            {"jurisdiction": "NL", "starts_on": date(2024, 3, 1), "decision_on": date(2024, 2, 1)},
            "decision_on",
        ),
        ({"jurisdiction": "ZZ", "starts_on": date(2024, 3, 1)}, "jurisdiction"),
        ({"jurisdiction": "", "starts_on": date(2024, 3, 1)}, "jurisdiction"),
        ({"jurisdiction": "GB-XYZ", "starts_on": date(2024, 3, 1)}, "jurisdiction"),
        ({"jurisdiction": "NL", "starts_on": date(2024, 3, 1), "variant": "express"}, "variant"),
        (
            {"jurisdiction": "NL", "starts_on": date(2024, 3, 1), "reminder_days": [0]},
            "reminder_days",
        ),
    ],
)
def test_bad_period_input_is_refused_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(NeedsInputError) as error:
        reflection_period_compute(**kwargs)  # type: ignore[arg-type]
    assert error.value.field == field


def test_facts_from_a_form_accept_yes_no_unknown_and_refuse_anything_else_naming_the_field() -> (
    None
):
    facts = facts_from_mapping(
        {"injury": "YES", "pregnant": "no", "child": None, "language": " ti "}
    )
    assert (facts.injury, facts.pregnant, facts.child, facts.language) == (
        Answer.YES,
        Answer.NO,
        Answer.UNKNOWN,
        "ti",
    )
    with pytest.raises(NeedsInputError) as error:
        facts_from_mapping({"injury": "maybe"})
    assert error.value.field == "injury"
    with pytest.raises(NeedsInputError) as error:
        facts_from_mapping({"nationality": "NG"})
    assert error.value.field == "nationality"


def test_an_age_under_18_with_child_answered_no_is_a_contradiction_on_child() -> None:
    with pytest.raises(NeedsInputError) as error:
        AssessmentFacts(child=Answer.NO, age_estimate=16)
    assert error.value.field == "child"
    assert error.value.code is ErrorCode.CONTRADICTION
    with pytest.raises(NeedsInputError) as error:
        AssessmentFacts(age_estimate=-1)
    assert error.value.field == "age_estimate"


def test_a_rule_that_fires_only_on_no_is_refused_because_it_could_lower_an_urgency() -> None:
    rules = _read("triage-rules.yaml")
    rules["rules"] = [
        *rules["rules"],
        {
            "id": "BAD",
            "when": {"injury": ["no"]},
            "urgency": "now",
            "action": "injury-care",
            "reason": "x",
            "source": {"instrument": "x"},
        },
    ]
    with pytest.raises(LawDataError, match=r"BAD\)\.when\.injury: the answers must include yes"):
        parse_rule_book(_read("domains.yaml"), rules)


def test_a_rule_on_an_unknown_fact_is_refused_naming_it() -> None:
    rules = _read("triage-rules.yaml")
    rules["rules"] = [
        *rules["rules"],
        {
            "id": "BAD",
            "when": {"shoe_size": ["yes"]},
            "urgency": "now",
            "action": "injury-care",
            "reason": "x",
            "source": {"instrument": "x"},
        },
    ]
    with pytest.raises(LawDataError, match=r"when\.shoe_size"):
        parse_rule_book(_read("domains.yaml"), rules)


# --- corrections found on review --------------------------------------------------------------


def test_spains_ninety_days_apply_from_the_laws_entry_into_force_not_its_publication() -> None:
    # LO 8/2015 was published on 23 July 2015 and entered into force on 12 August 2015 (BOE)
    published = reflection_period_compute(jurisdiction="ES", starts_on=date(2015, 7, 23))
    in_force = reflection_period_compute(jurisdiction="ES", starts_on=date(2015, 8, 12))
    assert published.basis == "coe-minimum"
    assert published.length_days == 30
    assert in_force.basis == "national"
    assert in_force.effective_from == date(2015, 8, 12)
    assert in_force.length_days == 90
    assert "The date this rule applies from is unverified." not in in_force.notes


def test_us_continued_presence_says_law_enforcement_requests_it_and_our_help_never_depends() -> (
    None
):
    period = reflection_period_compute(jurisdiction="US", starts_on=date(2024, 1, 1))
    assert period.rule.requested_by_law_enforcement
    assert any("requested by law enforcement" in note for note in period.notes)
    assert any("never depends on cooperation" in note for note in period.notes)
    # needsfirst's computation still never reads cooperation
    assert period.conditional_on_cooperation is False
    other = reflection_period_compute(jurisdiction="NL", starts_on=date(2024, 1, 1))
    assert not other.rule.requested_by_law_enforcement
    assert not any("law enforcement" in note for note in other.notes)
