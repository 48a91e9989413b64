"""What the application needs to serve a case page, checked for `/healthz`.

Each check answers with a short, non-identifying name of what failed ("database",
"encryption_keys", "cache", "job_queue"), never an error message: the endpoint is open to the
load balancer without sign-in, and a message could name a host, a table or a key id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, models

from needsfirst.web.common import crypto
from needsfirst.web.common.fields import EncryptedTextField

logger = logging.getLogger(__name__)

PROBE = "needsfirst-health-probe"


def database_ok() -> bool:
    """A real query on a table the migrations made: an empty new SQLite file does not pass."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            return cursor.fetchone() is not None
    except DatabaseError:
        return False


def _newest_token(model: type[models.Model], field: EncryptedTextField) -> str | None:
    # The stored ciphertext itself (its header names the key that made it); nothing is decrypted.
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = quote(str(field.column))
    pk = quote(str(model._meta.pk.column))
    query = f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY {pk} DESC LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
    return row[0] if row else None


def encryption_keys_ok(*, check_stored: bool = True) -> bool:
    """The key ring loads, encrypts and decrypts, and holds the key of the newest stored data.

    A well-formed but wrong key (not the one the data was written with) loads and round-trips,
    so the newest stored token of each encrypted column is checked too: its header says which
    key made it, without decrypting anything.
    """
    try:
        ring = crypto.keyring()
        if ring.decrypt_text(ring.encrypt_text(PROBE, context=PROBE), context=PROBE) != PROBE:
            return False
        if not check_stored:
            return True
        known = set(ring.key_ids)
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedTextField):
                    token = _newest_token(model, field)
                    if token is not None and ring.inspect(token).key_id not in known:
                        return False
                    break  # one column per table is enough to know the table's key
    except Exception as error:  # a bad key list raises ImproperlyConfigured or a ProtectError
        logger.error("Health check: the field encryption keys failed (%s)", type(error).__name__)
        return False
    return True


def cache_ok() -> bool:
    try:
        cache.set(PROBE, "1", 10)
        return bool(cache.get(PROBE) == "1")
    except Exception as error:  # a cache backend raises its own client's errors
        logger.error("Health check: the cache failed (%s)", type(error).__name__)
        return False


def job_queue_ok() -> bool:
    """Redis answers, when jobs go through it (they run inline in development)."""
    if settings.JOBS_INLINE:
        return True
    try:
        from redis import Redis

        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        return bool(client.ping())
    except Exception as error:  # redis raises its own ConnectionError, TimeoutError...
        logger.error("Health check: the job queue failed (%s)", type(error).__name__)
        return False


def health_problems() -> list[str]:
    """The names of what does not work; an empty list when everything the app needs works."""
    problems: list[str] = []
    database = database_ok()
    if not database:
        problems.append("database")
    checks: list[tuple[str, Callable[[], bool]]] = [
        ("encryption_keys", lambda: encryption_keys_ok(check_stored=database)),
        ("cache", cache_ok),
        ("job_queue", job_queue_ok),
    ]
    problems += [name for name, check in checks if not check()]
    return problems
