"""The conclusions issue 7 asks of the engine: it can say no, one fact never makes a
presumption, an explicit answer is never overridden, and the missing qualifications exist."""

from __future__ import annotations

from typing import Any

import pytest

from needsfirst.screening import ScreeningInputError, screen
from needsfirst.screening.rules import load_rules

ADULT = {"age": 30, "child_at_recruitment": "no", "child_at_exploitation": "no"}
ALL_MEANS_NO = dict.fromkeys(load_rules().means, "no")
ALL_PURPOSES_NO = dict.fromkeys(
    ("SexualExploitation", "ForcedLabour", "Servitude", "Slavery", "OrganRemoval"), "no"
)


def rec(**parts: Any) -> dict[str, Any]:
    return {"as_of": "2024-01-01", "jurisdiction": "GB", **parts}


def test_all_means_answered_no_closes_the_protocol_question_for_an_adult() -> None:
    result = screen(
        rec(
            person=ADULT,
            acts={"recruitment": "yes"},
            means=ALL_MEANS_NO,
            purposes={"ForcedLabour": "yes"},
            own_view={"agreed_to_conditions": "yes", "free_to_leave": "yes"},
        )
    )
    assert "trafficking_not_established" in result.label_ids
    assert "possible_trafficking_victim" not in result.label_ids
    assert result.instruments["trafficking_protocol"].status == "no"


def test_every_purpose_answered_no_closes_the_protocol_question() -> None:
    result = screen(
        rec(
            person=ADULT,
            acts={"recruitment": "yes"},
            means={"deception": "yes"},
            purposes=ALL_PURPOSES_NO,
        )
    )
    assert "trafficking_not_established" in result.label_ids
    assert "presumed_trafficking_victim" not in result.label_ids


def test_a_conflicting_indicator_is_reported_when_all_means_are_no() -> None:
    result = screen(
        rec(
            person=ADULT,
            acts={"recruitment": "yes"},
            means=ALL_MEANS_NO,
            purposes={"ForcedLabour": "yes"},
            indicators={"D1.nature_of_job": "yes"},
        )
    )
    assert "trafficking_not_established" in result.label_ids
    assert any("indicators.D1.nature_of_job" in c.facts for c in result.conflicts)


def test_a_record_whose_only_fact_is_isolation_is_never_a_presumption() -> None:
    result = screen(rec(indicators={"D5.isolation_confinement_surveillance": "yes"}))
    assert "presumed_trafficking_victim" not in result.label_ids
    assert "forced_labour_victim" not in result.label_ids
    possible = result.label("possible_trafficking_victim")
    assert possible is not None
    assert possible.details["single_fact"] is True
    undetermined = result.label("forced_labour_undetermined")
    assert undetermined is not None
    assert undetermined.details["missing"] in (["involuntariness"], ["menace"])
    assert "single fact" in result.summary


def test_involuntariness_and_menace_each_need_their_own_fact() -> None:
    one = screen(
        rec(person=ADULT, indicators={"D5.debt_bondage": "yes"}, work={"sector": "general"})
    )
    assert one.instruments["forced_labour"].status == "undetermined"
    two = screen(
        rec(
            person=ADULT,
            indicators={"D5.debt_bondage": "yes", "D5.threats_of_violence": "yes"},
            work={"sector": "general"},
        )
    )
    assert two.instruments["forced_labour"].status == "yes"
    elements = two.instruments["forced_labour"].elements
    assert not (elements["involuntariness"].units[0].facts & elements["menace"].units[0].facts)


def test_forced_labour_answered_no_is_never_made_the_purpose() -> None:
    result = screen(
        rec(
            person=ADULT,
            acts={"recruitment": "yes"},
            means={"deception": "yes"},
            purposes={"ForcedLabour": "no"},
            indicators={"D5.threats_of_violence": "yes"},
            own_view={"free_to_leave": "no"},
        )
    )
    assert result.instruments["forced_labour"].status == "yes"
    assert "presumed_trafficking_victim" not in result.label_ids
    assert any("purposes.ForcedLabour" in c.facts for c in result.conflicts)


