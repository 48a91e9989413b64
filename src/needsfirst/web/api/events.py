"""Events for partners and their webhooks.

An event is recorded when a referral arrives at an organisation, when the receiver answers it,
when a competent authority's decision is recorded on a case, when a national referral (or an
anonymous notification) reaches a competent authority and when it decides at a stage, and when a
hand-over arrives and is accepted or declined; it names the kind and the ids,
never the content. The apps that own those records import nothing of the API: the API listens to
their models being saved (`connect`, from the app's `ready()`).

Each subscription of the organisation the event is for gets one delivery (its uuid is the
idempotency key); the delivery is a job (`common.jobs`), retried with back-off until
`RETRY_DELAYS` runs out. The body is signed with HMAC-SHA256 over `<timestamp>.<body>` with the
subscription's own secret (docs/api.md says how to check it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.request
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.web.api.models import (
    DeliveryStatus,
    EventType,
    PartnerEvent,
    WebhookDelivery,
    WebhookSubscription,
)
from needsfirst.web.common.jobs import enqueue

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Needsfirst-Signature"
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
TIMEOUT_SECONDS = 10


# --- URLs a webhook may go to -----------------------------------------------------------------


def _url_error(message: str, code: str) -> ValidationError:
    return ValidationError({"url": ValidationError(message, code=code)})


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise _url_error(_("The host name does not resolve."), "dns") from error
    return [ipaddress.ip_address(info[4][0]) for info in found]


def validate_webhook_url(url: str) -> None:
    """https only, and never an address inside the server's own networks (loopback, private,
    link-local, reserved): a webhook must not become a way to reach them. Tests may allow
    private addresses (WEBHOOKS_ALLOW_PRIVATE); the scheme rule holds everywhere."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise _url_error(_("Give an https:// address."), "https_only")
    if parts.username or parts.password:
        raise _url_error(_("The address may not hold a user or password."), "auth")
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False):
        return
    for address in _addresses(parts.hostname):
        if not address.is_global or address.is_multicast:
            raise _url_error(_("The address is private, loopback or reserved."), "private_address")


# --- subscriptions ----------------------------------------------------------------------------


def subscription_create(
    *, organisation_id: int, created_by: Any, url: str, event_types: list[str]
) -> tuple[WebhookSubscription, str]:
    """A subscription and its signing secret (returned once; kept encrypted to sign with)."""
    validate_webhook_url(url)
    unknown = sorted(set(event_types) - set(EventType.values))
    if unknown or not event_types:
        raise ValidationError(
            {"event_types": ValidationError(_("Choose one or more event types."), code="invalid")}
        )
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    subscription = WebhookSubscription.objects.create(
        organisation_id=organisation_id,
        url=url,
        event_types=sorted(set(event_types)),
        secret=secret,
        created_by=created_by,
    )
    return subscription, secret


def subscription_rotate(*, subscription: WebhookSubscription) -> str:
    """A new signing secret for the subscription (returned once); the old one signs no more."""
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    subscription.secret = secret
    subscription.save(update_fields=["secret"])
    return secret


def subscription_disable(*, subscription: WebhookSubscription) -> bool:
    """Stop the deliveries (those waiting give up at their next attempt). False when it was
    disabled already."""
    if subscription.revoked_at is not None:
        return False
    subscription.revoked_at = timezone.now()
    subscription.save(update_fields=["revoked_at"])
    return True


# --- recording events -------------------------------------------------------------------------


def event_record(
    *, organisation_id: int, type: str, object_type: str, object_id: Any, status: str = ""
) -> PartnerEvent | None:
    """Record the event once (a second save of the same change adds nothing) and queue its
    deliveries when the transaction that made the change commits."""
    try:
        with transaction.atomic():
            event = PartnerEvent.objects.create(
                organisation_id=organisation_id,
                type=type,
                object_type=object_type,
                object_id=object_id,
                status=status,
            )
    except IntegrityError:
        return None
    subscriptions = WebhookSubscription.objects.filter(
        organisation_id=organisation_id, revoked_at__isnull=True
    )
    for subscription in subscriptions:
        if type in subscription.event_types:
            delivery = WebhookDelivery.objects.create(subscription=subscription, event=event)
            transaction.on_commit(partial(enqueue, webhook_deliver, delivery.pk))
    return event


