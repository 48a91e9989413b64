"""The claim statement PDF."""

from datetime import date
from decimal import Decimal

from needsfirst.wages.claims import ClaimFacts, Pay, PayBasis, WorkPeriod, compute_claim
from needsfirst.wages.pdf import claim_statement_pdf


def _claim() -> ClaimFacts:
    period = WorkPeriod(
        start=date(2025, 4, 7),
        end=date(2025, 5, 4),
        hours_per_day=Decimal(8),
        days_per_week=Decimal(5),
        paid=Pay(Decimal(1000), "GBP", PayBasis.PERIOD),
    )
    return ClaimFacts("GB", (period,))


def test_the_statement_is_a_pdf_and_the_same_claim_gives_the_same_bytes() -> None:
    first = claim_statement_pdf(compute_claim(_claim()))
    second = claim_statement_pdf(compute_claim(_claim()))
    assert first.startswith(b"%PDF-")
    assert first == second


def test_the_statement_shows_the_total_and_the_legal_basis() -> None:
    pdf = claim_statement_pdf(compute_claim(_claim()), compress=False)
    assert b"GBP 953.60" in pdf
    assert b"National Minimum Wage Regulations 2015" in pdf
