"""The registry of recruiters, employers and sponsors: public data from licensing authorities.

Nothing here is personal data of a worker: names are of businesses (or of sponsors as the
authority publishes them), each licence, certification and complaint is dated and sourced.
Name look-up uses the matching keys of `needsfirst.protect.names` (transliteration- and
typo-tolerant), stored in clear because the names are public.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.recruitment import RecruiterStatus
from needsfirst.web.common.fields import EncryptedCharField, EncryptedTextField


class PartyKind(models.TextChoices):
    AGENCY = "agency", _("Recruitment agency")
    SUB_AGENT = "sub_agent", _("Sub-agent")
    EMPLOYER = "employer", _("Employer")
    SPONSOR = "sponsor", _("Sponsor")


class LicenceStatus(models.TextChoices):
    LICENSED = "licensed", _("Licensed")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Licence withdrawn")
    EXPIRED = "expired", _("Licence expired")


# What a recruiter's standing on a day is called on the staff pages.
STATUS_LABELS = {
    RecruiterStatus.LICENSED: _("Licensed"),
    RecruiterStatus.SUSPENDED: _("Suspended"),
    RecruiterStatus.REVOKED: _("Licence withdrawn"),
    RecruiterStatus.EXPIRED: _("Licence expired"),
    RecruiterStatus.NOT_LISTED: _("No licence in force"),
    RecruiterStatus.UNKNOWN: _("No licence in force"),
}


class EventKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    FINDING = "finding", _("Inspection finding")
    SANCTION = "sanction", _("Sanction")


def licence_key(number: str) -> str:
    """A licence number compared without spaces, dashes, slashes or case: 'RL 12/3' = 'rl-123'."""
    return re.sub(r"[^0-9A-Z]", "", number.upper())


class Recruiter(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=PartyKind.choices, default=PartyKind.AGENCY)
    name = models.CharField(max_length=200)
    transliterations = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RecruiterNameKey(models.Model):
    """One matching key of a recruiter's name or transliteration (`protect.names.index_keys`)."""

    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recruiter", "key"], name="recruiter_name_key_once")
        ]


class Licence(models.Model):
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="licences")
    authority = models.CharField(max_length=200)
    number = models.CharField(max_length=100)
    number_key = models.CharField(max_length=100, db_index=True)
    status = models.CharField(max_length=20, choices=LicenceStatus.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)
    imported_on = models.DateField()

    class Meta:
        ordering = ["authority", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number_key"], name="licence_once_per_authority"
            )
        ]

    def status_on(self, day: date) -> RecruiterStatus:
        """The licence's standing on `day`: a licence past its end date has expired, one not yet
        in force is not a licence yet."""
        if self.status == LicenceStatus.SUSPENDED:
            return RecruiterStatus.SUSPENDED
        if self.status == LicenceStatus.REVOKED:
            return RecruiterStatus.REVOKED
        if self.status == LicenceStatus.EXPIRED:
            return RecruiterStatus.EXPIRED
        if self.valid_until is not None and self.valid_until < day:
            return RecruiterStatus.EXPIRED
        if self.valid_from is not None and self.valid_from > day:
            return RecruiterStatus.NOT_LISTED
        return RecruiterStatus.LICENSED


class Certification(models.Model):
    recruiter = models.ForeignKey(
        Recruiter, on_delete=models.CASCADE, related_name="certifications"
    )
    scheme = models.CharField(max_length=100)  # e.g. "IOM IRIS"
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)


class RegistryEvent(models.Model):
    """A complaint, inspection finding or sanction about a recruiter, as a public source says."""

    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    on = models.DateField()
    summary = models.CharField(max_length=500)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)

    class Meta:
        ordering = ["-on", "-id"]


class ContactChannel(models.TextChoices):
    CALL = "call", _("A phone call")
    SMS = "sms", _("A text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    EMAIL = "email", _("Email")
    THROUGH_SOMEONE = "someone", _("Through someone I trust")


class HelpStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")


class HelpRequest(models.Model):
    """A person's request for help from the public pages, with their consent.

    Addressed to one organisation (the partner covering the country the person is in) and
    visible only to it. The contact details are encrypted at rest; the result of the offer check
    is kept as rule ids and terms only (no free text, no amounts).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=16, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="help_requests"
    )
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=10)
    name = EncryptedCharField(blank=True)
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    contact = EncryptedCharField()
    safe_times = EncryptedCharField(blank=True)
    message = EncryptedTextField(blank=True)
    check_rules = models.JSONField(default=list, blank=True)
    consent_text = models.TextField()
    consented_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=HelpStatus.choices, default=HelpStatus.NEW)
    # The case the receiving organisation opened from the request, once it has.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class PartyRole(models.TextChoices):
    """The part someone played, after the HTCDS 2.0 perpetrator fields."""

    RECRUITER = "recruiter", _("Recruiter")
    SUB_AGENT = "sub_agent", _("Sub-agent")
    TRANSPORTER = "transporter", _("Transporter")
    EMPLOYER = "employer", _("Employer")
    SPONSOR = "sponsor", _("Sponsor")
    EXPLOITER = "exploiter", _("Exploiter")


class CaseParty(models.Model):
    """A case names a recruiter, employer or sponsor of the registry, with the part it played.

    The link belongs to the organisation holding the case; other organisations see only how many
    cases point to a recruiter, never which.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="parties")
    recruiter = models.ForeignKey(Recruiter, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "recruiter", "role"], name="case_party_once_per_role"
            )
        ]
