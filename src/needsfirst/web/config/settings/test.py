"""Tests: fast hashing, inline jobs, fixed keys. DATABASE_URL selects PostgreSQL in CI."""

from __future__ import annotations

from needsfirst.web.config.settings.base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz"
# Two keys, so every test also runs against a key ring with an older key in it.
FIELD_ENCRYPTION_KEYS = [
    "rVt3fYb6pQ0fB3k8v2c6Hq9m1z5nX4wL7dJ0aS2eG8U=",
    "Jm3nQ5tW8zC1vB4xK7pR0sD2fG6hL9aE3uY5iO8wT1Q=",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
JOBS_INLINE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NEEDSFIRST_LOCKOUT_PER_ADDRESS = 5
NEEDSFIRST_LOCKOUT_PER_ACCOUNT = 20
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
# WhiteNoise serves from the finders in tests, and STATIC_ROOT exists so it does not warn.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
PUBLIC_RATE_LIMIT_ENABLED = False  # the public pages' limit is tested on its own (recruitment)
