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


# --- retried, and never twice ------------------------------------------------------------------

ATTEMPTS: dict[str, int] = {}


def open_organisation(name: str, fail_first: bool = False) -> str:
    """A job with an effect that must happen once: it creates a record."""
    from needsfirst.web.accounts.models import Organisation

    ATTEMPTS[name] = ATTEMPTS.get(name, 0) + 1
    Organisation.objects.create(name=name, type="ngo", country="IT")
    if fail_first and ATTEMPTS[name] == 1:
        raise ConnectionError("the mail server went away")  # after the record: rolled back
    return name


@pytest.mark.django_db
def test_a_keyed_job_delivered_twice_does_its_work_once(settings):
    from needsfirst.web.accounts.models import Organisation

    settings.JOBS_INLINE = True
    assert jobs.enqueue(open_organisation, "Once NGO", once_key="open:once") == "Once NGO"
    assert jobs.enqueue(open_organisation, "Once NGO", once_key="open:once") is None
    assert Organisation.objects.filter(name="Once NGO").count() == 1


@pytest.mark.django_db
def test_a_keyed_job_that_failed_leaves_nothing_and_runs_again_on_retry(settings):
    from needsfirst.web.accounts.models import Organisation
    from needsfirst.web.common.models import JobRun

    settings.JOBS_INLINE = True
    with pytest.raises(ConnectionError):
        jobs.enqueue(open_organisation, "Retry NGO", True, once_key="open:retry")
    assert not Organisation.objects.filter(name="Retry NGO").exists()
    assert not JobRun.objects.filter(key="open:retry").exists()
    assert jobs.enqueue(open_organisation, "Retry NGO", True, once_key="open:retry")
    assert Organisation.objects.filter(name="Retry NGO").count() == 1


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set (CI sets it)")
@pytest.mark.django_db(transaction=True)
def test_on_redis_a_failed_job_is_retried_and_a_repeated_one_runs_once(settings):
    from redis import Redis
    from rq import SimpleWorker

    from needsfirst.web.accounts.models import Organisation

    settings.JOBS_INLINE = False
    settings.REDIS_URL = REDIS_TEST_URL
    settings.JOB_RETRY_WAITS_SECONDS = (0, 0, 0)
    connection = Redis.from_url(REDIS_TEST_URL)
    queue = jobs.queue()
    queue.empty()
    name = f"Redis NGO {uuid.uuid4().hex[:6]}"
    first = jobs.enqueue(open_organisation, name, True, once_key=f"open:{name}")
    again = jobs.enqueue(open_organisation, name, True, once_key=f"open:{name}")
    worker = SimpleWorker([queue], connection=connection, name=f"test-{uuid.uuid4().hex[:8]}")
    worker.work(burst=True)
    first.refresh()
    again.refresh()
    assert first.get_status() == "finished"
    assert again.get_status() == "finished"
    assert Organisation.objects.filter(name=name).count() == 1
    assert ATTEMPTS[name] >= 2  # the first attempt failed and was retried
