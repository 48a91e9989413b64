"""Events for partners and signed webhooks: ids and types only, one delivery per event and
subscription, signed with the subscription's secret, retried without ever being repeated once
delivered; webhook addresses are https and never inside the server's networks."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.api import events
from needsfirst.web.api.models import DeliveryStatus, WebhookDelivery
from needsfirst.web.api.tests.callers import (
    HOOK,
    Caller,
    Receiver,
    consent_to_share_with,
    subscribe,
)
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.referrals import services as referral_services
from needsfirst.web.screening import services as screening_services

pytestmark = pytest.mark.django_db


def send_referral(case, caseworker, provider, other_ngo):
    consent_to_share_with(case, other_ngo, caseworker)
    return referral_services.referral_send(
        actor=Actor.for_user(caseworker), case=case, provider=provider, sections=["identity"]
    )


def test_a_referral_is_an_event_for_the_receiver_and_its_answer_one_for_the_sender(
    shelter_system, partner_system, open_case, caseworker, partner_service, other_ngo, make_user
):
    case = open_case(first_name="Amina", second_name="Haddad")
    referral = send_referral(case, caseworker, partner_service, other_ngo)
    received = partner_system("GET", "/events/").json()["results"]
    assert [(e["type"], e["object"]) for e in received] == [
        ("referral.received", {"type": "referral", "id": str(referral.uuid)})
    ]
    assert "Amina" not in json.dumps(received)
    assert "Haddad" not in json.dumps(received)
    assert shelter_system("GET", "/events/").json()["results"] == []
    receiver = make_user(Role.CASEWORKER, other_ngo, "receiver")
    referral_services.referral_accept(actor=Actor.for_user(receiver), referral=referral)
    answered = shelter_system("GET", "/events/?type=referral.answered").json()["results"]
    assert [(e["type"], e["status"]) for e in answered] == [("referral.answered", "accepted")]


def test_a_recorded_decision_is_an_event_for_the_holder(shelter_system, open_case, caseworker):
    case = open_case()
    decision = screening_services.authority_decision_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={
            "status": "PossibleVictimOfTrafficking",
            "decision_making_org": "NonPoliceGovernmentalOrganization",
            "organisation_name": "National referral unit",
            "decided_on": timezone.localdate(),
        },
    )
    found = shelter_system("GET", "/events/?type=decision.recorded").json()["results"]
    assert [e["object"]["id"] for e in found] == [str(decision.uuid)]


def test_a_webhook_is_delivered_once_signed_with_its_subscriptions_secret(
    partner_system,
    open_case,
    caseworker,
    partner_service,
    other_ngo,
    monkeypatch,
    django_capture_on_commit_callbacks,
    reachable,
):
    receiver = Receiver(200)
    monkeypatch.setattr(events, "http_post", receiver)
    subscription = subscribe(partner_system, ["referral.received"])
    assert subscription["secret"].startswith("whsec_")
    with django_capture_on_commit_callbacks(execute=True):
        referral = send_referral(open_case(), caseworker, partner_service, other_ngo)
    assert len(receiver.calls) == 1
    url, body, headers = receiver.calls[0]
    assert url == HOOK
    payload = json.loads(body)
    assert payload["type"] == "referral.received"
    assert payload["object"] == {"type": "referral", "id": str(referral.uuid)}
    timestamp, signature = (
        part.split("=", 1)[1] for part in headers[events.SIGNATURE_HEADER].split(",")
    )
    expected = hmac.new(
        subscription["secret"].encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(signature, expected)
    delivery = WebhookDelivery.objects.get()
    assert headers["Idempotency-Key"] == str(delivery.uuid)
    assert delivery.status == DeliveryStatus.DELIVERED
    # Queued again by mistake: nothing is sent twice.
    assert events.webhook_deliver(delivery.pk) == "skipped"
    assert len(receiver.calls) == 1


def test_a_failed_delivery_is_retried_with_the_same_idempotency_key_then_given_up(
    partner_system,
    open_case,
    caseworker,
    partner_service,
    other_ngo,
    monkeypatch,
    django_capture_on_commit_callbacks,
    reachable,
):
    receiver = Receiver(503, 200)
    monkeypatch.setattr(events, "http_post", receiver)
    subscribe(partner_system, ["referral.received"])
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(open_case(), caseworker, partner_service, other_ngo)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 503)
    assert events.webhooks_retry_due() == 0  # not yet due
    assert events.webhooks_retry_due(timezone.now() + dt.timedelta(minutes=2)) == 1
    assert len(receiver.calls) == 1  # queued, but its time has not come in this clock
    delivery.next_attempt_at = timezone.now()
    delivery.save()
    assert events.webhooks_retry_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    keys = {headers["Idempotency-Key"] for _, _, headers in receiver.calls}
    assert keys == {str(delivery.uuid)}
    # A receiver that never answers: given up after the last delay.
    failing = Receiver(500)
    monkeypatch.setattr(events, "http_post", failing)
    delivery.status, delivery.attempts = DeliveryStatus.PENDING, len(events.RETRY_DELAYS)
    delivery.next_attempt_at = timezone.now()
    delivery.save()
    assert events.webhook_deliver(delivery.pk) == "failed"


def test_a_revoked_subscription_gets_nothing(
    partner_system,
    open_case,
    caseworker,
    partner_service,
    other_ngo,
    monkeypatch,
    django_capture_on_commit_callbacks,
    reachable,
):
    receiver = Receiver(200)
    monkeypatch.setattr(events, "http_post", receiver)
    subscription = subscribe(partner_system, ["referral.received"])
    assert partner_system("DELETE", f"/webhooks/{subscription['id']}/").status_code == 204
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(open_case(), caseworker, partner_service, other_ngo)
    assert receiver.calls == []
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="webhooksubscription"
    ).exists()


def test_another_organisation_cannot_see_or_remove_a_subscription(partner_system, shelter_system):
    subscription = subscribe(partner_system, ["referral.received"])
    assert shelter_system("GET", f"/webhooks/{subscription['id']}/").status_code == 404
    assert shelter_system("DELETE", f"/webhooks/{subscription['id']}/").status_code == 404
    assert shelter_system("GET", "/webhooks/").json()["results"] == []
    listed = partner_system("GET", "/webhooks/").json()["results"]
    assert [row["id"] for row in listed] == [subscription["id"]]
    assert "secret" not in listed[0]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://partner.example.org/hook", "https_only"),
        ("https://127.0.0.1/hook", "private_address"),
        ("https://10.1.2.3/hook", "private_address"),
        ("https://[::1]/hook", "private_address"),
        ("https://169.254.169.254/latest/meta-data", "private_address"),
        ("https://user:pw@partner.example.org/hook", "auth"),
    ],
)
def test_a_webhook_address_must_be_https_and_outside_private_networks(partner_system, url, code):
    response = partner_system(
        "POST", "/webhooks/", {"url": url, "event_types": ["referral.received"]}
    )
    assert response.status_code == 400
    assert response.json()["error_codes"] == {"url": [code]}


def test_a_read_token_cannot_subscribe(make_user, other_ngo):
    reader = Caller(make_user(Role.ORGANISATION_ADMIN, other_ngo, "reader-admin"), scope="read")
    response = reader("POST", "/webhooks/", {"url": HOOK, "event_types": ["referral.received"]})
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
