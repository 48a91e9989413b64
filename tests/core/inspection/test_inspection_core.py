"""Labour inspection, pure: household entry per jurisdiction, the targeting score on a fixed
data set, the ranked list with reasons, and the backtest on the demo history."""

from __future__ import annotations

from datetime import date

import pytest

from needsfirst.inspection import WorkplaceSignals, backtest, household_entry, rank, score
from needsfirst.inspection.demo import demo_history

ON = date(2026, 6, 1)
WAGE_JURISDICTIONS = ("AE", "DE", "ES", "FR", "GB", "IT", "MY", "NL", "QA", "SA", "TH", "US")


@pytest.mark.parametrize("code", WAGE_JURISDICTIONS)
def test_no_home_is_entered_without_a_basis_in_any_of_the_twelve_jurisdictions(code):
    ruling = household_entry(code, ON, bases=[])
    assert ruling.allowed is False
    assert ruling.summary
    assert ruling.source is not None
    assert "Do not enter" in ruling.explanation


@pytest.mark.parametrize(
    ("code", "bases", "allowed"),
    [
        ("GB", ["warrant"], True),
        ("GB", ["consent"], True),
        ("FR", ["consent"], True),
        ("FR", ["warrant"], False),  # the Code du travail asks for the occupants' consent
        ("QA", ["warrant"], False),
        ("DE", ["consent", "warrant"], True),
    ],
)
def test_the_household_entry_rule_per_jurisdiction(code, bases, allowed):
    assert household_entry(code, ON, bases=bases).allowed is allowed


def test_a_country_without_a_rule_says_not_to_enter():
    ruling = household_entry("BR", ON, bases=["consent"])
    assert ruling.allowed is None
    assert "do not enter" in ruling.explanation


def test_before_the_rule_took_effect_there_is_no_rule():
    assert household_entry("QA", date(2010, 1, 1), bases=["consent"]).allowed is None


def test_an_unknown_basis_is_refused_naming_it():
    with pytest.raises(ValueError, match="bases: unknown basis 'invitation'"):
        household_entry("GB", ON, bases=["invitation"])


def test_the_score_on_a_fixed_workplace_adds_each_contribution_with_its_source():
    found = score(
        WorkplaceSignals(
            key="farm",
            isic="A01",
            complaints=4,  # 40, capped at 30
            earlier_findings=1,  # 15
            unlicensed_recruiters=1,  # 15
            migrant_share=75,  # 7 tens x 3 = 21
            case_signals=2,  # 10
        ),
        on=ON,
    )
    assert [(item.feature, item.points) for item in found.contributions] == [
        ("sector", 25),
        ("complaints", 30),
        ("earlier_findings", 15),
        ("unlicensed_recruiters", 15),
        ("migrant_share", 21),
        ("case_signals", 10),
    ]
    assert found.points == 116
    assert found.alert
    assert "Crop and animal production" in found.contributions[0].reason
    assert all(item.source.instrument for item in found.contributions)


def test_the_division_wins_over_the_section_and_an_unknown_sector_scores_nothing():
    assert score(WorkplaceSignals(key="a", isic="C10"), on=ON).points == 15
    assert score(WorkplaceSignals(key="b", isic="C13"), on=ON).points == 10
    assert score(WorkplaceSignals(key="c", isic="M69"), on=ON).points == 0


def test_a_negative_count_or_a_share_above_a_hundred_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="complaints"):
        WorkplaceSignals(key="x", complaints=-1)
    with pytest.raises(ValueError, match="migrant_share"):
        WorkplaceSignals(key="x", migrant_share=120)


def test_the_ranking_is_by_points_then_key_whatever_the_input_order():
    items = [
        WorkplaceSignals(key="b", isic="F41"),
        WorkplaceSignals(key="a", isic="F41"),
        WorkplaceSignals(key="c", isic="T97"),
    ]
    forward = [(item.rank, item.score.key) for item in rank(items, on=ON)]
    backward = [(item.rank, item.score.key) for item in rank(reversed(items), on=ON)]
    assert forward == backward == [(1, "c"), (2, "a"), (3, "b")]


def test_the_backtest_on_the_demo_history_ranks_most_forced_labour_finds_first():
    result = backtest(demo_history(), on=ON, top=5)
    assert (result.total, result.found) == (20, 7)
    # By hand: farm-coffee-1 109, site-build-1 91, household-1 90, fishing-boat-1 82 (all
    # finds), packing-1 70 (none), quarry-1 63 (find), household-2 60, car-wash-1 52 (find),
    # cleaning-1 43, hotel-1 40, nail-bar-1 39 (find). Four of seven finds in the top five: 57%
    # of the finds for a quarter of the visits; the last find ranks 11th of 20.
    assert result.ranks_of_found == (1, 2, 3, 4, 6, 8, 11)
    assert result.found_in_top == 4
    assert result.recall_at_top > 2 * result.base_rate


def test_a_workplace_twice_in_the_history_is_refused():
    history = demo_history()
    with pytest.raises(ValueError, match="appears twice"):
        backtest([*history, history[0]], on=ON, top=5)


def test_each_ticked_indicator_becomes_one_screening_indicator_at_destination_first():
    from needsfirst.inspection.referral import screening_facts_from_checklist
    from needsfirst.screening import screen

    start = screening_facts_from_checklist(
        "GB", ["retention_of_identity_documents", "excessive_overtime"], as_of=ON
    )
    assert start.facts["indicators"] == {
        "D5.confiscation_of_documents": "yes",  # not also D2.confiscation_of_documents
        "D4.excessive_hours": "yes",
    }
    assert start.unmapped == ()
    assert "possible_trafficking_victim" in screen(start.facts).label_ids


def test_an_unknown_code_is_returned_apart_to_ask_again():
    from needsfirst.inspection.referral import screening_facts_from_checklist

    start = screening_facts_from_checklist("GB", ["not_a_code"], as_of=ON)
    assert start.facts["indicators"] == {}
    assert start.unmapped == ("not_a_code",)
