"""Questions: ranked over single unknowns and over pairs of unknowns that decide only
together; none about work when no work is recorded; none already answered."""

from __future__ import annotations

from needsfirst.screening import screen
from needsfirst.screening.logic import INDEX, KEYS, Tri, levels, rank_unknowns

ADULT = {"age": 30, "child_at_recruitment": "no", "child_at_exploitation": "no"}


def state(**known: Tri) -> tuple[Tri, ...]:
    values: list[Tri] = [None] * len(KEYS)
    for key, value in known.items():
        values[INDEX[key]] = value
    return tuple(values)


def test_means_and_purpose_are_asked_together_when_only_both_decide() -> None:
    # an adult with an act: a means alone or a purpose alone changes nothing decisive for
    # the Protocol unless the other is known; the pair is asked
    base = state(child=False, act=True)
    ranked = {key: (impact, other) for key, impact, _families, other in rank_unknowns(base, False)}
    assert "means" in ranked
    assert "purpose" in ranked
    both = list(base)
    both[INDEX["means"]] = True
    both[INDEX["purpose"]] = True
    assert levels(tuple(both), False)[0] == 3


def test_a_pair_is_only_asked_when_it_changes_an_outcome() -> None:
    closed = state(child=False, act=False)
    asked = {key for key, *_ in rank_unknowns(closed, False)}
    assert "means" not in asked
    assert "purpose" not in asked


def test_no_question_about_work_when_no_work_is_recorded() -> None:
    result = screen(
        {
            "as_of": "2024-01-01",
            "jurisdiction": "GB",
            "person": ADULT,
            "acts": {"recruitment": "yes"},
        }
    )
    asked = {q.fact for q in result.questions}
    assert not asked & {"involuntariness", "menace", "exploitation"}
    assert {"means", "purpose"} <= asked


def test_agreement_is_not_asked_again_when_it_is_recorded() -> None:
    result = screen(
        {
            "as_of": "2024-01-01",
            "jurisdiction": "GB",
            "person": ADULT,
            "indicators": {"D5.threats_of_violence": "yes"},
            "own_view": {"agreed_to_conditions": "no"},
            "work": {"sector": "agriculture"},
        }
    )
    for question in result.questions:
        assert "agree" not in question.question


def test_no_question_is_about_an_answered_element() -> None:
    result = screen(
        {
            "as_of": "2024-01-01",
            "jurisdiction": "GB",
            "person": ADULT,
            "acts": {"recruitment": "yes"},
            "means": {"deception": "yes"},
        }
    )
    asked = {q.fact for q in result.questions}
    assert "act" not in asked
    assert "means" not in asked
    assert "child" not in asked
