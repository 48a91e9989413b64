"""schemathesis over the whole API: every operation of the committed schema (docs/openapi.yaml),
called on the WSGI application with a write token of an organisation that holds a case (a
labour inspector's token for the inspectorate's paths), with generated input. No answer is a
server error, and every answer the schema documents matches it.

Bounded: a few examples per operation (EXAMPLES), so the run takes one to two minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.api.tokens import token_create
from needsfirst.web.cases import services

SCHEMA_PATH = Path(__file__).resolve().parents[5] / "docs" / "openapi.yaml"
EXAMPLES = 12

schema = schemathesis.openapi.from_path(SCHEMA_PATH)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _connections_stay_open_inside_the_test() -> Any:
    """The WSGI application closes "old" database connections at each request's start and end;
    inside a test's transaction that would close the test's own connection (on PostgreSQL; an
    in-memory SQLite ignores it). Django's test client lifts the same signal for the same
    reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: Any) -> dict[str, str]:
    organisation = Organisation.objects.create(
        name="Fuzzed Shelter", type=OrganisationType.SHELTER, country="IT"
    )
    admin = User.objects.create_user(
        username="fuzz-admin", role=Role.ORGANISATION_ADMIN, organisation=organisation
    )
    made = token_create(actor=Actor.for_user(admin), name="schemathesis", scope="write")
    inspector = token_create(
        actor=Actor.for_user(admin),
        name="schemathesis inspector",
        scope="write",
        role=Role.LABOUR_INSPECTOR,
    )
    services.case_intake(
        actor=Actor.for_user(made.token.account),
        person_data={"first_name": "Amina", "second_name": "Haddad"},
    )
    # The competent authority's paths are called by a member of one (a designated authority).
    from needsfirst.web.nrm.models import CompetentAuthority

    authority = Organisation.objects.create(
        name="Fuzzed Authority", type=OrganisationType.COMPETENT_AUTHORITY, country="GB"
    )
    CompetentAuthority.objects.create(organisation=authority, jurisdiction="GB-ENG")
    authority_admin = User.objects.create_user(
        username="fuzz-authority-admin", role=Role.ORGANISATION_ADMIN, organisation=authority
    )
    coordinator = token_create(
        actor=Actor.for_user(authority_admin), name="schemathesis authority", scope="write"
    )
    return {
        "caseworker": made.secret,
        "labour_inspector": inspector.secret,
        "authority": coordinator.secret,
    }


AUTHORITY_PATHS = ("/api/v1/nrm/queue/", "/api/v1/nrm/notifications/", "/api/v1/nrm/received/")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_the_api_never_fails_and_answers_as_its_schema_says(
    case: Any, tokens: dict[str, str]
) -> None:
    role = "labour_inspector" if "/inspection/" in case.path else "caseworker"
    if case.path.startswith(AUTHORITY_PATHS):
        role = "authority"
    headers = {"Authorization": f"Bearer {tokens[role]}", "Host": "localhost"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