def test_an_indicator_answered_no_is_kept_against_a_derived_fact_and_the_conflict_shown() -> None:
    result = screen(
        rec(
            indicators={"D5.confiscation_of_documents": "no"},
            work={"documents_held_by": "employer"},
        )
    )
    assert any("indicators.D5.confiscation_of_documents" in c.facts for c in result.conflicts)
    assert not any(
        line.startswith("D5.confiscation_of_documents") for line in result.derived_indicators
    )


def test_involuntariness_comes_from_a_means_used_to_make_the_person_work() -> None:
    result = screen(
        rec(
            person=ADULT,
            means={"use_of_force": "yes"},
            indicators={"D5.threat_of_denunciation": "yes"},
            work={},
        )
    )
    assert result.instruments["forced_labour"].status == "yes"


def test_involuntariness_comes_from_the_duress_items() -> None:
    result = screen(
        rec(
            person=ADULT,
            indicators={"D4.bad_living_conditions": "yes", "D5.threats_of_violence": "yes"},
            work={"sector": "agriculture"},
        )
    )
    assert result.instruments["forced_labour"].status == "yes"
    invol = result.instruments["forced_labour"].elements["involuntariness"]
    assert not invol.units[0].verified


def test_pay_below_the_promise_but_above_the_minimum_without_coercion_is_a_wage_claim() -> None:
    law = {
        "minimum_wage": {
            "amount": 10,
            "currency": "GBP",
            "period": "hour",
            "source": {"title": "National Minimum Wage Regulations"},
        }
    }
    result = screen(
        rec(
            person=ADULT,
            law=law,
            work={
                "wage_promised": {"amount": 15, "currency": "GBP", "period": "hour"},
                "wage_paid": {"amount": 12, "currency": "GBP", "period": "hour"},
            },
        )
    )
    assert "contract_breach" in result.label_ids
    assert "exploited_worker" not in result.label_ids
    assert "possible_trafficking_victim" not in result.label_ids
    assert not any(line.startswith("D1.wages") for line in result.derived_indicators)


def test_pay_of_zero_agreed_in_advance_is_not_withholding_of_wages() -> None:
    result = screen(
        rec(
            person=ADULT,
            work={
                "wage_promised": {"amount": 0, "currency": "GBP", "period": "month"},
                "wage_paid": {"amount": 0, "currency": "GBP", "period": "month"},
            },
        )
    )
    assert not any(line.startswith("D5.withholding_of_wages") for line in result.derived_indicators)


@pytest.mark.parametrize(
    ("migrant", "label"),
    [("yes", "exploited_migrant"), ("unknown", "exploited_worker"), ("no", "exploited_worker")],
)
def test_exploited_migrant_only_when_migrant_status_is_known(migrant: str, label: str) -> None:
    result = screen(
        rec(person={**ADULT, "migrant": migrant}, work={"documents_held_by": "employer"})
    )
    assert label in result.label_ids
    assert ("exploited_migrant" in result.label_ids) is (migrant == "yes")


def test_an_unknown_jurisdiction_is_accepted_and_the_result_says_what_was_skipped() -> None:
    for record in ({"as_of": "2024-01-01"}, {"as_of": "2024-01-01", "jurisdiction": "unknown"}):
        record["work"] = {"wage_paid": {"amount": 3, "currency": "USD", "period": "hour"}}
        result = screen(record)
        assert any("not known" in note for note in result.notes)


def test_a_supplied_minimum_wage_is_used_and_the_result_says_so() -> None:
    law = {
        "minimum_wage": {
            "amount": 5,
            "currency": "USD",
            "period": "hour",
            "source": {"title": "Decree 12/2009", "url": "https://example.org/decree"},
        }
    }
    result = screen(
        {
            "as_of": "2009-06-01",
            "law": law,
            "person": {**ADULT, "migrant": "yes"},
            "work": {
                "wage_paid": {"amount": 5, "currency": "USD", "period": "day"},
                "hours_per_day": 10,
                "days_per_week": 6,
            },
        }
    )
    exploited = result.label("exploited_migrant")
    assert exploited is not None
    assert "below_minimum_wage" in exploited.details["tests"]
    assert exploited.details["law_used"]["minimum_wage"] == "supplied"
    assert any("Decree 12/2009" in line for line in result.calculations)


