"""The consent gate: no referral leaves without the person's consent, except by audited override."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import CaseShare, SharingPurpose
from needsfirst.web.cases.services import consent_withdraw
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _post(client, case, provider, **extra):
    data = {"provider": str(provider.uuid), "sections": ["identity", "events"], **extra}
    return client.post(reverse("referrals:new", args=[case.uuid]), data)


def test_it_refuses_a_referral_without_consent_and_writes_nothing(
    full_case, partner_provider, caseworker
):
    entries = AuditEntry.objects.count()
    response = _post(signed_in(caseworker), full_case, partner_provider)
    assert response.status_code == 400
    assert "Referral refused" in response.content.decode()
    assert not Referral.objects.exists()
    assert not CaseShare.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_it_refuses_a_consent_for_another_purpose(
    full_case, partner_provider, caseworker, give_consent, other_ngo
):
    give_consent(full_case, other_ngo, purpose=SharingPurpose.LEGAL_PROCEEDINGS)
    with pytest.raises(ValidationError, match="Referral refused"):
        services.referral_send(
            actor=Actor.for_user(caseworker),
            case=full_case,
            provider=partner_provider,
            sections=["identity"],
        )
    assert not Referral.objects.exists()


def test_it_refuses_a_consent_for_another_recipient(
    full_case, partner_provider, caseworker, give_consent, shelter
):
    give_consent(full_case, shelter)
    with pytest.raises(ValidationError, match="Referral refused"):
        services.referral_send(
            actor=Actor.for_user(caseworker),
            case=full_case,
            provider=partner_provider,
            sections=["identity"],
        )


def test_it_refuses_a_withdrawn_consent(
    full_case, partner_provider, caseworker, give_consent, other_ngo
):
    consent = give_consent(full_case, other_ngo)
    consent_withdraw(actor=Actor.for_user(caseworker), consent=consent, on=consent.decided_on)
    response = _post(signed_in(caseworker), full_case, partner_provider)
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_it_sends_a_referral_under_a_consent_in_force(
    full_case, partner_provider, caseworker, give_consent, other_ngo
):
    consent = give_consent(full_case, other_ngo)
    response = _post(signed_in(caseworker), full_case, partner_provider, domain="legal")
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.consent == consent
    assert referral.sections == ["events", "identity"]
    assert not referral.overridden
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(referral.uuid))
    assert entry.detail["sections"] == ["events", "identity"]
    assert not CaseShare.objects.exists(), "nothing is shared before the answer"


def test_it_needs_at_least_one_section(
    full_case, partner_provider, caseworker, give_consent, other_ngo
):
    give_consent(full_case, other_ngo)
    response = _post(signed_in(caseworker), full_case, partner_provider, sections=[])
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_override_is_refused_without_the_permission_and_the_attempt_is_audited(
    full_case, partner_provider, caseworker
):
    response = _post(
        signed_in(caseworker),
        full_case,
        partner_provider,
        override="on",
        override_reason="The child is in danger tonight",
    )
    assert response.status_code == 400
    assert "permission" in response.content.decode()
    assert not Referral.objects.exists()
    assert AuditEntry.objects.filter(
        actor=caseworker,
        action=AuditAction.ACCESS_DENIED,
        detail__view="referral_consent_override",
    ).exists()


def test_the_override_needs_a_written_reason(full_case, partner_provider, caseworker):
    caseworker.may_override_consent = True
    caseworker.save()
    response = _post(signed_in(caseworker), full_case, partner_provider, override="on")
    assert response.status_code == 400
    assert "Write why" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_override_with_permission_and_reason_is_audited_distinctly(
    full_case, partner_provider, caseworker
):
    caseworker.may_override_consent = True
    caseworker.save()
    reason = "The child is in danger tonight"
    response = _post(
        signed_in(caseworker), full_case, partner_provider, override="on", override_reason=reason
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.overridden
    assert referral.consent is None
    assert referral.override_reason == reason
    override = AuditEntry.objects.get(object_type="consent_override")
    assert override.object_id == str(referral.uuid)
    assert override.actor == caseworker
    assert reason not in str(override.detail), "the reason is personal data: not in the trail"


def test_an_overridden_referral_opens_no_case_data_on_acceptance(
    full_case, partner_provider, caseworker, partner_caseworker
):
    caseworker.may_override_consent = True
    caseworker.save()
    referral = services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=partner_provider,
        sections=["identity"],
        override=True,
        override_reason="Immediate danger",
    )
    services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    assert not CaseShare.objects.exists()
    client = signed_in(partner_caseworker)
    assert client.get(reverse("cases:detail", args=[full_case.uuid])).status_code == 404
