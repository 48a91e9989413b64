"""Consents naming an outside provider, and referrals inside one's own organisation (issue 8,
item 2), with the attacks on them: another recipient, a withdrawn consent, a re-pointed entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import CaseShare, Consent, ConsentKind, SharingPurpose
from needsfirst.web.cases.services import consent_withdraw
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import Referral, ServiceProvider
from needsfirst.web.referrals.pdf import referral_form_data
from needsfirst.web.referrals.selectors import referral_inbox

pytestmark = pytest.mark.django_db


def _entry(owner, name, organisation=None, **extra):
    return ServiceProvider.objects.create(
        owner=owner,
        organisation=organisation,
        in_needsfirst=organisation is not None,
        name=name,
        type=extra.pop("type", "interpretation"),
        domains=["interpretation"],
        languages=["ne"],
        country="IT",
        city="Palermo",
        eligibility=["any"],
        **extra,
    )


@pytest.fixture
def interpreter(shelter):
    return _entry(shelter, "Nepali interpreter")


@pytest.fixture
def clinic(shelter):
    return _entry(shelter, "Street clinic", type="health")


def _consent_to_service(caseworker, case, service, **extra):
    return case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient_service": service.uuid,
            "method": "verbal",
            "decided_on": timezone.localdate() - dt.timedelta(days=1),
            **extra,
        },
    )


def _send(caseworker, case, provider, **extra):
    return services.referral_send(
        actor=Actor.for_user(caseworker),
        case=case,
        provider=provider,
        sections=["identity"],
        **extra,
    )


def test_a_consent_can_name_an_outside_provider_and_keeps_its_name(
    full_case, interpreter, caseworker
):
    consent = _consent_to_service(caseworker, full_case, interpreter)
    assert consent.recipient is None
    assert consent.recipient_service == interpreter.uuid
    assert consent.recipient_label.startswith("Nepali interpreter")


def test_the_gate_accepts_a_referral_to_an_outside_provider_named_in_a_consent(
    full_case, interpreter, caseworker
):
    consent = _consent_to_service(caseworker, full_case, interpreter)
    referral = _send(caseworker, full_case, interpreter)
    assert referral.consent == consent
    assert referral.outside
    assert referral.recipient is None
    assert not referral.overridden
    _title, sections = referral_form_data(referral)
    assert "Mohammed Testperson" in " ".join(v for s in sections for _l, v in s.rows)


def test_the_holder_prints_the_form_for_the_outside_provider(full_case, interpreter, caseworker):
    _consent_to_service(caseworker, full_case, interpreter)
    referral = _send(caseworker, full_case, interpreter)
    response = signed_in(caseworker).get(reverse("referrals:pdf", args=[referral.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_consent_for_one_outside_provider_does_not_open_another(
    full_case, interpreter, clinic, caseworker
):
    _consent_to_service(caseworker, full_case, interpreter)
    with pytest.raises(ValidationError, match="Referral refused"):
        _send(caseworker, full_case, clinic)
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_to_an_outside_provider_refuses_the_referral(
    full_case, interpreter, caseworker
):
    consent = _consent_to_service(caseworker, full_case, interpreter)
    consent_withdraw(actor=Actor.for_user(caseworker), consent=consent, on=consent.decided_on)
    with pytest.raises(ValidationError, match="Referral refused"):
        _send(caseworker, full_case, interpreter)


def test_an_outside_consent_does_not_follow_the_entry_when_it_is_re_pointed_to_an_organisation(
    full_case, interpreter, caseworker, other_ngo, make_user
):
    _consent_to_service(caseworker, full_case, interpreter)
    sent_before = _send(caseworker, full_case, interpreter)
    admin = make_user(Role.ORGANISATION_ADMIN, interpreter.owner, "shelter-admin")
    services.provider_update(
        actor=Actor.for_user(admin),
        provider=interpreter,
        data={"organisation": other_ngo, "in_needsfirst": True},
    )
    partner = make_user(Role.CASEWORKER, other_ngo, "partner")
    assert sent_before not in referral_inbox(partner)
    assert (
        signed_in(partner).get(reverse("referrals:detail", args=[sent_before.uuid])).status_code
        == 404
    )
    with pytest.raises(ValidationError, match="Referral refused"):
        _send(caseworker, full_case, interpreter)


def test_a_consent_may_not_name_a_service_that_is_not_an_outside_provider(
    full_case, caseworker, other_ngo, shelter
):
    inside = _entry(shelter, "Partner shelter", organisation=other_ngo)
    with pytest.raises(ValidationError) as error:
        _consent_to_service(caseworker, full_case, inside)
    assert "recipient_service" in error.value.message_dict
    assert not Consent.objects.filter(recipient_service=inside.uuid).exists()


def test_a_consent_names_an_organisation_or_an_outside_provider_not_both(
    full_case, interpreter, caseworker, other_ngo
):
    with pytest.raises(ValidationError) as error:
        _consent_to_service(caseworker, full_case, interpreter, recipient=other_ngo)
    assert "recipient_service" in error.value.message_dict


def test_the_consent_form_offers_the_outside_providers(full_case, interpreter, caseworker):
    client = signed_in(caseworker)
    url = reverse("cases:consent_add", args=[full_case.uuid])
    assert "Nepali interpreter" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "data_sharing",
            "granted": "given",
            "purpose": "referral",
            "recipient_service": str(interpreter.uuid),
            "method": "verbal",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Consent.objects.get(case=full_case).recipient_service == interpreter.uuid


def test_a_referral_inside_ones_own_organisation_needs_no_consent_naming_it(
    full_case, caseworker, shelter
):
    own = _entry(shelter, "Our night shelter", organisation=shelter, type="shelter")
    referral = _send(caseworker, full_case, own)
    assert referral.internal
    assert referral.consent is None
    assert not referral.overridden
    colleague_accepts = services.referral_accept(
        actor=Actor.for_user(caseworker), referral=referral
    )
    assert colleague_accepts.status == "accepted"
    assert not CaseShare.objects.exists(), "the organisation already holds the case"


def test_an_internal_referral_does_not_become_external_when_the_entry_is_re_pointed(
    full_case, caseworker, shelter, other_ngo, make_user
):
    own = _entry(shelter, "Our night shelter", organisation=shelter, type="shelter")
    referral = _send(caseworker, full_case, own, message="Sleeps at the station")
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")
    services.provider_update(
        actor=Actor.for_user(admin), provider=own, data={"organisation": other_ngo}
    )
    partner = make_user(Role.CASEWORKER, other_ngo, "partner")
    assert referral not in referral_inbox(partner)
    response = signed_in(partner).post(reverse("referrals:accept", args=[referral.uuid]))
    assert response.status_code == 404
    assert not CaseShare.objects.exists()
