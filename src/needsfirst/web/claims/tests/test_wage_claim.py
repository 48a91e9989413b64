"""The wage claim page: the core's arithmetic, its legal bases, its PDF; bad input by field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from needsfirst.wages import claim_facts_from_mapping, compute_claim
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.claims import facts as claims
from needsfirst.web.claims import selectors
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

# tests/legislation/wages/claims.yaml, first case: 28 days x 5/7 x 8 h = 160 h x 12.21 = 1,953.60;
# minus the 1,000 received = 953.60.
UK_CASE = {
    "jurisdiction": "GB",
    "sector": "general",
    "currency": "GBP",
    "periods-TOTAL_FORMS": "1",
    "periods-INITIAL_FORMS": "0",
    "periods-MIN_NUM_FORMS": "1",
    "periods-MAX_NUM_FORMS": "6",
    "periods-0-start": "2025-04-07",
    "periods-0-end": "2025-05-04",
    "periods-0-hours_per_day": "8",
    "periods-0-days_per_week": "5",
    "periods-0-paid_amount": "1000",
    "periods-0-paid_per": "period",
    "fees-TOTAL_FORMS": "1",
    "fees-INITIAL_FORMS": "0",
    "fees-MIN_NUM_FORMS": "0",
    "fees-MAX_NUM_FORMS": "6",
}


def _claim_url(case):
    return reverse("claims:claim", args=[case.uuid])


def test_the_page_computes_the_same_totals_as_the_core(open_case, caseworker):
    case = open_case()
    response = signed_in(caseworker).post(_claim_url(case), {**UK_CASE, "action": "compute"})
    assert response.status_code == 200, response.content[:1000]
    core = compute_claim(
        claim_facts_from_mapping(
            {
                "jurisdiction": "GB",
                "periods": [
                    {
                        "start": "2025-04-07",
                        "end": "2025-05-04",
                        "hours_per_day": "8",
                        "days_per_week": "5",
                        "paid": {"amount": "1000", "currency": "GBP", "per": "period"},
                    }
                ],
            }
        )
    )
    assert core.totals == {"GBP": Decimal("953.60")}
    assert response.context["claim"].totals == core.totals
    page = response.content.decode()
    assert "953.60" in page
    assert core.lines[0].arithmetic in page
    assert core.lines[0].legal_basis.split(",")[0] in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.uuid), detail__page="wage_claim"
    ).exists()


def test_a_fee_and_an_unlawful_deduction_are_claimed_on_their_own_lines(open_case, caseworker):
    case = open_case()
    data = {
        **UK_CASE,
        "periods-0-deduction_amount": "150",
        "periods-0-deduction_reason": "recruitment-fee",
        "fees-0-amount": "500",
        "fees-0-category": "recruitment-fee",
    }
    response = signed_in(caseworker).post(_claim_url(case), data)
    assert response.status_code == 200, response.content[:1000]
    heads = [line.head for line in response.context["claim"].lines]
    assert "unlawful-deduction" in heads
    assert "recruitment-fee" in heads


def test_the_claim_statement_downloads_as_an_audited_export(open_case, caseworker):
    case = open_case()
    response = signed_in(caseworker).post(_claim_url(case), {**UK_CASE, "action": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_id=str(case.uuid))
    assert entry.detail == {"format": "pdf", "document": "wage_claim"}


@pytest.mark.parametrize(
    ("field", "value", "form", "error_field"),
    [
        ("periods-0-paid_amount", "-5", 0, "paid_amount"),
        ("periods-0-paid_amount", "12,5x", 0, "paid_amount"),
        ("periods-0-hours_per_day", "25", 0, "hours_per_day"),
        ("periods-0-end", "2025-04-01", 0, "end"),
        ("periods-0-start", "yesterday", 0, "start"),
        ("currency", "XYZ", None, "currency"),
        ("currency", "pounds", None, "currency"),
        ("jurisdiction", "XX", None, "jurisdiction"),
        ("sector", "Domestic Work", None, "sector"),
        # not a sector of the wage data: never silently the general rules
        ("sector", "cleaning", None, "sector"),
    ],
)
def test_bad_input_is_refused_with_an_error_naming_the_field(
    open_case, caseworker, field, value, form, error_field
):
    case = open_case()
    response = signed_in(caseworker).post(_claim_url(case), {**UK_CASE, field: value})
    assert response.status_code == 400
    target = response.context["form"] if form is None else response.context["periods"].forms[form]
    assert error_field in target.errors
    assert response.context["claim"] is None
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_claim_without_any_period_is_refused(open_case, caseworker):
    case = open_case()
    data = {k: v for k, v in UK_CASE.items() if not k.startswith("periods-0-")}
    response = signed_in(caseworker).post(_claim_url(case), data)
    assert response.status_code == 400
    assert response.context["periods"].non_form_errors()


def test_an_unknown_pay_basis_is_refused_on_its_field(open_case, caseworker):
    case = open_case()
    data = {**UK_CASE, "periods-0-promised_amount": "2000", "periods-0-promised_per": "fortnight"}
    response = signed_in(caseworker).post(_claim_url(case), data)
    assert response.status_code == 400
    assert "promised_per" in response.context["periods"].forms[0].errors


def test_the_form_is_prefilled_from_the_screening_facts(open_case, caseworker, monkeypatch):
    case = open_case()
    facts = {
        "jurisdiction": "QA",
        "sector": "domestic",
        "periods": [
            {
                "start": "2024-01-01",
                "end": "2024-06-30",
                "hours_per_day": "14",
                "days_per_week": "7",
                "paid": {"amount": "800", "currency": "QAR", "per": "month"},
            }
        ],
    }
    monkeypatch.setattr(selectors, "claim_facts_for_case", lambda *, case: facts)
    response = signed_in(caseworker).get(_claim_url(case))
    assert response.status_code == 200
    assert response.context["form"].initial["jurisdiction"] == "QA"
    assert response.context["form"].initial["currency"] == "QAR"
    assert response.context["periods"].forms[0].initial["paid_amount"] == "800"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.LABOUR_INSPECTOR, Role.ORGANISATION_ADMIN])
def test_roles_without_cases_are_refused_the_claim_page(open_case, make_user, shelter, role):
    case = open_case()
    client = signed_in(make_user(role, shelter))
    assert client.get(_claim_url(case)).status_code == 403


def test_another_organisation_gets_not_found(open_case, make_user, other_ngo):
    case = open_case()
    client = signed_in(make_user(Role.CASEWORKER, other_ngo))
    assert client.get(_claim_url(case)).status_code == 404


def _uncompressed_pdf(monkeypatch):
    """The view's PDF without page compression, so its text can be read from the bytes."""
    from needsfirst.wages import pdf as core_pdf
    from needsfirst.web.claims import views

    def render(claim, **kwargs):
        return core_pdf.claim_statement_pdf(claim, **{**kwargs, "compress": False})

    monkeypatch.setattr(views, "claim_statement_pdf", render)


