"""How far a running import has got, kept outside its transaction so the page can read it.

The rows of an import are written in one transaction: a count saved on the job inside it would
be seen only at the end. With the job queue (Redis), the count goes to Redis under the job's id
(a number, never personal data; it expires after an hour). Inline jobs (development and tests)
finish before the page is shown, so there is nothing to store.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

EXPIRY_SECONDS = 3600


def _key(job_uuid: object) -> str:
    return f"needsfirst:exchange:progress:{job_uuid}"


def _redis() -> Any:
    from redis import Redis

    return Redis.from_url(settings.REDIS_URL)


def progress_set(job_uuid: object, done: int) -> None:
    if settings.JOBS_INLINE:
        return
    _redis().set(_key(job_uuid), done, ex=EXPIRY_SECONDS)


def progress_get(job_uuid: object) -> int | None:
    if settings.JOBS_INLINE:
        return None
    value = _redis().get(_key(job_uuid))
    return int(value) if value is not None else None
