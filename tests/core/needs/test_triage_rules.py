"""Every triage rule, one case each: the facts that fire it, the urgency, and that it needs them."""

from __future__ import annotations

import pytest

from needsfirst.needs import Answer, AssessmentFacts, Domain, Urgency, needs_assess
from needsfirst.needs.rules import rule_book

Y = Answer.YES

# rule id -> (facts that fire it, domain, urgency it must give the action)
CASES: dict[str, tuple[dict[str, Answer], Domain, Urgency]] = {
    "SAFE-THREAT": ({"threat_from_exploiter": Y}, Domain.SAFETY, Urgency.NOW),
    "SAFE-LOCATION": ({"exploiter_knows_location": Y}, Domain.SAFETY, Urgency.NOW),
    "SAFE-CONTROL": ({"still_under_exploiter_control": Y}, Domain.SAFETY, Urgency.NOW),
    "SAFE-CONTROL-UNCLEAR": ({}, Domain.SAFETY, Urgency.WITHIN_24_HOURS),
    "SAFE-SELF-HARM": ({"self_harm_risk": Y}, Domain.SAFETY, Urgency.NOW),
    "SAFE-FAMILY": ({"family_threatened": Y}, Domain.SAFETY, Urgency.WITHIN_24_HOURS),
    "SHELTER-TONIGHT": ({"no_safe_place_tonight": Y}, Domain.SHELTER, Urgency.NOW),
    "SHELTER-EXPLOITER-HOUSING": (
        {"housing_controlled_by_exploiter": Y},
        Domain.SHELTER,
        Urgency.WITHIN_24_HOURS,
    ),
    "SHELTER-EXPLOITER-HOUSING-KNOWN": (
        {"housing_controlled_by_exploiter": Y, "exploiter_knows_location": Y},
        Domain.SHELTER,
        Urgency.NOW,
    ),
    "MATERIAL-FOOD": ({"no_food_or_money": Y}, Domain.FOOD_AND_MATERIAL, Urgency.WITHIN_24_HOURS),
    "MATERIAL-ESSENTIALS": (
        {"lacks_essentials": Y},
        Domain.FOOD_AND_MATERIAL,
        Urgency.WITHIN_A_WEEK,
    ),
    "MED-SERIOUS": ({"serious_injury_or_illness": Y}, Domain.MEDICAL_URGENT, Urgency.NOW),
    "MED-INJURY": ({"injury": Y}, Domain.MEDICAL_URGENT, Urgency.WITHIN_24_HOURS),
    "MED-INJURY-PREGNANT": ({"injury": Y, "pregnant": Y}, Domain.MEDICAL_URGENT, Urgency.NOW),
    "MED-SEXUAL-VIOLENCE": ({"recent_sexual_violence": Y}, Domain.MEDICAL_URGENT, Urgency.NOW),
    "MED-PREGNANT": ({"pregnant": Y}, Domain.MEDICAL_NON_URGENT, Urgency.WITHIN_A_WEEK),
    "MED-TREATMENT-STOPPED": (
        {"medication_interrupted": Y},
        Domain.MEDICAL_NON_URGENT,
        Urgency.WITHIN_24_HOURS,
    ),
    "MED-OTHER": ({"other_health_concern": Y}, Domain.MEDICAL_NON_URGENT, Urgency.WITHIN_A_WEEK),
    "PSY-ACUTE": ({"acute_distress": Y}, Domain.PSYCHOLOGICAL, Urgency.WITHIN_24_HOURS),
    "PSY-WISH": ({"wants_psychological_support": Y}, Domain.PSYCHOLOGICAL, Urgency.WITHIN_A_WEEK),
    "LEGAL-REMOVAL-SCHEDULED": ({"removal_scheduled": Y}, Domain.LEGAL, Urgency.NOW),
    "LEGAL-DETENTION-RISK": (
        {"detained_or_removal_risk": Y},
        Domain.LEGAL,
        Urgency.WITHIN_24_HOURS,
    ),
    "LEGAL-NO-STATUS": ({"without_residence_status": Y}, Domain.LEGAL, Urgency.WITHIN_A_WEEK),
    "LEGAL-CHARGES": ({"criminal_charges": Y}, Domain.LEGAL, Urgency.WITHIN_24_HOURS),
    "LEGAL-DOCUMENTS": ({"documents_withheld_or_lost": Y}, Domain.LEGAL, Urgency.WITHIN_A_WEEK),
    "LEGAL-CLAIMS": ({"unpaid_wages_or_fees": Y}, Domain.LEGAL, Urgency.WITHIN_A_WEEK),
    "LEGAL-COMPLAINT": ({"wants_to_complain_or_claim": Y}, Domain.LEGAL, Urgency.WITHIN_A_WEEK),
    "LEGAL-RIGHTS-INFO": ({}, Domain.LEGAL, Urgency.WITHIN_24_HOURS),
    "INTERPRETER": ({"needs_interpreter": Y}, Domain.INTERPRETATION, Urgency.NOW),
    "FAMILY-CONTACT": (
        {"wants_family_contact": Y},
        Domain.FAMILY_AND_SOCIAL,
        Urgency.WITHIN_A_WEEK,
    ),
    "FAMILY-DEPENDANTS": (
        {"dependants_with_them": Y},
        Domain.FAMILY_AND_SOCIAL,
        Urgency.WITHIN_24_HOURS,
    ),
    "CHILD-ALONE": ({"child": Y, "unaccompanied": Y}, Domain.CHILD_PROTECTION, Urgency.NOW),
    "CHILD-ALONE-UNCLEAR": ({"child": Y}, Domain.CHILD_PROTECTION, Urgency.WITHIN_24_HOURS),
    "CHILD-PRESUMED": ({"child": Y}, Domain.CHILD_PROTECTION, Urgency.WITHIN_24_HOURS),
    "CHILD-SCHOOL": (
        {"child": Y, "out_of_school": Y},
        Domain.CHILD_PROTECTION,
        Urgency.WITHIN_A_WEEK,
    ),
    "WORK-NO-INCOME": ({"no_income": Y}, Domain.WORK_AND_INCOME, Urgency.WITHIN_A_WEEK),
    "WORK-WISH": ({"wants_work_or_training": Y}, Domain.WORK_AND_INCOME, Urgency.PLANNED),
    "RETURN-FEAR": ({"fears_return": Y}, Domain.RETURN_OR_INTEGRATION, Urgency.WITHIN_A_WEEK),
    "RETURN-WISH": ({"wants_to_return": Y}, Domain.RETURN_OR_INTEGRATION, Urgency.PLANNED),
    "RETURN-CHILD": (
        {"child": Y, "wants_to_return": Y},
        Domain.RETURN_OR_INTEGRATION,
        Urgency.WITHIN_A_WEEK,
    ),
    "STAY-WISH": ({"wants_to_stay": Y}, Domain.RETURN_OR_INTEGRATION, Urgency.PLANNED),
    "FUTURE-OPTIONS": ({}, Domain.RETURN_OR_INTEGRATION, Urgency.PLANNED),
}