def test_a_supplied_legal_value_without_a_source_is_refused_naming_the_field() -> None:
    with pytest.raises(ScreeningInputError) as refused:
        screen(rec(law={"minimum_wage": {"amount": 5, "currency": "USD", "period": "hour"}}))
    assert refused.value.field.startswith("law.minimum_wage")
    with pytest.raises(ScreeningInputError) as blank:
        screen(rec(law={"working_time": {"max_hours_per_week": 48, "source": {"title": "  "}}}))
    assert blank.value.field == "law.working_time.source"


def test_impossible_values_are_refused_naming_the_field() -> None:
    with pytest.raises(ScreeningInputError) as late:
        screen(rec(dates={"recruitment": "2025-01-01"}))
    assert late.value.field == "dates.recruitment"
    with pytest.raises(ScreeningInputError) as negative:
        screen(rec(work={"hours_per_week": -4}))
    assert negative.value.field == "work.hours_per_week"


def test_weekly_hours_and_an_unknown_pay_period_can_be_recorded() -> None:
    result = screen(
        rec(
            law={
                "working_time": {
                    "max_hours_per_week": 48,
                    "min_weekly_rest_hours": 24,
                    "source": {"title": "Working Time Regulations 1998"},
                }
            },
            work={
                "hours_per_week": 70,
                "wage_paid": {"amount": 300, "currency": "GBP", "period": "unknown"},
            },
        )
    )
    exploited = result.label("exploited_worker")
    assert exploited is not None
    assert "excessive_hours" in exploited.details["tests"]
    assert any("period is not known" in note for note in result.notes)


def test_servitude_is_forced_labour_with_a_further_denial_of_freedom() -> None:
    result = screen(
        rec(
            person=ADULT,
            indicators={
                "D5.threats_of_violence": "yes",
                "D5.isolation_confinement_surveillance": "yes",
                "D6.dependency_on_exploiters": "yes",
            },
            own_view={"free_to_leave": "no"},
            work={"sector": "domestic_work"},
        )
    )
    assert "servitude" in result.label_ids
    assert "forced_labour_victim" in result.label_ids


def test_a_debt_tying_the_person_to_the_work_is_a_practice_similar_to_slavery() -> None:
    result = screen(rec(person=ADULT, work={"debt": {"tied_to_work": "yes"}}))
    practice = result.label("practice_similar_to_slavery")
    assert practice is not None
    assert practice.details["practice"] == "debt_bondage"


def test_slavery_needs_a_sale_and_a_separate_fact_of_control() -> None:
    sold = {"answer": "yes", "by": ["SoldIndividual"]}
    result = screen(rec(person=ADULT, acts={"transfer": sold}, own_view={"free_to_leave": "no"}))
    assert "slavery" in result.label_ids
    alone = screen(rec(person=ADULT, acts={"transfer": sold}))
    assert "slavery" not in alone.label_ids


def test_forced_criminality_is_a_purpose_of_exploitation() -> None:
    result = screen(
        rec(
            person=ADULT,
            acts={"recruitment": "yes"},
            means={"deception": "yes"},
            purposes={"ForcedCriminality": "yes"},
        )
    )
    presumed = result.label("presumed_trafficking_victim")
    assert presumed is not None
    assert "ForcedCriminality" in presumed.details["purposes"]


def test_an_act_alone_is_insufficient_information() -> None:
    result = screen(rec(person=ADULT, acts={"recruitment": "yes"}))
    assert result.label_ids == ("insufficient_information",)


def test_every_result_has_the_five_instruments_and_a_translatable_summary() -> None:
    result = screen(rec(person=ADULT, acts={"recruitment": "yes"}, means={"deception": "yes"}))
    assert set(result.instruments) == {
        "trafficking_protocol",
        "forced_labour",
        "slavery",
        "smuggling_protocol",
        "labour_standards",
    }
    for instrument in result.instruments.values():
        assert instrument.status in ("yes", "no", "undetermined")
    assert result.summary.count(".") >= 2
    assert str(result.summary) in result.as_dict()["messages"]


