"""Nothing with personal data is cached; /healthz says whether the application can serve."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

from needsfirst.protect.crypto import generate_key
from needsfirst.web.common import health

pytestmark = pytest.mark.django_db


def assert_not_stored(response) -> None:
    assert response["Cache-Control"] == "no-store", (response.status_code, response.headers)
    assert response["Pragma"] == "no-cache"


@pytest.fixture
def case(open_case):
    return open_case(first_name="Amara", second_name="Okoro", citizenship=["NG"])


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "cases:list",
        "cases:detail",
        "cases:edit",
        "cases:person_edit",
        "cases:export_json",
        "cases:search",
        "assistance:overview",
        "assistance:notifications",
        "referrals:inbox",
    ],
)
def test_every_page_a_caseworker_reads_is_marked_no_store(caseworker_client, case, page):
    needs_case = page in {
        "cases:detail",
        "cases:edit",
        "cases:person_edit",
        "cases:export_json",
        "assistance:overview",
    }
    response = caseworker_client.get(reverse(page, args=[case.uuid] if needs_case else []))
    assert response.status_code == 200
    assert_not_stored(response)


def test_a_search_result_is_marked_no_store(caseworker_client, case):
    response = caseworker_client.post(reverse("cases:search"), {"name": "Okoro"})
    assert "Okoro" in response.content.decode()
    assert_not_stored(response)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/cases/", None),
        ("GET", "/api/v1/cases/{case}/", None),
        ("POST", "/api/v1/cases/search/", '{"name": "Okoro"}'),
        ("POST", "/api/v1/cases/", '{"first_name": "Amina", "second_name": "Testperson"}'),
        ("GET", "/api/v1/cases/5bffbcd2-dd2c-4030-9e43-985ea838f7fb/", None),
    ],
)
def test_every_api_answer_is_marked_no_store(caseworker_client, case, method, path, body):
    response = caseworker_client.generic(
        method,
        path.format(case=case.uuid),
        body or "",
        content_type="application/json",
    )
    assert response.status_code < 500
    assert_not_stored(response)


def test_the_sign_in_page_and_redirects_are_marked_no_store():
    client = Client()
    assert_not_stored(client.get(reverse("accounts:login")))
    assert_not_stored(client.get(reverse("cases:list")))


@override_settings(DEBUG=False)
def test_error_pages_are_marked_no_store(caseworker_client):
    assert_not_stored(caseworker_client.get("/cases/5bffbcd2-dd2c-4030-9e43-985ea838f7fb/"))


def test_static_files_keep_their_cache_lifetime(caseworker_client):
    response = caseworker_client.get("/static/needsfirst/needsfirst.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- /healthz -------------------------------------------------------------------------------


def test_healthz_answers_200_when_everything_the_app_needs_works(case):
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_not_stored(response)


def test_healthz_answers_503_when_the_database_cannot_be_queried(case):
    def gone(*args: object, **kwargs: object):
        raise OperationalError("unable to open database file /var/lib/needsfirst/db")

    with mock.patch.object(connection, "cursor", gone):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["database"]}
    assert "/var/lib" not in response.content.decode()


def test_healthz_answers_503_when_the_field_key_is_not_the_one_the_data_was_written_with(case):
    with override_settings(FIELD_ENCRYPTION_KEYS=[generate_key()]):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["encryption_keys"]}


@pytest.mark.parametrize("keys", [["garbage"], [], ["", "x" * 44]])
def test_healthz_answers_503_when_the_field_keys_do_not_load(keys):
    with override_settings(FIELD_ENCRYPTION_KEYS=keys):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["encryption_keys"]


def test_a_wrong_key_passes_on_an_empty_database_since_nothing_needs_it():
    # No stored data: any well-formed key can serve, so the check does not invent a failure.
    with override_settings(FIELD_ENCRYPTION_KEYS=[generate_key()]):
        assert health.encryption_keys_ok()


def test_healthz_answers_503_when_the_job_queue_is_configured_and_unreachable():
    with override_settings(JOBS_INLINE=False, REDIS_URL="redis://127.0.0.1:9/0"):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["job_queue"]


def test_healthz_answers_503_when_the_cache_fails(monkeypatch):
    def broken(*args: object, **kwargs: object):
        raise ConnectionError("cache server at 10.0.0.7 refused")

    monkeypatch.setattr(health.cache, "set", broken)
    response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert "10.0.0.7" not in response.content.decode()
