"""The ILO/EC combination rule's open questions, tested under both readings."""

from needsfirst.screening import Switches, screen

ADULT = {"age": 30, "child_at_recruitment": "no", "child_at_exploitation": "no"}


def record(indicators: dict[str, str], person: dict[str, object] | None = None) -> dict:
    return {
        "as_of": "2024-01-01",
        "jurisdiction": "BE",
        "person": person or ADULT,
        "indicators": indicators,
    }


DISPUTED = {
    "D3.economic_reasons": "yes",
    "D3.difficulties_in_past": "yes",
    "D3.difficulty_organising_travel": "yes",
    **dict.fromkeys(
        (
            "D3.abuse_of_difficult_family_situation",
            "D3.abuse_of_illegal_status",
            "D3.abuse_of_lack_of_education",
            "D3.abuse_of_lack_of_information",
            "D3.control_of_exploiters",
            "D3.false_information_about_law",
            "D3.false_information_about_migration",
            "D3.family_situation",
            "D3.personal_situation",
            "D3.psychological_dependency",
            "D3.relationship_with_authorities",
            "D3.abuse_of_cultural_beliefs",
            "D3.general_context",
        ),
        "no",
    ),
}


def test_one_medium_and_two_disputed_items_are_not_positive_when_they_are_weak() -> None:
    result = screen(record(DISPUTED), switches=Switches(d3_disputed_strength="weak"))
    assert result.dimensions["D3"] == "no"


def test_one_medium_and_two_disputed_items_are_positive_when_they_are_medium() -> None:
    result = screen(record(DISPUTED), switches=Switches(d3_disputed_strength="medium"))
    assert result.dimensions["D3"] == "yes"


CHILD_EXPLOITED = {
    "D4.excessive_hours": "yes",
    "D4.hazardous_work": "yes",
}


def child_record() -> dict:
    r = record(CHILD_EXPLOITED, {"age": 14})
    r["acts"] = {"harbouring": "yes"}
    return r


def test_a_child_harboured_for_exploitative_work_is_presumed_under_either_reading() -> None:
    # Art. 3(c): an act for the purpose of exploitation is enough for a child; the ILO/EC
    # dimensions are evidence for the purpose, not a route of their own (issue 7), so the
    # child-set switch no longer decides the outcome.
    for switch in (True, False):
        result = screen(
            child_record(), switches=Switches(child_requires_recruitment_dimension=switch)
        )
        presumed = result.label("presumed_trafficking_victim")
        assert presumed is not None
        assert presumed.details["category"] == "child"
        assert presumed.rests_on_unverified


def test_an_adult_with_the_same_facts_is_not_presumed_under_either_reading() -> None:
    for switch in (True, False):
        r = child_record()
        r["person"] = ADULT
        result = screen(r, switches=Switches(child_requires_recruitment_dimension=switch))
        assert "presumed_trafficking_victim" not in result.label_ids
