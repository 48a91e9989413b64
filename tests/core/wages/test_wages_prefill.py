"""Claim facts from a screening record: pure, in the layout `needsfirst claim FILE.json` reads."""

from decimal import Decimal

from needsfirst.wages import claim_facts_from_mapping, compute_claim
from needsfirst.wages.prefill import claim_facts_from_screening

RECORD = {
    "as_of": "2025-06-01",
    "jurisdiction": "GB",
    "dates": {"exploitation_start": "2025-04-07", "exploitation_end": "2025-05-04"},
    "work": {
        "sector": "general",
        "wage_paid": {"amount": 250, "currency": "GBP", "period": "week"},
        "wage_promised": {"amount": 13, "currency": "GBP", "period": "hour"},
        "hours_per_day": 8,
        "days_per_week": 5,
        "recruitment_fees": {"amount": 500, "currency": "GBP"},
    },
}


def test_no_record_or_no_work_facts_give_none() -> None:
    assert claim_facts_from_screening(None) is None
    assert claim_facts_from_screening({"as_of": "2025-06-01", "jurisdiction": "GB"}) is None


def test_the_work_facts_make_the_worked_example() -> None:
    facts = claim_facts_from_screening(RECORD)
    assert facts is not None
    claim = compute_claim(claim_facts_from_mapping(facts))
    assert claim.totals == {"GBP": Decimal("1580.00")}


def test_the_country_is_where_the_work_took_place_else_the_destination() -> None:
    assert claim_facts_from_screening(RECORD)["jurisdiction"] == "GB"  # type: ignore[index]
    moved = {
        **{key: value for key, value in RECORD.items() if key != "jurisdiction"},
        "movement": {"destination_country": "QA"},
    }
    assert claim_facts_from_screening(moved)["jurisdiction"] == "QA"  # type: ignore[index]


def test_screening_sectors_become_wage_data_sectors() -> None:
    for screening, wages in (
        ("domestic_work", "domestic"),
        ("agriculture", "agriculture"),
        ("construction", "general"),
        ("other", "general"),
    ):
        record = {**RECORD, "work": {**RECORD["work"], "sector": screening}}
        facts = claim_facts_from_screening(record)
        assert facts is not None
        assert facts["sector"] == wages
        claim_facts_from_mapping(facts)  # a sector the core accepts
