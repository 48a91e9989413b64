"""The database going away: a clear 503 page (never a traceback, never data), a time to try
again, and recovery at the next request without restarting anything."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from needsfirst.web.cases.models import Case

pytestmark = pytest.mark.django_db


def _database_gone(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_a_page_answers_503_with_a_clear_page_while_the_database_is_away(
    caseworker_client: Client, open_case: Any
) -> None:
    case: Case = open_case("Senait", "Tekle")
    caseworker_client.raise_request_exception = False
    with mock.patch("django.db.models.query.QuerySet._fetch_all", _database_gone):
        response = caseworker_client.get(f"/cases/{case.uuid}/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in page
    assert "Senait" not in page
    assert "Connection refused" not in page
    assert "Traceback" not in page
    assert caseworker_client.get(f"/cases/{case.uuid}/").status_code == 200  # back at once


def test_the_api_answers_503_in_json_while_the_database_is_away(
    caseworker_client: Client,
) -> None:
    caseworker_client.raise_request_exception = False
    with mock.patch("django.db.models.query.QuerySet._fetch_all", _database_gone):
        response = caseworker_client.get("/api/v1/cases/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ends the server's database connections from the outside (PostgreSQL only)",
)
@pytest.mark.django_db(transaction=True)
def test_the_server_recovers_without_a_restart_when_its_connections_are_cut(
    live_server: Any,
) -> None:
    def health() -> int:
        try:
            with urllib.request.urlopen(f"{live_server.url}/healthz", timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    assert health() == 200
    with connection.cursor() as cursor:  # as a database restart or a fail-over would
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    answers = [health() for _ in range(3)]
    assert set(answers) <= {200, 503}
    assert answers[-1] == 200
