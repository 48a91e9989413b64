"""The service directory, referrals of a case to a provider, and their follow-up tasks.

A referral carries personal data to another organisation only under the person's data-sharing
consent for that recipient and the purpose "referral" (docs/security.md); an override without
it is a separate permission, needs a written reason and leaves its own audit entry.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.needs.model import Domain
from needsfirst.web.cases.models import CaseShareSection
from needsfirst.web.common.fields import EncryptedTextField

# Labels of the need domains of `needsfirst.needs` (the core keeps its own English titles).
DOMAIN_LABELS: dict[str, object] = {
    Domain.SAFETY: _("Immediate safety and risk"),
    Domain.SHELTER: _("Shelter"),
    Domain.FOOD_AND_MATERIAL: _("Food and material needs"),
    Domain.MEDICAL_URGENT: _("Urgent medical care"),
    Domain.MEDICAL_NON_URGENT: _("Medical care (not urgent)"),
    Domain.PSYCHOLOGICAL: _("Psychological support"),
    Domain.LEGAL: _("Legal help"),
    Domain.INTERPRETATION: _("Interpretation"),
    Domain.FAMILY_AND_SOCIAL: _("Family and social contact"),
    Domain.CHILD_PROTECTION: _("Child protection"),
    Domain.WORK_AND_INCOME: _("Work and income"),
    Domain.RETURN_OR_INTEGRATION: _("Return, reintegration or local integration"),
}
DOMAIN_CHOICES = [(domain.value, DOMAIN_LABELS[domain]) for domain in Domain]


class ProviderType(models.TextChoices):
    SHELTER = "shelter", _("Shelter or safe house")
    HEALTH = "health", _("Health care")
    MENTAL_HEALTH = "mental_health", _("Psychological care")
    LEGAL = "legal", _("Legal aid")
    INTERPRETATION = "interpretation", _("Interpretation")
    SOCIAL = "social", _("Social services")
    CHILD_PROTECTION = "child_protection", _("Child protection service")
    EMPLOYMENT = "employment", _("Employment and training")
    RETURN = "return", _("Return and reintegration programme")
    OTHER = "other", _("Other")


class Eligibility(models.TextChoices):
    ANY = "any", _("Anyone")
    MEN = "men", _("Men")
    WOMEN = "women", _("Women")
    CHILDREN = "children", _("Children")
    FAMILIES = "families", _("Families")


class ServiceProvider(models.Model):
    """An entry of the directory. Holds no personal data: the contact is the service's own.

    `organisation` is the needsfirst organisation a consent must name to refer to this provider;
    `in_needsfirst` says whether it answers referrals inside needsfirst (accept, decline,
    complete) or is an outside partner that receives a printed referral form.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="directory_entries",
        verbose_name=_("managed by"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("recipient organisation"),
        help_text=_("The organisation the person's consent must name."),
    )
    in_needsfirst = models.BooleanField(
        _("answers referrals in needsfirst"),
        default=True,
        help_text=_("Untick for an outside partner: referrals are printed for it."),
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=24, choices=ProviderType.choices)
    domains = models.JSONField(_("needs it meets"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("town or city"), max_length=100)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    eligibility = models.JSONField(_("who it serves"), default=list)
    contact = models.CharField(_("how to contact the service"), max_length=300, blank=True)
    active = models.BooleanField(_("listed"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "city", "name"]
        # The directory is read a page at a time in this order (the id breaking ties).
        indexes = [models.Index(fields=["country", "city", "name", "id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def outside(self) -> bool:
        return not self.in_needsfirst or self.organisation_id is None

    def domain_labels(self) -> list[str]:
        return [str(DOMAIN_LABELS.get(value, value)) for value in self.domains]

    def eligibility_labels(self) -> list[str]:
        return [str(Eligibility(value).label) for value in self.eligibility]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


class ReferralOutcome(models.TextChoices):
    SERVICE_RECEIVED = "service_received", _("The person received the service")
    PARTLY = "partly", _("The person received part of the service")
    PERSON_DECLINED = "person_declined", _("The person chose not to go")
    NOT_AVAILABLE = "not_available", _("The service was not available")
    NO_CONTACT = "no_contact", _("Contact with the person was lost")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere instead")


class Referral(models.Model):
    """A case referred to a directory entry, bound to its recipient as it was when sent.

    `recipient` and `outside` are copied from the entry at sending and never follow it: an
    administrator re-pointing the entry to another organisation must not move the referral,
    nor the share an acceptance creates (docs/referrals.md, "Bound to the recipient").
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="referrals"
    )
    recipient = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient organisation"),
    )
    outside = models.BooleanField(default=False)
    # The entry as it was when sent (its own name and contact, no personal data).
    provider_snapshot = models.JSONField(default=dict, blank=True)
    domain = models.CharField(_("need"), max_length=32, choices=DOMAIN_CHOICES, blank=True)
    sections = models.JSONField(_("sections shared"), default=list)
    message = EncryptedTextField(_("message to the service"), blank=True)
    consent = models.ForeignKey(
        "cases.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    overridden = models.BooleanField(default=False)
    override_reason = EncryptedTextField(_("reason for sending without consent"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    share = models.OneToOneField(
        "cases.CaseShare",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referral",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=24, choices=ReferralOutcome.choices, blank=True
    )
    outcome_note = EncryptedTextField(_("about the outcome"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The one-time value of the form that sent it: the same form sent again (a double click, or
    # a resend after the answer was lost) finds this referral instead of sending a second one.
    # Unique within the case, hence within the organisation that holds it; empty for the API.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "status", "-sent_at"]),
            # The recipient's inbox, newest first, a page at a time (keyset pagination).
            models.Index(fields=["recipient", "-sent_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "idempotency_key"], name="one_referral_per_form_sent"
            )
        ]

    def __str__(self) -> str:
        return f"referral {self.uuid}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def internal(self) -> bool:
        """Sent to a service of the organisation holding the case: nothing leaves it."""
        return self.recipient_id is not None and self.recipient_id == self.case.organisation_id

    @property
    def provider_label(self) -> str:
        snapshot = self.provider_snapshot or {}
        return str(snapshot.get("name") or self.provider.name)

    def section_labels(self) -> list[str]:
        return [str(CaseShareSection(value).label) for value in self.sections]


class FollowUpTask(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="tasks")
    description = EncryptedTextField(_("what to do"))
    due_on = models.DateField(_("due on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
