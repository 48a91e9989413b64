"""The wage claim as a document: one period and one fee are enough, rows named in errors, saved
on the case with its history, defaults from the case's facts, exchange rates, its statement."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.exports import case_related_data
from needsfirst.web.cases.models import CaseShareSection
from needsfirst.web.claims.models import WageClaim
from needsfirst.web.claims.tests.test_wage_claim import UK_CASE
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals.forms import ReferralForm
from needsfirst.web.referrals.pdf import shared_records
from needsfirst.web.screening import services as screening_services

pytestmark = pytest.mark.django_db

# What a browser posts for the page as first shown: Period 1 and Fee 1 filled in, and the spare
# Period 2 and Fee 2 left blank, but their selects still post their first option.
BROWSER_POST: dict[str, str] = {
    **UK_CASE,
    "periods-TOTAL_FORMS": "2",
    "periods-1-paid_per": "hour",
    "periods-1-promised_per": "hour",
    "periods-1-deduction_reason": "",
    "periods-1-deduction_agreed": "",
    "periods-0-paid_per": "period",
    "periods-0-promised_per": "hour",
    "periods-0-deduction_agreed": "",
    "fees-TOTAL_FORMS": "2",
    "fees-0-amount": "500",
    "fees-0-category": "recruitment-fee",
    "fees-1-category": "recruitment-fee",
    "employer": "Clean Homes Ltd",
}


def _url(case: Any) -> str:
    return reverse("claims:claim", args=[case.uuid])


def test_one_period_and_one_fee_are_computed_with_the_blank_extra_rows_ignored(
    open_case, caseworker
):
    case = open_case()
    response = signed_in(caseworker).post(_url(case), {**BROWSER_POST, "action": "compute"})
    assert response.status_code == 200, response.context["row_errors"]
    # 953.60 under the minimum plus the 500 fee
    assert response.context["claim"].totals == {"GBP": Decimal("1453.60")}


def test_a_half_filled_extra_row_is_refused_with_an_error_naming_the_row(open_case, caseworker):
    case = open_case()
    data = {**BROWSER_POST, "periods-1-hours_per_day": "8", "action": "compute"}
    response = signed_in(caseworker).post(_url(case), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Period 2: First day is required." in page
    assert "Period 1:" not in page


def test_a_huge_total_forms_count_builds_at_most_six_rows_and_costs_nothing(open_case, caseworker):
    case = open_case()
    client = signed_in(caseworker)
    data = {**BROWSER_POST, "periods-TOTAL_FORMS": "100000000", "fees-TOTAL_FORMS": "99999999"}
    started = time.perf_counter()
    response = client.post(_url(case), data)
    elapsed = time.perf_counter() - started
    assert len(response.context["periods"].forms) <= 6
    assert len(response.context["fees"].forms) <= 6
    assert response.status_code == 400  # more rows than allowed: refused, not computed
    assert elapsed < 2


def test_a_saved_claim_is_kept_encrypted_and_the_page_reopens_it(open_case, caseworker):
    case = open_case()
    client = signed_in(caseworker)
    response = client.post(_url(case), {**BROWSER_POST, "action": "save"})
    assert response.status_code == 302
    saved = WageClaim.objects.get(case=case)
    assert saved.facts["employer"] == "Clean Homes Ltd"
    assert saved.result["totals"] == {"GBP": "1453.60"}
    assert saved.created_by == caseworker
    with connection.cursor() as cursor:
        cursor.execute("SELECT facts, result FROM claims_wageclaim WHERE id = %s", [saved.id])
        raw_facts, raw_result = cursor.fetchone()
    assert "Clean Homes" not in str(raw_facts)
    assert "1453.60" not in str(raw_result)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(saved.uuid)).exists()

    page = client.get(_url(case))
    assert page.status_code == 200
    assert page.context["form"].initial["employer"] == "Clean Homes Ltd"
    assert page.context["periods"].forms[0].initial["start"] == "2025-04-07"
    assert page.context["claim"].totals == {"GBP": Decimal("1453.60")}
    assert reverse("claims:saved_pdf", args=[case.uuid, saved.uuid]) in page.content.decode()


def test_saving_again_keeps_the_earlier_claim_as_history(open_case, caseworker):
    case = open_case()
    client = signed_in(caseworker)
    client.post(_url(case), {**BROWSER_POST, "action": "save"})
    client.post(_url(case), {**BROWSER_POST, "fees-0-amount": "700", "action": "save"})
    first, second = WageClaim.objects.filter(case=case).order_by("created_at", "id")
    page = client.get(_url(case))
    assert page.context["saved"] == second
    assert page.context["claim"].totals == {"GBP": Decimal("1653.60")}
    assert reverse("claims:saved_pdf", args=[case.uuid, first.uuid]) in page.content.decode()


def test_the_saved_claims_are_in_the_subject_access_export(open_case, caseworker):
    case = open_case()
    signed_in(caseworker).post(_url(case), {**BROWSER_POST, "action": "save"})
    exported = case_related_data(case)["wage_claims"]
    assert exported[0]["facts"]["employer"] == "Clean Homes Ltd"


def test_the_sector_is_a_select_of_the_wage_data_sectors_by_name(open_case, caseworker):
    page = signed_in(caseworker).get(_url(open_case()))
    choices = dict(page.context["form"].fields["sector"].choices)
    assert {"general", "domestic", "agriculture"} <= set(choices)
    assert choices["domestic"] == "Domestic work"
    assert "cleaning" not in choices


def test_the_currency_is_a_select_of_iso_4217_currencies_by_name(open_case, caseworker):
    page = signed_in(caseworker).get(_url(open_case()))
    choices = dict(page.context["form"].fields["currency"].choices)
    assert choices["QAR"] == "Qatari Rial"
    assert choices["NPR"] == "Nepalese Rupee"


def test_the_country_and_currency_come_from_the_screening_not_the_organisation(
    open_case, caseworker
):
    assert caseworker.organisation.country != "QA"
    case = open_case()
    facts = {
        "as_of": "2025-06-01",
        "jurisdiction": "QA",
        "work": {
            "sector": "domestic_work",
            "wage_paid": {"amount": 800, "currency": "QAR", "period": "month"},
            "hours_per_day": 14,
            "days_per_week": 7,
        },
    }
    screening_services.screening_save(
        actor=Actor.for_user(caseworker), case=case, facts=facts, expected_version=0
    )
    initial = signed_in(caseworker).get(_url(case)).context["form"].initial
    assert initial["jurisdiction"] == "QA"
    assert initial["currency"] == "QAR"
    assert initial["sector"] == "domestic"


def test_without_a_screening_nothing_is_guessed_from_the_organisations_country(
    open_case, caseworker
):
    initial = signed_in(caseworker).get(_url(open_case())).context["form"].initial
    assert not initial.get("jurisdiction")
    assert not initial.get("currency")


# Paid USD 1,000 for 4 weeks in the UK: the minimum is in pounds.
IN_DOLLARS = {**UK_CASE, "currency": "USD", "action": "compute"}


def test_pay_in_another_currency_than_the_minimum_asks_for_a_rate(open_case, caseworker):
    response = signed_in(caseworker).post(_url(open_case()), IN_DOLLARS)
    assert response.status_code == 200
    assert response.context["claim"].rates_needed == (("GBP", "USD"),)
    page = response.content.decode()
    assert "give the exchange rate" in page
    assert "Pound Sterling" in page
    # the two currencies are preselected for the rate
    assert response.context["form"]["rate_from"].value() == "GBP"


def test_a_rate_with_its_date_and_source_is_used_and_shown(open_case, caseworker):
    data = {
        **IN_DOLLARS,
        "rate_from": "GBP",
        "rate": "1.25",
        "rate_to": "USD",
        "rate_on": "2025-05-05",
        "rate_source": "Bank of England",
    }
    response = signed_in(caseworker).post(_url(open_case()), data)
    assert response.status_code == 200
    assert response.context["claim"].totals == {"USD": Decimal("1442.00")}
    assert "rate of 2025-05-05, source: Bank of England" in response.content.decode()


def test_a_rate_without_its_source_is_refused_on_that_field(open_case, caseworker):
    data = {**IN_DOLLARS, "rate_from": "GBP", "rate": "1.25", "rate_to": "USD"}
    data["rate_on"] = "2025-05-05"
    response = signed_in(caseworker).post(_url(open_case()), data)
    assert response.status_code == 400
    assert "rate_source" in response.context["form"].errors


def test_screening_and_claim_are_sections_a_referral_can_share(open_case, caseworker):
    assert {"screening", "claim"} <= set(CaseShareSection.values)
    offered = dict(ReferralForm.base_fields["sections"].choices)
    assert "claim" in offered
    assert "screening" in offered


def test_a_referral_sharing_the_claim_carries_the_saved_claim(open_case, caseworker):
    case = open_case()
    signed_in(caseworker).post(_url(case), {**BROWSER_POST, "action": "save"})
    sections = shared_records(case, {CaseShareSection.CLAIM, CaseShareSection.SCREENING})
    claim = next(s for s in sections if s.heading == "Wage claim")
    rows = dict(claim.rows)
    assert rows["Country whose law applies"] == "United Kingdom"
    assert rows["Total"] == "GBP 1,453.60"
    assert not shared_records(case, {CaseShareSection.NOTES})


def test_a_french_reader_reads_the_notes_and_lines_in_french(open_case, caseworker):
    response = signed_in(caseworker).post(
        _url(open_case()), {**BROWSER_POST, "action": "compute"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    page = response.content.decode()
    assert "Royaume-Uni" in page
    assert "unpaid overtime is not computed" not in page
    assert "h worked" not in page


def test_erasing_the_person_blanks_the_saved_claims_and_the_page_still_opens(
    open_case, caseworker, supervisor
):
    from needsfirst.web.cases import services as case_services

    case = open_case()
    client = signed_in(caseworker)
    client.post(_url(case), {**BROWSER_POST, "action": "save"})
    case_services.person_erase(actor=Actor.for_user(supervisor), person=case.person)
    saved = WageClaim.objects.get(case=case)
    assert saved.facts == {}
    assert saved.result == {}
    page = client.get(_url(case))
    assert page.status_code == 200
    assert page.context["claim"] is None
    pdf = client.get(reverse("claims:saved_pdf", args=[case.uuid, saved.uuid]))
    assert pdf.status_code == 404


def _share_with(case, caseworker, organisation, sections):
    import datetime as dt

    from django.utils import timezone

    from needsfirst.web.cases import services as case_services
    from needsfirst.web.cases.models import CaseShare, ConsentKind, SharingPurpose

    consent = case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": organisation,
            "method": "written",
            "decided_on": timezone.localdate() - dt.timedelta(days=1),
        },
    )
    CaseShare.objects.create(
        case=case, organisation=organisation, consent=consent, sections=sections
    )


def test_a_partner_the_claim_was_shared_with_reads_it_and_cannot_change_it(
    open_case, caseworker, make_user, other_ngo, monkeypatch
):
    from needsfirst.web.accounts.models import Role
    from needsfirst.web.claims.tests.test_wage_claim import _uncompressed_pdf

    _uncompressed_pdf(monkeypatch)
    case = open_case()
    signed_in(caseworker).post(_url(case), {**BROWSER_POST, "action": "save"})
    saved = WageClaim.objects.get(case=case)
    partner = signed_in(make_user(Role.CASEWORKER, other_ngo, "legal-aid"))
    pdf_url = reverse("claims:saved_pdf", args=[case.uuid, saved.uuid])
    assert partner.get(_url(case)).status_code == 404  # nothing shared yet

    _share_with(case, caseworker, other_ngo, [CaseShareSection.CLAIM])
    page = partner.get(_url(case))
    assert page.status_code == 200
    assert page.context["claim"].totals == {"GBP": Decimal("1453.60")}
    assert 'name="action"' not in page.content.decode()  # no claim form
    assert partner.post(_url(case), {**BROWSER_POST, "action": "save"}).status_code == 404
    assert WageClaim.objects.filter(case=case).count() == 1
    statement = partner.get(pdf_url)
    assert statement.status_code == 200
    assert b"Clean Homes Ltd" in statement.content
    assert b"Testperson" not in statement.content  # the name was not shared
    assert b"Testperson" in signed_in(caseworker).get(pdf_url).content
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(case.uuid), actor__organisation=other_ngo
    ).exists()


def test_a_claim_statement_that_fails_to_render_is_not_audited_as_exported(
    open_case, caseworker, monkeypatch
):
    from needsfirst.web.claims import views

    case = open_case()
    client = signed_in(caseworker)
    client.post(_url(case), {**BROWSER_POST, "action": "save"})
    saved = WageClaim.objects.get(case=case)

    def broken_pdf(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("the PDF library failed")

    monkeypatch.setattr(views, "claim_statement_pdf", broken_pdf)
    client.raise_request_exception = False
    answer = client.get(reverse("claims:saved_pdf", args=[case.uuid, saved.uuid]))
    assert answer.status_code == 500
    assert not AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(case.uuid)
    ).exists()