def _referral_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if instance.outside or instance.recipient_id is None:
        return  # an outside provider has no system here to tell
    if created:
        event_record(
            organisation_id=instance.recipient_id,
            type=EventType.REFERRAL_RECEIVED,
            object_type="referral",
            object_id=instance.uuid,
        )
    elif instance.status != "sent":
        event_record(
            organisation_id=instance.case.organisation_id,
            type=EventType.REFERRAL_ANSWERED,
            object_type="referral",
            object_id=instance.uuid,
            status=instance.status,
        )


def _decision_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        event_record(
            organisation_id=instance.case.organisation_id,
            type=EventType.DECISION_RECORDED,
            object_type="authoritydecision",
            object_id=instance.uuid,
            status=instance.status,
        )


def _nrm_referral_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # To the competent authority: a referral or an anonymous notification arrived.
    if created:
        event_record(
            organisation_id=instance.authority.organisation_id,
            type=EventType.NRM_REFERRAL_RECEIVED,
            object_type="nrmreferral",
            object_id=instance.uuid,
            status=instance.kind,
        )


def _nrm_decision_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # To the first responder that referred: the authority decided at one stage.
    if created:
        event_record(
            organisation_id=instance.referral.case.organisation_id,
            type=EventType.NRM_DECISION_TAKEN,
            object_type="nrmdecision",
            object_id=instance.uuid,
            status=instance.stage,
        )


def _handover_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        event_record(
            organisation_id=instance.recipient_id,
            type=EventType.HANDOVER_RECEIVED,
            object_type="handover",
            object_id=instance.uuid,
        )
    elif instance.status != "sent":
        event_record(
            organisation_id=instance.case.organisation_id,
            type=EventType.HANDOVER_ANSWERED,
            object_type="handover",
            object_id=instance.uuid,
            status=instance.status,
        )


def connect() -> None:
    post_save.connect(_referral_saved, sender="referrals.Referral", dispatch_uid="api-referral")
    post_save.connect(
        _decision_saved, sender="screening.AuthorityDecision", dispatch_uid="api-decision"
    )
    post_save.connect(
        _nrm_referral_saved, sender="nrm.NrmReferral", dispatch_uid="api-nrm-referral"
    )
    post_save.connect(
        _nrm_decision_saved, sender="nrm.NrmDecision", dispatch_uid="api-nrm-decision"
    )
    post_save.connect(_handover_saved, sender="handover.Handover", dispatch_uid="api-handover")


# --- delivering -------------------------------------------------------------------------------


def event_body(event: PartnerEvent) -> dict[str, Any]:
    return {
        "id": str(event.uuid),
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat(),
        "object": {"type": event.object_type, "id": str(event.object_id)},
        "status": event.status,
    }


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>." + body>`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could point inside the server's networks, past the address check.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the status code (tests replace this)."""
    opener = urllib.request.build_opener(_NoRedirects)
    if not url.startswith("https://"):  # validate_webhook_url said so; said again for the reader
        raise ValueError("webhooks go to https addresses only")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def webhook_deliver(delivery_id: int) -> str:
    """One attempt. A delivery already made is not made again, whoever queued it twice."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription", "event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return "skipped"
        if delivery.next_attempt_at > timezone.now():
            return "not due"  # queued twice: the other job made this attempt
        if delivery.subscription.revoked_at is not None:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status"])
            return "revoked"
        delivery.attempts += 1
        body = json.dumps(event_body(delivery.event), separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "needsfirst-webhooks/1",
            "Idempotency-Key": str(delivery.uuid),
            "X-Needsfirst-Event": delivery.event.type,
            SIGNATURE_HEADER: sign(delivery.subscription.secret, int(time.time()), body),
        }
        try:
            validate_webhook_url(delivery.subscription.url)  # again: DNS may have changed
            code: int | None = http_post(delivery.subscription.url, body, headers)
        except (OSError, ValidationError) as error:
            logger.warning("webhook delivery %s failed: %s", delivery.uuid, type(error).__name__)
            code = None
        delivery.last_status_code = code
        if code is not None and 200 <= code < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
        elif delivery.attempts > len(RETRY_DELAYS):
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.next_attempt_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
        delivery.save()
        return str(delivery.status)


def webhooks_retry_due(now: dt.datetime | None = None) -> int:
    """Queue every delivery waiting for its next attempt (`manage.py deliver_webhooks`)."""
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        enqueue(webhook_deliver, pk)
        count += 1
    return count
