"""Deployment checks of needsfirst's own settings, run by `manage.py check --deploy`.

Django's deploy checks know nothing of the field encryption keys, and accept ALLOWED_HOSTS=*;
a production that starts with either would fail at the first case page, or answer for any host
name (and build links and password-reset addresses from whatever Host a client sends).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from needsfirst.protect.crypto import KeyRing
from needsfirst.protect.errors import ProtectError


@register(Tags.security, deploy=True)
def check_field_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        KeyRing(list(settings.FIELD_ENCRYPTION_KEYS))
    except ProtectError as error:
        # The core's messages name a key by its position, never its value.
        return [
            Error(
                f"FIELD_ENCRYPTION_KEYS cannot be used: {error}.",
                hint="Generate keys with needsfirst.protect.crypto.generate_key() "
                "(see docs/security.md).",
                id="needsfirst.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Error(
                "ALLOWED_HOSTS contains '*': the application would answer for any host name.",
                hint="List the host names the application is served under.",
                id="needsfirst.E002",
            )
        ]
    return []
