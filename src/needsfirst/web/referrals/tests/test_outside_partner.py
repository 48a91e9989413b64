"""An outside partner receives a printed form holding only the sections the referral shares."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.pdf import referral_form_data, referral_form_pdf
from needsfirst.web.referrals.tests.conftest import EVENT, NOTE, PHONE, SAFE_CONTACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside_referral(full_case, outside_provider, give_consent, other_ngo, caseworker):
    give_consent(full_case, other_ngo)
    return services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=outside_provider,
        sections=["identity", "events"],
        message="Needs an appointment this week",
    )


def _text(sections):
    return " ".join(f"{label} {value}" for section in sections for label, value in section.rows)


def test_the_form_data_holds_only_the_consented_sections(outside_referral):
    _title, sections = referral_form_data(outside_referral)
    text = _text(sections)
    assert "Mohammed Testperson" in text
    assert EVENT in text
    for secret in (PHONE, SAFE_CONTACT, NOTE):
        assert secret not in text


def _pdf_text(pdf: bytes) -> str:
    """The text of the uncompressed page streams (enough to search for a value)."""
    return pdf.decode("latin-1")


def test_the_pdf_contains_the_shared_fields_and_not_the_others(outside_referral):
    title, sections = referral_form_data(outside_referral)
    text = _pdf_text(referral_form_pdf(title, sections, compress=False))
    assert "Testperson" in text
    assert "Obaseki" in text
    for secret in ("333 1112223", "Zenobia", "employer will come"):
        assert secret not in text


def test_the_holder_downloads_the_form_and_the_export_is_audited(outside_referral, caseworker):
    response = signed_in(caseworker).get(reverse("referrals:pdf", args=[outside_referral.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_id=str(outside_referral.uuid))
    assert entry.detail == {
        "case": str(outside_referral.case.uuid),
        "format": "pdf",
        "sections": ["events", "identity"],
    }


def test_an_outside_referral_is_not_in_any_inbox(outside_referral, partner_caseworker):
    client = signed_in(partner_caseworker)
    assert str(outside_referral.uuid) not in client.get(reverse("referrals:inbox")).content.decode()
    url = reverse("referrals:detail", args=[outside_referral.uuid])
    assert client.get(url).status_code == 404


def test_an_inside_referral_has_no_printed_form(referral, caseworker):
    response = signed_in(caseworker).get(reverse("referrals:pdf", args=[referral.uuid]))
    assert response.status_code == 404


def test_the_holder_records_completion_for_an_outside_partner(outside_referral, caseworker):
    client = signed_in(caseworker)
    assert (
        client.post(reverse("referrals:complete", args=[outside_referral.uuid])).status_code == 302
    )
    outside_referral.refresh_from_db()
    assert outside_referral.status == "completed"
