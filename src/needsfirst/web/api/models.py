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