def test_a_purpose_answered_no_alone_does_not_raise_the_forced_labour_question() -> None:
    result = screen(rec(person=ADULT, acts={"transportation": "yes"}, purposes=ALL_PURPOSES_NO))
    assert "trafficking_not_established" in result.label_ids
    assert not any(label.startswith("forced_labour") for label in result.label_ids)


def test_at_risk_is_not_given_once_trafficking_is_ruled_out() -> None:
    result = screen(
        rec(
            person=ADULT,
            acts=dict.fromkeys(load_rules().acts, "no"),
            indicators={"D5.threats_of_violence": "yes"},
            own_view={"free_to_leave": "no"},
            work={"sector": "construction"},
        )
    )
    assert "trafficking_not_established" in result.label_ids
    assert "forced_labour_victim" in result.label_ids
    assert "at_risk" not in result.label_ids
    assert result.summary.startswith("Trafficking is not established")


def test_a_wage_claim_alone_is_headlined_as_no_element_of_trafficking_shown() -> None:
    result = screen(
        rec(
            person=ADULT,
            law={
                "minimum_wage": {
                    "amount": 10,
                    "currency": "GBP",
                    "period": "hour",
                    "source": {"title": "National Minimum Wage Regulations 2015"},
                }
            },
            work={
                "wage_promised": {"amount": 15, "currency": "GBP", "period": "hour"},
                "wage_paid": {"amount": 12, "currency": "GBP", "period": "hour"},
            },
        )
    )
    assert "contract_breach" in result.label_ids
    assert result.summary.startswith("No element of trafficking is shown")


def test_there_is_one_per_hour_and_one_weeks_per_month_in_the_core() -> None:
    from pathlib import Path

    core = Path(__file__).resolve().parents[3] / "src" / "needsfirst"
    sources = [p.read_text(encoding="utf-8") for p in core.rglob("*.py") if "web" not in p.parts]
    assert sum(s.count("def per_hour(") for s in sources) == 1
    assert sum(s.count("WEEKS_PER_MONTH =") for s in sources) == 1
    assert sum(s.count("Decimal(52) / Decimal(12)") for s in sources) == 1


def test_every_conflict_is_explained_in_a_sentence() -> None:
    records = [
        rec(
            person=ADULT,
            acts={"recruitment": "yes"},
            means=ALL_MEANS_NO,
            indicators={
                "D1.nature_of_job": "yes",
                "D3.abuse_of_illegal_status": "yes",
                "D3.abuse_of_lack_of_information": "yes",
                "D3.abuse_of_difficult_family_situation": "yes",
            },
        ),
        rec(
            indicators={"D5.confiscation_of_documents": "no"},
            work={"documents_held_by": "employer"},
        ),
        rec(
            person=ADULT,
            acts={"harbouring": "no"},
            indicators={"D5.isolation_confinement_surveillance": "yes"},
            purposes={"ForcedLabour": "no"},
            own_view={"agreed_to_conditions": "yes", "free_to_leave": "yes"},
        ),
    ]
    for record in records:
        result = screen(record)
        assert result.conflicts
        for conflict in result.conflicts:
            assert conflict.text, conflict.facts
            assert len(conflict.facts) >= 2


FORCED = {"D5.debt_bondage": "yes", "D5.threats_of_violence": "yes"}


@pytest.mark.parametrize(
    ("exclusion", "provision"),
    [
        ("military_service", "Art. 2(2)(a)"),
        ("civic_obligation", "Art. 2(2)(b)"),
        ("conviction_under_public_supervision", "Art. 2(2)(c)"),
        ("emergency", "Art. 2(2)(d)"),
        ("minor_communal_services", "Art. 2(2)(e)"),
    ],
)
def test_work_excluded_by_c029_article_2_2_is_not_forced_labour_and_the_paragraph_is_cited(
    exclusion: str, provision: str
) -> None:
    work = {"sector": "general", "c029_exclusion": exclusion}
    result = screen(rec(person=ADULT, indicators=FORCED, work=work))
    assert result.instruments["forced_labour"].status == "no"
    assert "forced_labour_victim" not in result.label_ids
    assert "servitude" not in result.label_ids
    conclusion = result.label("forced_labour_not_established")
    assert conclusion is not None
    assert any(provision in element.source for element in conclusion.elements)


