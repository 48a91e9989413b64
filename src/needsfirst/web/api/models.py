"""API tokens: how a partner's system calls the API without a browser session.

A token belongs to one organisation and acts through its own service account (a `User` that can
never sign in to the pages: it has no usable password, is inactive for the sign-in form and has
no second-factor device). Every permission check and audit entry of the pages therefore applies
to a token unchanged: the service account has the role the administrator chose (caseworker or
labour inspector), and its user name (`api-token:<prefix>`) names the token on the audit trail.

The secret is shown once. What is kept is a prefix, for look-up, and a SHA-256 hash of the whole
secret, compared in constant time: the secret has 256 random bits, so a slow password hash would
add nothing but a cost on every call.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedTextField


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    # The service account the token acts as (see the module's docstring).
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token"
    )
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def writes(self) -> bool:
        return self.scope == TokenScope.WRITE

    def in_force(self, at: object = None) -> bool:
        now = at or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now  # type: ignore[operator]


class EventType(models.TextChoices):
    REFERRAL_RECEIVED = "referral.received", _("A referral arrived")
    REFERRAL_ANSWERED = "referral.answered", _("A referral was answered")
    DECISION_RECORDED = "decision.recorded", _("An authority's decision was recorded")
    # The national referral mechanism and the hand-over (docs/nrm.md, docs/handover.md).
    NRM_REFERRAL_RECEIVED = "nrm.referral.received", _("A national referral arrived")
    NRM_DECISION_TAKEN = "nrm.decision.taken", _("A national referral decision was taken")
    HANDOVER_RECEIVED = "handover.received", _("A hand-over arrived")
    HANDOVER_ANSWERED = "handover.answered", _("A hand-over was accepted or declined")


class PartnerEvent(models.Model):
    """Something a partner's system may want to know, by type and ids only: never a name, a
    note or any other content of the record (the system reads the record through the API, under
    its own permissions, if it needs it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(max_length=40, choices=EventType.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.UUIDField()
    # A status the event is about ("accepted", an HTCDS trafficking status), a code, never
    # free text; HTCDS codes run to 40 characters.
    status = models.CharField(max_length=64, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # The same change saved twice is one event.
            models.UniqueConstraint(
                fields=["organisation", "type", "object_id", "status"], name="one_event_a_change"
            )
        ]


class WebhookSubscription(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(max_length=500)
    event_types = models.JSONField(default=list)
    # Kept encrypted, not hashed: needsfirst signs each delivery with it.
    secret = EncryptedTextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


class WebhookDelivery(models.Model):
    """One event to one subscription. Its uuid is the idempotency key sent with every attempt,
    so a receiver that got a retry of something it already processed can tell."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(PartnerEvent, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="one_delivery_an_event")
        ]
