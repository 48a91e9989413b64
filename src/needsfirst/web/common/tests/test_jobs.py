"""Background jobs run inline in development and tests, and on Redis through RQ in production."""

from __future__ import annotations

import os
import uuid

import pytest

from needsfirst.web.common import jobs, tasks

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL")


def add(a: int, b: int) -> int:
    return a + b


def test_a_job_runs_inline_when_jobs_are_inline(settings):
    settings.JOBS_INLINE = True
    assert jobs.enqueue(add, 2, 3) == 5


@pytest.mark.django_db
def test_the_session_cleanup_job_runs(settings):
    settings.JOBS_INLINE = True
    assert jobs.enqueue(tasks.clear_expired_sessions) == "cleared"


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set (CI sets it)")
def test_a_job_goes_through_redis_and_a_worker_runs_it(settings):
    from redis import Redis
    from rq import SimpleWorker

    settings.JOBS_INLINE = False
    settings.REDIS_URL = REDIS_TEST_URL
    connection = Redis.from_url(REDIS_TEST_URL)
    queue = jobs.queue()
    queue.empty()
    job = jobs.enqueue(add, 20, 22)
    assert job.get_status() == "queued"
    worker = SimpleWorker([queue], connection=connection, name=f"test-{uuid.uuid4().hex[:8]}")
    worker.work(burst=True)
    job.refresh()
    assert job.get_status() == "finished"
    assert job.return_value() == 42
