"""A referral form carries a one-time value: sent twice (a double click, or a resend after the
answer was lost), it shows the referral already sent instead of sending a second one."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.api.models import EventType, PartnerEvent
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(full_case, give_consent, other_ngo):
    give_consent(full_case, other_ngo)
    return full_case


def _post(client, case, provider, once):
    data = {"provider": str(provider.uuid), "sections": ["identity"], "once": str(once)}
    return client.post(reverse("referrals:new", args=[case.uuid]), data)


def _received() -> int:
    return PartnerEvent.objects.filter(type=EventType.REFERRAL_RECEIVED).count()


def test_the_form_carries_a_new_one_time_value_each_time_it_is_shown(consented, caseworker):
    client = signed_in(caseworker)
    url = reverse("referrals:new", args=[consented.uuid])
    values = [
        re.search(r'name="once" value="([0-9a-f-]{36})"', client.get(url).content.decode())
        for _ in range(2)
    ]
    assert all(values)
    assert values[0].group(1) != values[1].group(1)  # type: ignore[union-attr]


def test_the_same_form_sent_twice_sends_one_referral_and_one_notification(
    consented, partner_provider, caseworker
):
    client = signed_in(caseworker)
    once = uuid.uuid4()
    first = _post(client, consented, partner_provider, once)
    second = _post(client, consented, partner_provider, once)
    referral = Referral.objects.get()
    detail = reverse("referrals:detail", args=[referral.uuid])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail
    assert referral.idempotency_key == once
    assert _received() == 1


def test_two_forms_send_two_referrals(consented, partner_provider, caseworker):
    client = signed_in(caseworker)
    _post(client, consented, partner_provider, uuid.uuid4())
    _post(client, consented, partner_provider, uuid.uuid4())
    assert Referral.objects.filter(case=consented).count() == 2
    assert _received() == 2


def test_a_form_refused_keeps_its_value_and_sends_once_corrected(
    full_case, partner_provider, caseworker, give_consent, other_ngo
):
    client = signed_in(caseworker)
    once = uuid.uuid4()
    refused = _post(client, full_case, partner_provider, once)
    assert refused.status_code == 400
    assert f'value="{once}"' in refused.content.decode()
    give_consent(full_case, other_ngo)
    assert _post(client, full_case, partner_provider, once).status_code == 302
    assert _post(client, full_case, partner_provider, once).status_code == 302
    assert Referral.objects.count() == 1


def test_the_value_of_another_case_finds_nothing_there(
    consented, open_case, partner_provider, caseworker, give_consent, other_ngo
):
    """The value is looked up within the case: another case's form never shows its referral."""
    other_case = open_case()
    give_consent(other_case, other_ngo)
    client = signed_in(caseworker)
    once = uuid.uuid4()
    _post(client, consented, partner_provider, once)
    response = _post(client, other_case, partner_provider, once)
    created = Referral.objects.get(case=other_case)
    assert response["Location"] == reverse("referrals:detail", args=[created.uuid])
    assert Referral.objects.count() == 2


def test_the_service_returns_the_referral_already_sent_and_writes_nothing(
    consented, partner_provider, caseworker
):
    actor = Actor.for_user(caseworker)
    once = uuid.uuid4()
    first = services.referral_send(
        actor=actor,
        case=consented,
        provider=partner_provider,
        sections=["identity"],
        idempotency_key=once,
    )
    again = services.referral_send(
        actor=actor,
        case=consented,
        provider=partner_provider,
        sections=["identity"],
        idempotency_key=once,
    )
    assert again.pk == first.pk
    assert Referral.objects.count() == 1
    assert _received() == 1


def test_two_sends_at_the_same_moment_leave_one_referral(
    consented, partner_provider, caseworker, monkeypatch
):
    """The second request looked before the first wrote: the database's unique constraint
    refuses its row, and it answers with the first one's referral."""
    actor = Actor.for_user(caseworker)
    once = uuid.uuid4()
    first = services.referral_send(
        actor=actor,
        case=consented,
        provider=partner_provider,
        sections=["identity"],
        idempotency_key=once,
    )
    monkeypatch.setattr(services, "_already_sent", lambda case, key: None)
    again = services.referral_send(
        actor=actor,
        case=consented,
        provider=partner_provider,
        sections=["identity"],
        idempotency_key=once,
    )
    assert again.pk == first.pk
    assert Referral.objects.count() == 1
    assert _received() == 1