def test_the_statement_is_in_the_persons_language_when_it_is_translated(
    open_case, caseworker, monkeypatch
):
    _uncompressed_pdf(monkeypatch)
    case = open_case(primary_language="fr")
    response = signed_in(caseworker).post(_claim_url(case), {**UK_CASE, "action": "pdf"})
    assert response.status_code == 200
    pdf = response.content
    # "Poste" (Head), "Comment et pourquoi" (How and why), "Total" and the French case title.
    assert b"Poste" in pdf
    assert b"Comment et pourquoi" in pdf
    assert b"dossier " + case.reference.encode() in pdf
    assert b"How and why" not in pdf


def test_the_statement_falls_back_to_the_users_language_without_a_catalogue(
    open_case, caseworker, monkeypatch
):
    _uncompressed_pdf(monkeypatch)
    caseworker.preferred_language = "es"
    caseworker.save()
    case = open_case(primary_language="ti")  # Tigrinya: no catalogue yet
    client = signed_in(caseworker)
    response = client.post(
        _claim_url(case), {**UK_CASE, "action": "pdf"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 200
    assert b"Concepto" in response.content  # "Head" in Spanish
    assert b"How and why" not in response.content


def test_a_person_whose_language_is_arabic_gets_the_statement_in_arabic(
    open_case, caseworker, monkeypatch
):
    _uncompressed_pdf(monkeypatch)
    case = open_case(primary_language="ar")
    response = signed_in(caseworker).post(
        _claim_url(case), {**UK_CASE, "action": "pdf"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 200
    assert b"DejaVuSans" in response.content  # the Unicode font that draws the Arabic text
    assert b"Concepto" not in response.content
    assert b"How and why" not in response.content


def test_the_page_shows_the_heads_in_the_users_language(open_case, caseworker):
    case = open_case()
    response = signed_in(caseworker).post(
        _claim_url(case), {**UK_CASE, "action": "compute"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert response.context["rows"][0]["head"] != "Underpaid wages (legal minimum)"


@pytest.mark.parametrize(("agreed", "claimed"), [("", False), ("yes", False), ("no", True)])
def test_an_other_deduction_is_claimed_only_when_the_worker_did_not_agree(
    open_case, caseworker, agreed, claimed
):
    case = open_case()
    data = {
        **UK_CASE,
        "periods-0-deduction_amount": "120",
        "periods-0-deduction_reason": "accommodation",
        "periods-0-deduction_agreed": agreed,
    }
    response = signed_in(caseworker).post(_claim_url(case), data)
    assert response.status_code == 200, response.content[:1000]
    core_facts = {
        "jurisdiction": "GB",
        "periods": [
            {
                "start": "2025-04-07",
                "end": "2025-05-04",
                "hours_per_day": "8",
                "days_per_week": "5",
                "paid": {"amount": "1000", "currency": "GBP", "per": "period"},
                "deductions": [
                    {
                        "amount": "120",
                        "currency": "GBP",
                        "reason": "accommodation",
                        **({"agreed": agreed == "yes"} if agreed else {}),
                    }
                ],
            }
        ],
    }
    core = compute_claim(claim_facts_from_mapping(core_facts))
    claim = response.context["claim"]
    assert claim.totals == core.totals
    assert ("unlawful-deduction" in [line.head for line in claim.lines]) is claimed


def test_a_prefilled_screening_deduction_gives_the_cores_totals(open_case, caseworker, monkeypatch):
    """The screening's deduction has reason "other" and no answer on agreement: the prefilled
    form says "unknown", so the page and `needsfirst claim` give the same totals."""
    facts = {
        "jurisdiction": "GB",
        "sector": "general",
        "periods": [
            {
                "start": "2025-04-07",
                "end": "2025-05-04",
                "hours_per_day": "8",
                "days_per_week": "5",
                "paid": {"amount": "1000", "currency": "GBP", "per": "period"},
                "deductions": [{"amount": "200.00", "currency": "GBP", "reason": "other"}],
            }
        ],
        "fees": [{"amount": "300", "currency": "GBP", "category": "recruitment-fee"}],
    }
    monkeypatch.setattr(selectors, "claim_facts_for_case", lambda *, case: facts)
    case = open_case()
    client = signed_in(caseworker)
    page = client.get(_claim_url(case))
    initial = page.context["periods"].forms[0].initial
    assert initial["deduction_amount"] == "200.00"
    assert initial["deduction_reason"] == "other"
    assert initial["deduction_agreed"] == ""
    # Post the form exactly as prefilled.
    data = {
        **UK_CASE,
        "periods-0-deduction_amount": initial["deduction_amount"],
        "periods-0-deduction_reason": initial["deduction_reason"],
        "periods-0-deduction_agreed": initial["deduction_agreed"],
        "fees-0-amount": page.context["fees"].forms[0].initial["amount"],
        "fees-0-category": page.context["fees"].forms[0].initial["category"],
    }
    response = client.post(_claim_url(case), data)
    assert response.status_code == 200, response.content[:1000]
    core = compute_claim(claim_facts_from_mapping(facts))
    assert response.context["claim"].totals == core.totals
    assert response.context["claim"].notes == core.notes


def test_deductions_that_differ_in_reason_are_not_prefilled():
    facts = {
        "periods": [
            {
                "paid": {"amount": "1", "currency": "GBP", "per": "period"},
                "deductions": [
                    {"amount": "10", "currency": "GBP", "reason": "food"},
                    {"amount": "20", "currency": "GBP", "reason": "deposit"},
                ],
            }
        ]
    }
    _, periods, _ = claims.initial_from_facts(facts)
    assert "deduction_amount" not in periods[0]


def test_the_statement_translates_the_plural_sentences_too(open_case, caseworker, monkeypatch):
    """'28 days = 4 weeks x ...' is a plural message: it reads in French in a French statement."""
    _uncompressed_pdf(monkeypatch)
    case = open_case(primary_language="fr")
    response = signed_in(caseworker).post(_claim_url(case), {**UK_CASE, "action": "pdf"})
    assert b"28 jours" in response.content
    assert b"h worked" not in response.content
