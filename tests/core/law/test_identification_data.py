"""The identification law data: counts, strengths and switches as the references state them."""

from collections import Counter

from needsfirst.screening.rules import load_rules


def test_the_adult_labour_set_has_10_10_16_9_15_7_indicators() -> None:
    rules = load_rules()
    counts = Counter(
        i.dimension for i in rules.indicators.values() if "adult_labour" in i.strengths
    )
    assert [counts[d] for d in ("D1", "D2", "D3", "D4", "D5", "D6")] == [10, 10, 16, 9, 15, 7]


def test_the_child_labour_set_has_65_indicators_and_no_weak_tier() -> None:
    rules = load_rules()
    child = [i for i in rules.indicators.values() if "child_labour" in i.strengths]
    assert len(child) == 65
    assert "weak" not in {i.strengths["child_labour"] for i in child}
    absent = {i.id for i in rules.indicators.values() if "child_labour" not in i.strengths}
    assert absent == {"D3.false_information_about_law", "D4.no_social_protection"}


def test_the_sexual_exploitation_sets_are_empty_and_no_set_is_marked_verified() -> None:
    rules = load_rules()
    assert rules.sets_empty == {"adult_sexual", "child_sexual"}
    assert not any(rules.sets_verified.values())
    assert not rules.delphi_source.verified


def test_documents_debt_and_confinement_are_medium_at_recruitment_and_strong_at_destination() -> (
    None
):
    rules = load_rules()
    for name in ("confiscation_of_documents", "debt_bondage", "isolation_confinement_surveillance"):
        assert rules.indicators[f"D2.{name}"].strengths["adult_labour"] == "medium"
        assert rules.indicators[f"D5.{name}"].strengths["adult_labour"] == "strong"


def test_the_step_one_clauses_are_the_four_of_the_brochure() -> None:
    assert load_rules().clauses == ((2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 3, 0), (0, 2, 1))


def test_the_disputed_dimension_three_items_default_to_weak_with_medium_as_the_other_reading() -> (
    None
):
    rules = load_rules()
    for ident in ("D3.difficulties_in_past", "D3.difficulty_organising_travel"):
        assert rules.indicators[ident].strengths["adult_labour"] == "weak"
        assert rules.indicators[ident].disputed["adult_labour"] == "medium"
    assert rules.default_switches.d3_disputed_strength == "weak"
    assert rules.default_switches.child_requires_recruitment_dimension is True


def test_the_protocol_has_five_acts_nine_means_and_the_child_age_of_eighteen() -> None:
    rules = load_rules()
    assert len(rules.acts) == 5
    assert len(rules.means) == 9
    assert rules.age_of_majority == 18
    assert rules.protocol_source.verified


def test_there_are_eleven_ilo_forced_labour_indicators() -> None:
    assert len(load_rules().ilo11) == 11


def test_the_organised_group_point_is_marked_unverified() -> None:
    rules = load_rules()
    assert rules.not_required["organised_criminal_group"][1].verified is False
    assert rules.not_required["border_crossing"][1].verified is True
