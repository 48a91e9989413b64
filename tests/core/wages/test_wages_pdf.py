"""The claim statement PDF."""

import re
from datetime import date
from decimal import Decimal

from needsfirst.wages.claims import ClaimFacts, Pay, PayBasis, WorkPeriod, compute_claim
from needsfirst.wages.pdf import StatementDetails, claim_statement_pdf
from needsfirst.wages.render import claim_to_text


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
    "Wage and fee claim: %(jurisdiction)s, sector %(sector)s": (
        "Reclamation de salaires : %(jurisdiction)s, secteur %(sector)s"
    ),
    "United Kingdom": "Royaume-Uni",
    "%(jurisdiction)s: the law data gives no statutory overtime premium; unpaid overtime is "
    "not computed.": "%(jurisdiction)s : pas de majoration legale des heures supplementaires.",
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
    assert b"Reclamation de salaires : Royaume-Uni, secteur general" in pdf
    assert b"Comment et pourquoi" in pdf
    assert b"Salaires sous-payes" in pdf
    assert b"Total general" in pdf
    assert "Period" in asked
    assert "Amount" in asked
    # The default is the identity: the English statement is unchanged.
    assert b"Underpaid wages" in claim_statement_pdf(compute_claim(_claim()), compress=False)


def test_the_text_statement_passes_its_fixed_texts_through_translate() -> None:
    text = claim_to_text(compute_claim(_claim()), translate=lambda s: FRENCH.get(s, s))
    assert text.startswith("Reclamation de salaires : Royaume-Uni, secteur general")
    assert "Salaires sous-payes" in text
    assert claim_to_text(compute_claim(_claim())).startswith("Wage and fee claim: United Kingdom")


def test_a_note_is_shown_in_the_readers_language_by_its_message_id() -> None:
    """The notes are marked sentences with parameters: a French reader reads them in French
    (formatting the English text first would lose the message id)."""
    french = claim_to_text(compute_claim(_claim()), translate=lambda s: FRENCH.get(s, s))
    assert "Royaume-Uni : pas de majoration legale des heures supplementaires." in french
    assert "unpaid overtime is not computed" not in french


def test_the_statement_names_who_and_what_it_concerns_and_says_it_is_not_legal_advice() -> None:
    details = StatementDetails(
        jurisdiction="United Kingdom",
        prepared_on="5 May 2025",
        prepared_by="Amina Caseworker",
        organisation="Harbour Shelter",
        worker="Maria Santos",
        employer="Clean Homes Ltd",
    )
    pdf = claim_statement_pdf(compute_claim(_claim()), details=details, compress=False)
    for shown in (
        b"Maria Santos",
        b"Clean Homes Ltd",
        b"Harbour Shelter",
        b"Amina Caseworker",
        b"5 May 2025",
        b"Country whose law applies",
        b"not legal advice",
    ):
        assert shown in pdf, shown
    # no codes or slugs where a person reads
    assert b"unpaid-wages" not in pdf
    assert re.search(rb"\bGB\b", pdf) is None  # the country by its name, not its code


def test_the_text_statement_says_it_is_not_legal_advice() -> None:
    assert "not legal advice" in claim_to_text(compute_claim(_claim()))
