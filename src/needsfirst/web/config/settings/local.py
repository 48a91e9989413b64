"""Development and demo: SQLite under var/, inline jobs, console email, a generated local key."""

from __future__ import annotations

import os

from needsfirst.web.config.local_secrets import local_secret
from needsfirst.web.config.settings.base import *  # noqa: F403
from needsfirst.web.config.settings.base import FIELD_ENCRYPTION_KEYS, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret(VAR_DIR, "secret_key")
if not FIELD_ENCRYPTION_KEYS:
    FIELD_ENCRYPTION_KEYS = [local_secret(VAR_DIR, "field_key")]
NEEDSFIRST_DEMO_MODE = True
# The set-up output ends with the logins and the address, without django-axes' banner.
AXES_VERBOSE = False
