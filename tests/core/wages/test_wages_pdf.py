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


FRENCH = {
    "Wage and fee claim: {jurisdiction}, sector {sector}": (
        "Reclamation de salaires : {jurisdiction}, secteur {sector}"
    ),
    "Head": "Poste",
    "How and why": "Comment et pourquoi",
    "Underpaid wages (legal minimum)": "Salaires sous-payes",
    "Total": "Total general",
}


def test_the_statement_passes_its_fixed_texts_through_translate() -> None:
    asked: list[str] = []

    def translate(text: str) -> str:
        asked.append(text)
        return FRENCH.get(text, text)

    pdf = claim_statement_pdf(compute_claim(_claim()), compress=False, translate=translate)
    assert b"Reclamation de salaires : GB, secteur general" in pdf
    assert b"Comment et pourquoi" in pdf
    assert b"Salaires sous-payes" in pdf
    assert b"Total general" in pdf
    assert "Period" in asked
    assert "Amount" in asked
    # The default is the identity: the English statement is unchanged.
    assert b"Underpaid wages" in claim_statement_pdf(compute_claim(_claim()), compress=False)


def test_the_text_statement_passes_its_fixed_texts_through_translate() -> None:
    from needsfirst.wages.render import claim_to_text

    text = claim_to_text(compute_claim(_claim()), translate=lambda s: FRENCH.get(s, s))
    assert text.startswith("Reclamation de salaires : GB, secteur general")
    assert "Salaires sous-payes" in text
    assert claim_to_text(compute_claim(_claim())).startswith("Wage and fee claim: GB")
