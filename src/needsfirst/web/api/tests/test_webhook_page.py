"""The administrator's webhooks page: added with the API's address check, the secret shown once,
rotated, disabled, and the last deliveries shown by type, ids and status, never the content."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from needsfirst.web.accounts.models import Role
from needsfirst.web.api.events import event_record, sign, subscription_create
from needsfirst.web.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, shelter):
    return make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")


@pytest.fixture
def admin_client(admin):
    return signed_in(admin)


def add(client, url="https://partner.example.org/hook", types=("referral.received",)):
    return client.post(reverse("api_tokens:webhooks"), {"url": url, "event_types": list(types)})


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
def test_an_administrator_adds_a_webhook_and_sees_its_secret_once(admin_client, admin):
    response = add(admin_client)
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    page = response.content.decode()
    assert subscription.secret in page
    assert "no-store" in response["Cache-Control"]
    again = admin_client.get(reverse("api_tokens:webhooks")).content.decode()
    assert "https://partner.example.org/hook" in again
    assert subscription.secret not in again
    detail = admin_client.get(reverse("api_tokens:webhook", args=[subscription.uuid]))
    assert subscription.secret not in detail.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="webhooksubscription", actor=admin
    ).exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://partner.example.org/hook", "starts with https://"),
        ("https://127.0.0.1/hook", "private, loopback or reserved"),
        ("https://10.1.2.3/hook", "private, loopback or reserved"),
        ("https://user:pw@partner.example.org/hook", "user name or a password"),
    ],
)
def test_an_address_the_api_refuses_is_refused_on_the_page_with_a_sentence(
    admin_client, url, message
):
    response = add(admin_client, url=url)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_webhook_without_an_event_is_refused(admin_client):
    response = add(admin_client, types=())
    assert response.status_code == 400
    assert not WebhookSubscription.objects.exists()


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
def test_rotating_shows_the_new_secret_once_and_signs_with_it(admin_client, admin):
    add(admin_client)
    subscription = WebhookSubscription.objects.get()
    old = subscription.secret
    response = admin_client.post(reverse("api_tokens:webhook_rotate", args=[subscription.uuid]))
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret in response.content.decode()
    assert sign(subscription.secret, 1, b"{}") != sign(old, 1, b"{}")
    rotations = AuditEntry.objects.filter(action=AuditAction.UPDATE, actor=admin)
    assert [entry.detail.get("secret_rotated") for entry in rotations] == [True]


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
def test_a_disabled_webhook_gets_nothing_more_and_cannot_be_rotated(admin_client):
    add(admin_client)
    subscription = WebhookSubscription.objects.get()
    response = admin_client.post(reverse("api_tokens:webhook_disable", args=[subscription.uuid]))
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.revoked_at is not None
    secret = subscription.secret
    admin_client.post(reverse("api_tokens:webhook_rotate", args=[subscription.uuid]))
    subscription.refresh_from_db()
    assert subscription.secret == secret


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
def test_the_last_deliveries_show_type_ids_status_and_retries_without_personal_data(
    admin_client, admin, shelter, open_case
):
    case = open_case(first_name="Zainab", second_name="Quellenberg")
    subscription, _secret = subscription_create(
        organisation_id=shelter.pk,
        created_by=admin,
        url="https://partner.example.org/hook",
        event_types=["referral.received"],
    )
    event = event_record(
        organisation_id=shelter.pk,
        type="referral.received",
        object_type="referral",
        object_id=case.uuid,
        status="sent",
    )
    delivery = WebhookDelivery.objects.get(subscription=subscription, event=event)
    delivery.attempts, delivery.last_status_code = 3, 503
    delivery.status = DeliveryStatus.PENDING
    delivery.save()
    page = admin_client.get(reverse("api_tokens:webhook", args=[subscription.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert str(event.uuid) in text
    assert "A referral arrived" in text
    assert "HTTP 503" in text
    row = text[text.index('class="delivery-row"') :]
    assert 'data-label="Attempts">3</td>' in row
    assert 'data-label="Retries">2</td>' in row
    assert "Quellenberg" not in text
    assert "Zainab" not in text


def test_another_organisations_webhook_is_not_found_and_the_attempt_audited(
    make_user, other_ngo, admin
):
    with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
        subscription, _secret = subscription_create(
            organisation_id=admin.organisation_id,
            created_by=admin,
            url="https://partner.example.org/hook",
            event_types=["referral.received"],
        )
    stranger = make_user(Role.ORGANISATION_ADMIN, other_ngo, "partner-admin")
    client = signed_in(stranger)
    for name in ("api_tokens:webhook", "api_tokens:webhook_rotate", "api_tokens:webhook_disable"):
        method = client.get if name == "api_tokens:webhook" else client.post
        assert method(reverse(name, args=[subscription.uuid])).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=stranger).count() == 3
    subscription.refresh_from_db()
    assert subscription.revoked_at is None


def test_a_caseworker_is_refused_the_webhooks_page(caseworker_client, caseworker):
    assert caseworker_client.get(reverse("api_tokens:webhooks")).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=caseworker).exists()


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
def test_a_delivery_names_its_record_in_words_in_the_readers_language(admin, shelter, open_case):
    case = open_case(first_name="Zainab", second_name="Quellenberg")
    subscription, _secret = subscription_create(
        organisation_id=shelter.pk,
        created_by=admin,
        url="https://partner.example.org/hook",
        event_types=["handover.received"],
    )
    event_record(
        organisation_id=shelter.pk,
        type="handover.received",
        object_type="handover",
        object_id=case.uuid,
        status="sent",
    )
    url = reverse("api_tokens:webhook", args=[subscription.uuid])
    english = signed_in(admin).get(url).content.decode()
    arabic = signed_in(admin).get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    english_row = english[english.index('class="delivery-row"') :]
    assert "hand-over of the case" in english_row
    assert "handover " not in english_row
    assert "تسليم الحالة" in arabic