def test_work_with_no_c029_exclusion_is_still_forced_labour() -> None:
    for work in ({"sector": "general"}, {"sector": "general", "c029_exclusion": "none"}):
        result = screen(rec(person=ADULT, indicators=FORCED, work=work))
        assert "forced_labour_victim" in result.label_ids


def test_deductions_recorded_without_the_pay_received_are_kept_and_the_gap_is_named() -> None:
    deductions = {"amount": 281, "currency": "USD", "period": "week"}
    result = screen(rec(person=ADULT, work={"sector": "agriculture", "deductions": deductions}))
    assert any("not the pay received" in note for note in result.notes)


def test_deductions_in_another_currency_than_the_pay_are_still_refused_naming_the_field() -> None:
    work = {
        "wage_paid": {"amount": 300, "currency": "USD", "period": "week"},
        "deductions": {"amount": 20, "currency": "EUR", "period": "week"},
    }
    with pytest.raises(ScreeningInputError) as error:
        screen(rec(person=ADULT, work=work))
    assert error.value.field == "work.deductions"


CONFINED = {"D5.isolation_confinement_surveillance": "yes"}
THREATENED = {"D5.threats_of_violence": "yes"}
UNPAID = {"wage_paid": {"amount": 0, "currency": "BRL", "period": "month"}}
UNDERPAID = {"wage_paid": {"amount": 300, "currency": "BRL", "period": "month"}}


def test_slavery_without_a_sale_needs_confinement_unpaid_labour_and_violence_or_threats() -> None:
    """Hacienda Brasil Verde: held by armed guards, threatened, never paid."""
    result = screen(rec(person=ADULT, indicators={**CONFINED, **THREATENED}, work=UNPAID))
    assert "slavery" in result.label_ids
    slavery = result.instruments["slavery"]
    used = [unit.facts for e in ("ownership", "control") for unit in slavery.elements[e].units]
    assert len(used) == 3
    assert len(used[0] | used[1] | used[2]) == sum(len(facts) for facts in used)


def test_the_persons_agreement_to_work_without_pay_does_not_stop_slavery() -> None:
    """R v Tang: agreeing to work off the debt was no answer."""
    work = {
        "wage_promised": {"amount": 0, "currency": "AUD", "period": "week"},
        "wage_paid": {"amount": 0, "currency": "AUD", "period": "week"},
        "documents_held_by": "employer",
    }
    own_view = {"agreed_to_conditions": "yes"}
    result = screen(rec(person=ADULT, indicators=CONFINED, work=work, own_view=own_view))
    assert "slavery" in result.label_ids


def test_forced_labour_with_pay_below_the_minimum_is_not_slavery() -> None:
    result = screen(rec(person=ADULT, indicators={**CONFINED, **THREATENED}, work=UNDERPAID))
    assert "forced_labour_victim" in result.label_ids
    assert "slavery" not in result.label_ids


def test_a_person_unpaid_with_documents_held_who_says_they_could_not_leave_is_not_a_slave() -> None:
    """Siliadin v France: servitude, not slavery: the person's own inability to leave is not
    movement controlled by others."""
    work = {**UNPAID, "documents_held_by": "employer"}
    result = screen(rec(person=ADULT, work=work, own_view={"free_to_leave": "no"}))
    assert "slavery" not in result.label_ids


def test_one_fact_never_shows_two_powers_of_ownership() -> None:
    """Debt bondage alone is not violence, and confinement without anything else is not
    slavery; unpaid work under threats without confinement is not either."""
    assert "slavery" not in screen(rec(person=ADULT, indicators=CONFINED, work=UNPAID)).label_ids
    assert "slavery" not in screen(rec(person=ADULT, indicators=THREATENED, work=UNPAID)).label_ids
    debt = {"D5.debt_bondage": "yes", **CONFINED}
    assert "slavery" not in screen(rec(person=ADULT, indicators=debt)).label_ids


