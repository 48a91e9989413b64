"""The offer checker's core: standards as dated data, findings that explain themselves, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from needsfirst.cli import main
from needsfirst.i18n import render
from needsfirst.recruitment import (
    OfferErrorCode,
    OfferInputError,
    Verdict,
    check_offer,
    offer_from_mapping,
    standard,
    standards_in_force,
)
from needsfirst.recruitment.checker import RULES
from needsfirst.recruitment.render import check_to_data, check_to_text
from needsfirst.recruitment.standards import standard_keys

FAIR: dict[str, Any] = {
    "as_of": "2026-12-01",
    "country_of_work": "QA",
    "sector": "construction",
    "wage": {"amount": "1500", "currency": "QAR", "period": "month"},
    "hours_per_day": 8,
    "days_per_week": 6,
    "weekly_rest_hours": 24,
    "fees": [],
    "passport_held_by": "worker",
    "contract": {
        "written": True,
        "language_understood": True,
        "copy_given": True,
        "before_departure": True,
    },
    "visa": {"tied_to_employer": False},
    "deductions": [],
}
SITA: dict[str, Any] = {
    **FAIR,
    "sector": "domestic",
    "wage": {"amount": "800", "currency": "QAR", "period": "month"},
    "fees": [{"category": "recruitment", "paid_by": "worker", "amount": "1200", "currency": "QAR"}],
    "passport_held_by": "employer",
    "pay_interval_days": 30,
}


def test_every_standard_cites_a_source_and_unverified_ones_say_so() -> None:
    on = date(2026, 12, 1)
    found = standards_in_force(on)
    assert {item.id for item in found} == set(standard_keys())
    for item in found:
        assert item.source.instrument
        assert item.summary
        assert item.cite().endswith("[unverified]") is (not item.source.verified)
    assert standard("fair-recruitment-gp8", on) is not None
    assert not standard("fair-recruitment-gp8", on).source.verified  # type: ignore[union-attr]


def test_a_standard_is_not_applied_before_it_took_effect() -> None:
    assert standard("fees-definition-2019", date(2018, 1, 1)) is None
    assert standard("fees-definition-2019", date(2019, 3, 28)) is not None


def test_sitas_offer_shows_the_fee_the_passport_and_the_low_wage_each_with_what_to_ask() -> None:
    result = check_offer(offer_from_mapping(SITA))
    assert result.verdict is Verdict.FLAGS
    by_rule = {finding.rule: finding for finding in result.findings}
    assert {"RF01", "RF05", "RF08"} <= set(by_rule)
    assert "QAR 1,200.00" in by_rule["RF01"].problem
    assert "c189-art9" in {item.id for item in by_rule["RF05"].standards}
    assert "QAR 1,000.00" in by_rule["RF08"].ask_instead
    assert by_rule["RF08"].sources[0].instrument.startswith("Law No. 17 of 2020")
    assert result.findings[0].severity.value == "high"


def test_a_fair_offer_looks_fine_and_says_so() -> None:
    result = check_offer(offer_from_mapping(FAIR))
    assert result.verdict is Verdict.LOOKS_FINE
    assert result.findings == ()
    assert "looks fine" in check_to_text(result)


def test_an_empty_offer_is_not_passed_but_lists_what_is_missing() -> None:
    result = check_offer(offer_from_mapping({"as_of": "2026-12-01", "country_of_work": "QA"}))
    assert result.verdict is Verdict.INCOMPLETE
    missing = {item.term for item in result.missing}
    assert {"fees", "wage", "passport_held_by", "contract.written", "hours_per_day"} <= missing


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"country_of_work": None}, "country_of_work", OfferErrorCode.REQUIRED),
        ({"as_of": "yesterday"}, "as_of", OfferErrorCode.INVALID),
        ({"hours_per_day": 30}, "hours_per_day", OfferErrorCode.INVALID),
        (
            {"wage": {"amount": 12.5, "currency": "QAR", "period": "month"}},
            "wage.amount",
            OfferErrorCode.INVALID,
        ),
        (
            {"fees": [{"category": "lottery", "paid_by": "worker"}]},
            "fees[0].category",
            OfferErrorCode.INVALID,
        ),
        ({"fees": [{}] * 31}, "fees", OfferErrorCode.TOO_LARGE),
        ({"employer": "x" * 201}, "employer", OfferErrorCode.TOO_LARGE),
        ({"visa": {"tied": True}}, "visa.tied", OfferErrorCode.UNKNOWN_KEY),
    ],
)
def test_it_refuses_bad_terms_naming_the_field(
    change: dict[str, Any], field: str, code: OfferErrorCode
) -> None:
    with pytest.raises(OfferInputError) as error:
        offer_from_mapping({**FAIR, **change})
    assert error.value.field == field
    assert error.value.code is code


def test_the_findings_keep_their_message_ids_so_they_can_be_shown_in_another_language() -> None:
    result = check_offer(offer_from_mapping(SITA))
    fee = next(finding for finding in result.findings if finding.rule == "RF01")
    msgid = fee.problem.msgid
    assert msgid.startswith("You are asked to pay a recruitment fee %(amount)s.")
    french = {msgid: "On vous demande des frais de recrutement de %(amount)s."}
    assert render(fee.problem, lambda m: french.get(m, m)) == (
        "On vous demande des frais de recrutement de QAR 1,200.00."
    )
    data = check_to_data(result)
    assert data["findings"][0]["problem_message"]["msgid"]


def test_each_rule_is_a_function_of_its_own() -> None:
    assert len({rule.__name__ for rule in RULES}) == len(RULES) >= 11


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_cli_prints_the_findings_and_exits_1_when_a_term_breaks_a_standard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["offer", str(_write(tmp_path, SITA))]) == 1
    out = capsys.readouterr().out
    assert "RF01 fees[0]" in out
    assert "C181" in out or "No. 181" in out


def test_the_cli_answers_json_under_check_offer_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-offer", "--json", str(_write(tmp_path, FAIR))]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "looks_fine"


def test_the_cli_refuses_bad_input_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["offer", str(_write(tmp_path, {**FAIR, "sector": "moon"}))]) == 2
    assert "error: sector:" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["offer", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_tied_visa_rules_are_dated_law_per_country_and_shown_with_their_source() -> None:
    asks_permission = {
        **FAIR,
        "visa": {"tied_to_employer": True, "change_employer_needs_permission": True},
    }
    result = check_offer(offer_from_mapping(asks_permission))
    assert any("Since 2020-08-30 the law of Qatar" in note for note in result.notes)
    data = check_to_data(result)
    assert data["sponsorship"]["change_employer_needs_permission"] is False
    assert data["sponsorship"]["source"]["instrument"].startswith("Law No. 19 of 2020")
    before = check_offer(offer_from_mapping({**FAIR, "as_of": "2019-06-01"}))
    assert [f.term for f in before.findings] == ["country_of_work"]
    assert before.findings[0].sources[0].instrument.startswith("Law No. 21 of 2015")
    germany = check_offer(offer_from_mapping({**FAIR, "country_of_work": "DE", "visa": {}}))
    assert germany.sponsorship is None
    assert "visa.tied_to_employer" in {item.term for item in germany.missing}


def test_contract_substitution_becomes_deceptive_recruitment_facts_the_engine_reads() -> None:
    import jsonschema

    from needsfirst.recruitment.facts import screening_facts
    from needsfirst.screening import screen
    from tests.legislation.collector import record_schema

    substituted = {
        **SITA,
        "job": "housekeeper",
        "on_arrival": {
            "job": "farm labourer",
            "wage": {"amount": "500", "currency": "QAR", "period": "month"},
        },
    }
    facts = screening_facts(check_offer(offer_from_mapping(substituted)))
    jsonschema.validate(facts, record_schema())
    assert facts["means"] == {"deception": "yes"}
    assert facts["indicators"]["D1.nature_of_job"] == "yes"
    assert facts["indicators"]["D1.wages"] == "yes"
    assert facts["indicators"]["D2.confiscation_of_documents"] == "yes"
    assert facts["work"]["wage_paid"] == {"amount": 500, "currency": "QAR", "period": "month"}
    result = screen(facts)
    assert result.label_ids  # the engine reads the fragment and concludes from it
    fair = screening_facts(check_offer(offer_from_mapping(FAIR)))
    assert "means" not in fair
    assert "indicators" not in fair


def test_rule_ids_alone_give_only_the_facts_they_establish() -> None:
    import jsonschema

    from needsfirst.recruitment.facts import screening_facts_from_rules
    from tests.legislation.collector import record_schema

    facts = screening_facts_from_rules(["RF01", "RF04", "RF05", "RF07"])
    assert facts == {
        "indicators": {"D2.confiscation_of_documents": "yes", "D2.debt_bondage": "yes"},
        "means": {"deception": "yes"},
        "acts": {"recruitment": "yes"},
    }
    # A changed contract without the term that changed names no D1 indicator, and a fee
    # paid by the worker is not debt by itself.
    jsonschema.validate({"as_of": "2026-12-01", "jurisdiction": "QA", **facts}, record_schema())
    assert screening_facts_from_rules(["RF01", "RF06"]) == {}
