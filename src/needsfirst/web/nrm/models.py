"""The national referral mechanism: referrals and anonymous notifications to a competent
authority, its decisions at two stages, and the challenges to them (docs/nrm.md).

What the authority sees is what the referral carries (the fields marked "carried"), copied when
it was sent; never the case. The trafficking status a decision gives is kept in one place, the
screening app's AuthorityDecision, which each decision links to.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedCharField, EncryptedTextField


class CompetentAuthority(models.Model):
    """An organisation designated as the competent authority for one jurisdiction's mechanism."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="nrm_designations"
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "jurisdiction"], name="nrm_one_designation_per_pair"
            )
        ]
        ordering = ["jurisdiction", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.jurisdiction})"


class NrmKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    NOTIFICATION = "notification", _("Anonymous notification")


class NrmStatus(models.TextChoices):
    AWAITING_FIRST = "awaiting_first", _("Waiting for the first decision")
    AWAITING_CONCLUSIVE = "awaiting_conclusive", _("Waiting for the conclusive decision")
    NEGATIVE_FIRST = "negative_first", _("No reasonable grounds")
    CONCLUDED = "concluded", _("Conclusive decision taken")
    RECEIVED = "received", _("Notification received")


class Exploitation(models.TextChoices):
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")
    DOMESTIC = "domestic", _("Domestic servitude")
    CRIMINAL = "criminal", _("Forced criminality")
    OTHER = "other", _("Other or not known")


class NrmReferral(models.Model):
    """A referral (with consent, or a child's without it) or an anonymous notification."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=NrmKind.choices)
    # The sender's case; never shown to the authority. Kept on a notification too, so the sender
    # knows the duty was met; the authority's pages never read it.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="nrm_referrals")
    authority = models.ForeignKey(
        CompetentAuthority, on_delete=models.PROTECT, related_name="referrals"
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=6)
    # The consent that lets the authority read it; None for a child referred without consent
    # and for an anonymous notification.
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    child = models.BooleanField(_("the person is a child (under 18)"), default=False)
    # carried: what the authority reads (names only on a referral)
    person_name = EncryptedCharField(_("name"), blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    language = models.CharField(_("language for letters"), max_length=8, blank=True)
    exploitation = models.CharField(
        _("kind of exploitation"), max_length=16, choices=Exploitation.choices
    )
    account = EncryptedTextField(_("what happened, and the indicators seen"))
    received_on = models.DateField()
    status = models.CharField(max_length=24, choices=NrmStatus.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"nrm referral {self.uuid}"


class Stage(models.TextChoices):
    REASONABLE_GROUNDS = "reasonable_grounds", _("First decision (reasonable grounds)")
    CONCLUSIVE_GROUNDS = "conclusive_grounds", _("Conclusive decision")


class NrmDecision(models.Model):
    """A decision at one stage. Its outcome is the linked AuthorityDecision's status (one place);
    here: the evidence considered and the reasons, for the letter."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(NrmReferral, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    authority_decision = models.OneToOneField(
        "screening.AuthorityDecision", on_delete=models.RESTRICT, related_name="nrm_decision"
    )
    evidence = EncryptedTextField(_("evidence considered"))
    reasons = EncryptedTextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"nrm decision {self.uuid}"


class ChallengeKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("Request for reconsideration")
    APPEAL = "appeal", _("Appeal or judicial review")


class ChallengeOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Decision upheld")
    CHANGED = "changed", _("Decision changed")


class NrmChallenge(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(NrmDecision, on_delete=models.CASCADE, related_name="challenges")
    kind = models.CharField(_("kind"), max_length=16, choices=ChallengeKind.choices)
    requested_on = models.DateField(_("asked on"))
    grounds = EncryptedTextField(_("grounds and new evidence"))
    outcome = models.CharField(
        _("outcome"),
        max_length=8,
        choices=ChallengeOutcome.choices,
        default=ChallengeOutcome.PENDING,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"nrm challenge {self.uuid}"