CHILD = {"age": 10, "child_at_recruitment": "yes", "child_at_exploitation": "yes"}
ABUSED = {"D4.bad_living_conditions": "yes", "D5.violence": "yes"}
SCHOOLED = {**ABUSED, "D4.no_access_to_education": "no"}
HELPS_AT_HOME = {"sector": "domestic_work", "household_help": "yes"}


def child_record(indicators: dict[str, str], work: dict[str, Any]) -> dict[str, Any]:
    return rec(
        jurisdiction="FR",
        person=CHILD,
        acts={"receipt": "yes", "harbouring": "yes"},
        indicators=indicators,
        work=work,
    )


def test_a_schooled_child_helping_in_her_own_household_is_not_in_forced_labour() -> None:
    """C.N. and V. v France, the younger sister: ill-treatment and poor conditions are not, on
    their own, work exacted under the menace of a penalty."""
    result = screen(child_record(SCHOOLED, HELPS_AT_HOME))
    assert result.instruments["forced_labour"].status == "no"
    assert "forced_labour_not_established" in result.label_ids
    assert "servitude" not in result.label_ids
    assert "presumed_trafficking_victim" not in result.label_ids
    conclusion = result.label("forced_labour_not_established")
    assert conclusion is not None
    assert any("C.N. and V." in element.source for element in conclusion.elements)


def test_a_child_kept_from_school_to_do_the_housework_is_still_in_forced_labour() -> None:
    kept_home = {**ABUSED, "D4.no_access_to_education": "yes"}
    result = screen(child_record(kept_home, HELPS_AT_HOME))
    assert "forced_labour_victim" in result.label_ids


def test_household_help_with_no_weekly_rest_is_a_disproportionate_burden() -> None:
    """C.N. and V. v France, the elder sister: all the housework, no day off."""
    work = {**HELPS_AT_HOME, "weekly_rest_days": 0}
    result = screen(child_record(SCHOOLED, work))
    assert "forced_labour_victim" in result.label_ids


def test_work_for_an_employer_is_judged_as_before_whatever_the_schooling() -> None:
    for work in ({"sector": "domestic_work"}, {**HELPS_AT_HOME, "household_help": "no"}):
        result = screen(child_record(SCHOOLED, work))
        assert "forced_labour_victim" in result.label_ids


def test_an_adults_household_help_counts_as_ordinary_only_with_hours_within_the_limit() -> None:
    unknown_hours = screen(rec(person=ADULT, indicators=ABUSED, work=HELPS_AT_HOME))
    assert "forced_labour_victim" in unknown_hours.label_ids
    work = {**HELPS_AT_HOME, "hours_per_day": 3, "days_per_week": 5, "weekly_rest_days": 2}
    within = screen(rec(person=ADULT, indicators=ABUSED, work=work))
    assert within.instruments["forced_labour"].status == "no"


def test_slavery_cites_the_reading_it_rests_on_from_the_law_data() -> None:
    without_sale = screen(rec(person=ADULT, indicators={**CONFINED, **THREATENED}, work=UNPAID))
    conclusion = without_sale.label("slavery")
    assert conclusion is not None
    assert all("R v Tang" in element.source for element in conclusion.elements)
    sold = {"answer": "yes", "by": ["SoldIndividual"]}
    by_sale = screen(rec(person=ADULT, acts={"transfer": sold}, own_view={"free_to_leave": "no"}))
    conclusion = by_sale.label("slavery")
    assert conclusion is not None
    assert all(
        element.source == "Slavery Convention (1926), Art. 1(1)" for element in conclusion.elements
    )


def test_the_instrument_results_cite_the_exclusion_and_the_reading_of_slavery_they_rest_on() -> (
    None
):
    excluded = screen(
        rec(
            person=ADULT,
            indicators=FORCED,
            work={"sector": "general", "c029_exclusion": "emergency"},
        )
    )
    assert "Art. 2(2)" in excluded.instruments["forced_labour"].sources["exclusion"]
    held = screen(rec(person=ADULT, indicators={**CONFINED, **THREATENED}, work=UNPAID))
    assert "R v Tang" in held.instruments["slavery"].sources["ownership"]
