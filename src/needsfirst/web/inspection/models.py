"""Workplaces an inspectorate knows, its visits, what it found and the sanctions it imposed.

Everything belongs to one organisation (the inspectorate) and is seen by its labour inspectors
only. A worker is named in a finding by a label ("Worker 2"), never by name: a person's case is
opened by a partner organisation, with consent, and the inspector does not see it. Names and
addresses are encrypted at rest, since a household employer is a private person.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Workplace(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="workplaces"
    )
    name = EncryptedCharField(_("name"), form_max_length=200)
    jurisdiction = models.CharField(_("country"), max_length=2)
    area = models.CharField(_("area"), max_length=100, blank=True)
    address = EncryptedCharField(_("address"), form_max_length=300, blank=True)
    isic = models.CharField(_("sector (ISIC Rev.4)"), max_length=4)
    employer = EncryptedCharField(_("employer"), form_max_length=200, blank=True)
    # The employer and the recruiters as entries of the recruiter registry (their UUIDs), when
    # there are any; read through `needsfirst.web.common.registry_links` (this app does not
    # import the recruitment app). `employer` and `recruiters` keep the plain records.
    employer_entry = models.CharField(_("employer in the registry"), max_length=36, blank=True)
    recruiter_entries = models.JSONField(_("recruiters in the registry"), default=list, blank=True)
    # Explicit upper bounds: the database's own range differs between SQLite and PostgreSQL, and
    # so would the API schema that is generated from it.
    size = models.PositiveIntegerField(
        _("workers"), default=0, validators=[MaxValueValidator(10_000_000)]
    )
    migrant_share = models.PositiveSmallIntegerField(_("share of migrant workers (%)"), default=0)
    # [{"name": ..., "licensed": true|false|null}]
    recruiters = EncryptedJSONField(_("recruiters used"), default=list, blank=True)
    is_household = models.BooleanField(
        _("private household employing domestic workers"), default=False
    )
    complaints = models.PositiveIntegerField(
        _("complaints received"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"workplace {self.uuid}"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class JointPartner(models.TextChoices):
    POLICE = "police", _("Police")
    NGO = "ngo", _("Non-governmental organisation")
    TAX = "tax", _("Tax authority")
    PROSECUTOR = "prosecutor", _("Labour prosecutor")


class Visit(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="visits")
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    joint_with = models.JSONField(_("joint with"), default=list, blank=True)
    # For a household: the bases held for entering (consent, warrant), checked against the law.
    entry_bases = models.JSONField(_("basis for entering the home"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"visit {self.uuid}"


class FindingScope(models.TextChoices):
    WORKPLACE = "workplace", _("The workplace")
    WORKER = "worker", _("One worker")


class Finding(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    scope = models.CharField(_("about"), max_length=10, choices=FindingScope.choices)
    worker_label = models.CharField(_("worker (a label, never a name)"), max_length=40, blank=True)
    indicators = models.JSONField(_("ILO forced-labour indicators"), default=list, blank=True)
    none_found = models.BooleanField(_("no indicator found"), default=False)
    note = EncryptedTextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"finding {self.uuid}"


class SanctionKind(models.TextChoices):
    FINE = "fine", _("Fine")
    BACK_PAY = "back_pay", _("Order to pay back wages")
    STOP_WORK = "stop_work", _("Order to stop work")


class Sanction(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("kind"), max_length=12, choices=SanctionKind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    workers = models.PositiveIntegerField(
        _("workers concerned"), default=0, validators=[MaxValueValidator(10_000_000)]
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid = models.DecimalField(_("paid so far"), max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField(_("last payment on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"sanction {self.uuid}"

    @property
    def settled(self) -> bool:
        return self.amount is not None and self.paid >= self.amount

    @property
    def outstanding(self) -> Decimal | None:
        if self.amount is None:
            return None
        return self.amount - self.paid if self.paid < self.amount else Decimal(0)


class ChecklistSubmission(models.Model):
    """One sending of the on-site checklist. Its `uuid` is made on the phone when the inspector
    presses "Send", so a sending replayed after a dropped connection is recognised and stored
    once only."""

    uuid = models.UUIDField(unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="checklists")
    workers = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"checklist {self.uuid}"


class WorkerReferral(models.Model):
    """A worker's consent, given on site, to be referred to a partner organisation, with the
    indicators found. The partner opens the case; the inspectorate keeps only this record (a
    label, the indicators, the partner, the consent), never the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="referrals")
    submission = models.ForeignKey(
        ChecklistSubmission, on_delete=models.CASCADE, related_name="referrals"
    )
    worker_label = models.CharField(max_length=40)
    indicators = models.JSONField(default=list)
    partner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    consent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the partner when it opens the case; never read by the inspection pages.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"worker referral {self.uuid}"
