"""What an import remembers: the key of each record it created, and each import's progress.

An `ExchangeKey` ties one row of a source (the file's `source` and the row's `nf_Id`) to the
record it became, so the same file imported again creates nothing twice. An `ImportJob` holds
the uploaded file, encrypted, until it is imported or refused; its report names tables, rows,
fields and reasons, never a value.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedTextField


class ExchangeKey(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(max_length=200)
    table = models.CharField(max_length=32)
    external_id = models.CharField(max_length=64)
    record_uuid = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

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
