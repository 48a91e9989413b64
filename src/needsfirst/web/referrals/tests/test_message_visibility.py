"""The free-text message of a referral speaks of the person: the receiving organisation reads it
only after accepting, and not after the person withdrew the consent (issue 8, item 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.cases.services import consent_withdraw
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import Referral

pytestmark = pytest.mark.django_db

MESSAGE = "She is seven months pregnant and afraid of the cousin in Caserta"


@pytest.fixture
def referral_with_message(referral: Referral) -> Referral:
    referral.message = MESSAGE
    referral.save(update_fields=["message"])
    return referral


def _page(user, referral):
    response = signed_in(user).get(reverse("referrals:detail", args=[referral.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_receiver_does_not_read_the_message_before_accepting(
    referral_with_message, partner_caseworker
):
    assert MESSAGE not in _page(partner_caseworker, referral_with_message)


def test_the_receiver_reads_the_message_once_it_accepted(referral_with_message, partner_caseworker):
    services.referral_accept(
        actor=Actor.for_user(partner_caseworker), referral=referral_with_message
    )
    assert MESSAGE in _page(partner_caseworker, referral_with_message)


def test_the_receiver_no_longer_reads_the_message_after_the_consent_is_withdrawn(
    referral_with_message, partner_caseworker, caseworker
):
    services.referral_accept(
        actor=Actor.for_user(partner_caseworker), referral=referral_with_message
    )
    consent = referral_with_message.consent
    consent_withdraw(actor=Actor.for_user(caseworker), consent=consent, on=consent.decided_on)
    assert MESSAGE not in _page(partner_caseworker, referral_with_message)


def test_the_receiver_does_not_read_the_message_of_a_declined_referral(
    referral_with_message, partner_caseworker
):
    services.referral_decline(
        actor=Actor.for_user(partner_caseworker), referral=referral_with_message, reason="Full"
    )
    assert MESSAGE not in _page(partner_caseworker, referral_with_message)


def test_the_holder_always_reads_its_own_message(referral_with_message, caseworker):
    assert MESSAGE in _page(caseworker, referral_with_message)
