"""Background jobs: RQ on Redis in production, inline in development and in the SQLite tests.

A job is a plain importable function; `enqueue` runs it now (JOBS_INLINE) or queues it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

QUEUE_NAME = "needsfirst"


def queue() -> Any:
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(settings.REDIS_URL))


def enqueue(job: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `job` inline or queue it; returns the result inline, the RQ job otherwise."""
    if settings.JOBS_INLINE:
        return job(*args, **kwargs)
    return queue().enqueue(job, *args, **kwargs)
