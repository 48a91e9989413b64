"""A wage claim saved on a case: the facts entered and the claim the core computed from them.

Each save adds a row, never edits one: the latest is the claim the page reopens, the earlier
ones are its history. Facts and result are encrypted at rest (they hold the worker's pay, the
employer's name and notes about the person); only the totals' currencies stay out of it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedJSONField


class WageClaim(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="wage_claims")
    # the page's entries: the facts in the layout `needsfirst claim FILE.json` reads, plus the
    # employer's name and the currency chosen
    facts = EncryptedJSONField(_("facts"))
    # `needsfirst.wages.render.claim_to_data`: lines, totals and notes as computed when saved
    result = EncryptedJSONField(_("claim"))
    rules_version = models.CharField(_("rules version"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"wage claim {self.uuid}"


class MatterStage(models.TextChoices):
    OPEN = "open", _("To file")
    FILED = "filed", _("Filed")
    HEARING = "hearing", _("Hearing set")
    DECIDED = "decided", _("Decided")
    PAID = "paid", _("Paid in full")
    CLOSED = "closed", _("Closed")


class MatterOutcome(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    SETTLED = "settled", _("Settled")
    DISMISSED = "dismissed", _("Dismissed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClaimMatter(models.Model):
    """A claim taken to a forum: where, by when (as `needsfirst.wages.remedies` computed it from
    the facts), and what happened since: filed, hearing, outcome, amount awarded and recovered.

    The dated facts (the immigration status among them) are encrypted; the deadline and the
    hearing day stay plain so the daily reminders can find them; they say nothing of the person.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="claim_matters")
    wage_claim = models.ForeignKey(
        WageClaim, on_delete=models.SET_NULL, null=True, blank=True, related_name="matters"
    )
    jurisdiction = models.CharField(_("country"), max_length=2)
    forum = models.CharField(_("forum"), max_length=60)
    facts = EncryptedJSONField(_("facts"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    last_deadline = models.DateField(_("last deadline"), null=True, blank=True)
    rules_version = models.CharField(_("rules version"), max_length=64)
    stage = models.CharField(
        _("stage"), max_length=12, choices=MatterStage.choices, default=MatterStage.OPEN
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=MatterOutcome.choices, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    awarded = models.DecimalField(
        _("amount awarded"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recovered = models.DecimalField(
        _("amount recovered"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"claim matter {self.uuid}"

    @property
    def outstanding(self) -> Any:
        if self.awarded is None:
            return None
        return self.awarded - (self.recovered or 0)
