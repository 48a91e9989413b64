"""A case handed over, with the person's consent, to an organisation that will hold it (often
in another country: a return, a resettlement, an onward movement), and the follow-up there.

The sending case stays with the sending organisation as its history; the receiving
organisation opens a new case holding only the sections that went.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedTextField


class HandoverKind(models.TextChoices):
    RETURN = "return", _("Return to the country of origin")
    RESETTLEMENT = "resettlement", _("Resettlement")
    ONWARD = "onward", _("Onward movement")
    OTHER = "other", _("Another move")


class HandoverSection(models.TextChoices):
    """What may go with the case; whatever is not ticked stays with the sending organisation."""

    IDENTITY = "identity", _("Name and identity")
    CONTACT = "contact", _("Contact details")
    DOCUMENTS = "documents", _("Documents")
    EVENTS = "events", _("Timeline of events")
    NOTES = "notes", _("Notes")
    PLAN = "plan", _("Open actions of the assistance plan")
    SCREENING = "screening", _("Screening outcome")


class HandoverStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Handover(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="handovers_out")
    # Bound at sending: the organisation the consent names, and its country then.
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="handovers_in"
    )
    recipient_country = models.CharField(max_length=2)
    consent = models.ForeignKey("cases.Consent", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of move"), max_length=16, choices=HandoverKind.choices)
    sections = models.JSONField(default=list)
    message = EncryptedTextField(_("message to the receiving organisation"), blank=True)
    status = models.CharField(
        max_length=12, choices=HandoverStatus.choices, default=HandoverStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True)
    accepted_on = models.DateField(null=True)
    decline_reason = EncryptedTextField(blank=True)
    # The screening outcome when the case went (a status code, shown in the reader's language),
    # kept only if the screening section went.
    screening_status = models.CharField(max_length=32, blank=True)
    screened_on = models.DateField(null=True)
    new_case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, related_name="handover_in"
    )

    class Meta:
        ordering = ["-sent_at"]


FOLLOW_UP_MONTHS = (3, 6, 12)


class FollowUpOutcome(models.TextChoices):
    WELL = "well", _("Settled, doing well")
    NEEDS_SUPPORT = "needs_support", _("Settled, still needs support")
    AT_RISK = "at_risk", _("At risk again (exploitation or re-trafficking)")
    MOVED = "moved", _("Moved on again")
    NO_CONTACT = "no_contact", _("Could not be reached")


class FollowUp(models.Model):
    """The receiving organisation's follow-up 3, 6 or 12 months after accepting the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    done_on = models.DateField(_("date of the follow-up"), null=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=FollowUpOutcome.choices, blank=True
    )
    note = EncryptedTextField(_("what was found"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "months"], name="one_follow_up_per_stage")
        ]
