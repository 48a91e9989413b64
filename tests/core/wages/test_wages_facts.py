"""Claim facts from JSON: a sector of the wage data, and exchange rates with their source."""

import pytest

from needsfirst.wages import ClaimInputError, claim_facts_from_mapping

PERIOD = {
    "start": "2025-04-07",
    "end": "2025-05-04",
    "hours_per_day": "8",
    "days_per_week": "5",
    "paid": {"amount": "1000", "currency": "USD", "per": "period"},
}
RATE = {"from": "GBP", "to": "USD", "rate": "1.25", "on": "2025-05-05", "source": "Bank of England"}


def test_it_refuses_a_sector_the_wage_data_does_not_know() -> None:
    with pytest.raises(ClaimInputError) as refused:
        claim_facts_from_mapping({"jurisdiction": "QA", "sector": "cleaning", "periods": [PERIOD]})
    assert refused.value.field == "sector"
    assert "domestic" in refused.value.reason


def test_it_reads_an_exchange_rate_with_its_day_and_source() -> None:
    facts = claim_facts_from_mapping(
        {"jurisdiction": "GB", "periods": [PERIOD], "exchange_rates": [RATE]}
    )
    assert facts.exchange_rates[0].source == "Bank of England"
    assert facts.rate("USD", "GBP") is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": ""}, "exchange_rates[0].source"),
        ({"source": None}, "exchange_rates[0].source"),
        ({"on": "yesterday"}, "exchange_rates[0].on"),
        ({"rate": "0"}, "exchange_rates[0].rate"),
        ({"rate": 1.25}, "exchange_rates[0].rate"),
        ({"to": "GBP"}, "exchange_rates[0].to"),
        ({"from": "XYZ"}, "exchange_rates[0].from"),
    ],
)
def test_it_refuses_a_rate_without_what_makes_it_checkable(change: dict, field: str) -> None:
    with pytest.raises(ClaimInputError) as refused:
        claim_facts_from_mapping(
            {"jurisdiction": "GB", "periods": [PERIOD], "exchange_rates": [{**RATE, **change}]}
        )
    assert refused.value.field == field
