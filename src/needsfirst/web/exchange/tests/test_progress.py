"""The count of a running import goes to Redis, outside the import's transaction, and the page
reads it from there; it is a number under the job's id, never personal data, and it expires."""

from __future__ import annotations

import os
import uuid

import pytest

from needsfirst.web.exchange.progress import EXPIRY_SECONDS, _key, progress_get, progress_set

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


def test_inline_jobs_store_no_progress(settings: object) -> None:
    settings.JOBS_INLINE = True  # type: ignore[attr-defined]
    job = uuid.uuid4()

    progress_set(job, 5)

    assert progress_get(job) is None


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set (CI sets it)")
def test_the_count_of_a_queued_import_is_kept_in_redis_and_expires(settings: object) -> None:
    from redis import Redis

    settings.JOBS_INLINE = False  # type: ignore[attr-defined]
    settings.REDIS_URL = REDIS_TEST_URL  # type: ignore[attr-defined]
    job = uuid.uuid4()

    progress_set(job, 120)

    assert progress_get(job) == 120
    connection = Redis.from_url(REDIS_TEST_URL)
    assert connection.get(_key(job)) == b"120"
    assert 0 < connection.ttl(_key(job)) <= EXPIRY_SECONDS
    connection.delete(_key(job))
