"""Background jobs: RQ on Redis in production, inline in development and in the SQLite tests.

A job is a plain importable function; `enqueue` runs it now (JOBS_INLINE) or queues it. On
Redis a failed job is retried (`retries`, with growing waits); a job whose effect must happen
once (a record created, a notification sent) is given a `once_key`: it then runs inside a
transaction that also records the key (`JobRun`), so a retry after a failure runs it again
and a second delivery after a success does nothing.
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


# Waits before the 1st, 2nd and 3rd retry (JOB_RETRY_WAITS_SECONDS overrides).
RETRY_WAITS_SECONDS = (10, 60, 300)


def enqueue(
    job: Callable[..., Any],
    *args: Any,
    retries: int = 3,
    once_key: str = "",
    **kwargs: Any,
) -> Any:
    """Run `job` inline or queue it; returns the result inline, the RQ job otherwise."""
    if once_key:
        args, job = (job.__module__ + ":" + job.__qualname__, once_key, *args), run_once
    if settings.JOBS_INLINE:
        return job(*args, **kwargs)
    from rq import Retry

    configured = getattr(settings, "JOB_RETRY_WAITS_SECONDS", RETRY_WAITS_SECONDS)
    waits = list(configured[:retries]) or [configured[0]]
    retry = Retry(max=retries, interval=waits) if retries else None
    return queue().enqueue(job, *args, retry=retry, **kwargs)


def run_once(job_path: str, once_key: str, *args: Any, **kwargs: Any) -> Any:
    """Run the job named `job_path` unless a job with `once_key` already did its work."""
    import importlib

    from django.db import IntegrityError, transaction

    from needsfirst.web.common.models import JobRun

    module_name, _, name = job_path.partition(":")
    job = getattr(importlib.import_module(module_name), name)
    try:
        with transaction.atomic():
            JobRun.objects.create(key=once_key)
            return job(*args, **kwargs)
    except IntegrityError:
        if JobRun.objects.filter(key=once_key).exists():
            return None  # done before: a second delivery does nothing
        raise