# The other facts answered "no", so that only the rule under test can be responsible.
ALL_NO = {
    name: Answer.NO
    for name in AssessmentFacts.__dataclass_fields__
    if name not in {"language", "age_estimate"}
}


def _reasons_by_rule(facts: AssessmentFacts) -> dict[str, tuple[Domain, Urgency]]:
    found = {}
    for need in needs_assess(facts).needs:
        for action in need.actions:
            for reason in action.reasons:
                found[reason.rule_id] = (need.domain, reason.urgency)
    return found


def test_every_rule_in_the_rule_book_has_a_case_here() -> None:
    assert {rule.id for rule in rule_book().rules} == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_rule_fires_on_its_facts_with_its_urgency_and_domain(rule_id: str) -> None:
    answers, domain, urgency = CASES[rule_id]
    base = dict(ALL_NO)
    if rule_id in {"SAFE-CONTROL-UNCLEAR", "CHILD-ALONE-UNCLEAR"}:
        # These fire on "unknown" too: leave the deciding fact unknown.
        base[
            "still_under_exploiter_control"
            if rule_id == "SAFE-CONTROL-UNCLEAR"
            else "unaccompanied"
        ] = Answer.UNKNOWN
    facts = AssessmentFacts(**{**base, **answers})
    assert _reasons_by_rule(facts).get(rule_id) == (domain, urgency)


@pytest.mark.parametrize("rule_id", sorted(rule for rule, case in CASES.items() if case[0]))
def test_the_rule_stays_silent_when_any_of_its_facts_is_no(rule_id: str) -> None:
    answers, _domain, _urgency = CASES[rule_id]
    for name in answers:
        facts = AssessmentFacts(**{**ALL_NO, **answers, name: Answer.NO})
        assert rule_id not in _reasons_by_rule(facts), name


def test_the_need_takes_the_urgency_of_its_most_urgent_rule() -> None:
    facts = AssessmentFacts(injury=Y)
    assert needs_assess(facts).urgency_of(Domain.MEDICAL_URGENT) is Urgency.WITHIN_24_HOURS
    facts = AssessmentFacts(injury=Y, serious_injury_or_illness=Y)
    assert needs_assess(facts).urgency_of(Domain.MEDICAL_URGENT) is Urgency.NOW


def test_a_child_alone_is_flagged_now_with_the_convention_article_as_reason() -> None:
    need = needs_assess(AssessmentFacts(child=Y, unaccompanied=Y)).need(Domain.CHILD_PROTECTION)
    assert need is not None
    assert need.urgency is Urgency.NOW
    guardian = next(a for a in need.actions if a.action_id == "guardian")
    assert guardian.reasons[0].rule_id == "CHILD-ALONE"
    assert guardian.reasons[0].source.provision == "Art. 10(4)(a)"
    assert guardian.reasons[0].facts == (("child", Y), ("unaccompanied", Y))


def test_an_age_estimate_under_18_counts_as_a_child_without_the_child_answer() -> None:
    need = needs_assess(AssessmentFacts(age_estimate=15, unaccompanied=Y)).need(
        Domain.CHILD_PROTECTION
    )
    assert need is not None
    assert need.urgency is Urgency.NOW


def test_unknown_facts_come_back_as_open_questions_in_their_domain() -> None:
    assessment = needs_assess(AssessmentFacts(injury=Answer.NO))
    facts = {question.fact: question.domain for question in assessment.open_questions}
    assert "injury" not in facts
    assert facts["threat_from_exploiter"] is Domain.SAFETY
    assert facts["needs_interpreter"] is Domain.INTERPRETATION


def test_needs_are_ordered_most_urgent_first() -> None:
    assessment = needs_assess(AssessmentFacts(wants_to_stay=Y, no_safe_place_tonight=Y))
    urgencies = [need.urgency for need in assessment.needs]
    assert urgencies == sorted(urgencies, reverse=True)
    assert assessment.needs[0].domain is Domain.SHELTER
