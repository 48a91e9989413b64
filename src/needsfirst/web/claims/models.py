"""A wage claim saved on a case: the facts entered and the claim the core computed from them.

Each save adds a row, never edits one: the latest is the claim the page reopens, the earlier
ones are its history. Facts and result are encrypted at rest (they hold the worker's pay, the
employer's name and notes about the person); only the totals' currencies stay out of it.
"""

from __future__ import annotations

import uuid

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
