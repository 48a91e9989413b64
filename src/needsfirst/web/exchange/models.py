"""What an import remembers: the key of each record it created, and each import's progress.

An `ExchangeKey` ties one row of a source (the file's `source` and the row's `nf_Id`) to the
record it became, so the same file imported again creates nothing twice, and keeps a keyed
digest of each field as the import last wrote it, so a later import can tell a field changed
here since (a conflict: left as it is, and reported) from one only the source changed (updated).
An `ImportJob` holds the uploaded file, encrypted, until it is imported or refused; its report
names tables, rows, fields and reasons, never a value. An `ExportJob` holds one export,
encrypted, for the administrator who asked for it, until it expires.

`VictimContext` and `OutsideScreening` hold what a file said that needsfirst has no record of
its own for: the HTCDS victim context of a case, and a screening another organisation did.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedJSONField, EncryptedTextField


class ExchangeKey(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(max_length=200)
    table = models.CharField(max_length=32)
    external_id = models.CharField(max_length=64)
    record_uuid = models.UUIDField()
    # {field name: keyed digest of its value as the last import wrote it}; no value itself.
    # Empty for a key written before updates existed: any difference is then a conflict.
    digests = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "table", "external_id"],
                name="exchange_key_once",
            )
        ]


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    REJECTED = "rejected", _("Rejected")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed, nothing written")


RUNNING = frozenset({JobStatus.CHECKING, JobStatus.IMPORTING})


class ImportJob(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The file's name as uploaded can say whom it is about: kept encrypted like its content.
    file_name = EncryptedTextField(blank=True)
    file_format = models.CharField(max_length=8)
    # The uploaded file (base64), encrypted at rest; emptied once imported or refused.
    payload = EncryptedTextField(blank=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # [{"table", "row", "field", "reason"}]: places and reasons, never a value.
    rejections = models.JSONField(default=list)
    # {"rows": {table: n}, "new": {table: n}, "existing": {table: n}, "not_held": {table: [..]}}
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"import {self.uuid}"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int:
        if self.status in (JobStatus.DONE, JobStatus.READY, JobStatus.REJECTED):
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class VictimContext(models.Model):
    """The HTCDS victim context of a case as an exchange file gave it (`vic_...` fields).

    The organisation's own screening facts win over the methods of control and the types of
    exploitation kept here (see `records.py`); the rest (relationship to the trafficker, age
    when trafficked, recruitment, industry, places, websites) has no other home in needsfirst.
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="exchange_victim_context"
    )
    # {vic_ field: value} in the file's terms (lists for multiselect fields), encrypted.
    fields = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"victim context of case {self.case_id}"


class OutsideScreening(models.Model):
    """A screening another organisation did that screened the person in, as its file said.

    HTCDS asks who identified the person and how (`vic_TraffickingStatus`,
    `vic_TraffickingStatusDecisionMakingOrg`); this keeps that step on the receiving case,
    dated and named, without pretending it was this organisation's own determination.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="outside_screenings"
    )
    status = models.CharField(max_length=64)
    decision_making_org = models.CharField(max_length=64)
    organisation_name = models.CharField(max_length=200, blank=True)
    decided_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"outside screening {self.uuid}"


class ExportStatus(models.TextChoices):
    RUNNING = "running", _("Preparing the file")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired, deleted")


class ExportFormat(models.TextChoices):
    JSON = "json", _("JSON")
    XLSX = "xlsx", _("Spreadsheet, one sheet per table")
    TOOLKIT = "toolkit", _("Spreadsheet in the toolkit's one-sheet layout")


class ExportJob(models.Model):
    """One export, prepared by a job, for the administrator who asked for it alone."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_format = models.CharField(max_length=8, choices=ExportFormat.choices)
    status = models.CharField(max_length=12, choices=ExportStatus.choices)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # The file (base64), encrypted at rest; emptied when it expires.
    payload = EncryptedTextField(blank=True)
    file_name = models.CharField(max_length=64, blank=True)
    rows = models.JSONField(default=dict)  # {table: n}
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.uuid}"

    @property
    def running(self) -> bool:
        return self.status == ExportStatus.RUNNING

    @property
    def percent(self) -> int:
        if self.status != ExportStatus.RUNNING:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0
