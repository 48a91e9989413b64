"""The permission matrix for tokens: every API endpoint, every method it answers, a read and a
write token acting as each role a token may take, in the organisation holding the case, a
partner it is shared with and a stranger.

The expected answer is the session matrix's (`web/tests/test_permission_matrix.EXPECTED`) for
the same role and organisation, except that a read token is refused (403, `token_scope`) on any
method that writes. The world is built once for the module (inside a transaction rolled back at
the end); each cell runs in its own savepoint, so a write of one cell never reaches another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.api.tokens import TOKEN_ROLES, token_create
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.tests.test_permission_matrix import (
    EXPECTED,
    HOLDER,
    PARTNER,
    PERSON_ONLY,
    STRANGER,
    World,
    build_world,
    url_for,
)

SAFE = {"GET", "HEAD", "OPTIONS"}
SCOPES = ("read", "write")
RELATIONS = (HOLDER, PARTNER, STRANGER)
SUBJECTS = [
    f"{scope}:{role}@{relation}"
    for scope in SCOPES
    for role in TOKEN_ROLES
    for relation in RELATIONS
]
API_NAMES = [name for name, methods in EXPECTED.items() if any(e.api for e in methods.values())]


def _make_user(role: str, organisation: Organisation, username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or f"{role}-{organisation.pk}", role=role, organisation=organisation
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture(scope="module")
def token_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[World, dict]]:
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world(_make_user)
        secrets: dict[str, str] = {}
        for relation in RELATIONS:
            organisation = world.organisations[relation]
            admin = _make_user(Role.ORGANISATION_ADMIN, organisation, f"admin-{relation}")
            for scope in SCOPES:
                for role in TOKEN_ROLES:
                    made = token_create(
                        actor=Actor.for_user(admin), name=f"{scope} {role}", scope=scope, role=role
                    )
                    secrets[f"{scope}:{role}@{relation}"] = made.secret
        yield world, secrets
        transaction.set_rollback(True)


def expected_status(name: str, method: str, subject: str) -> int:
    scope, rest = subject.split(":")
    role, relation = rest.split("@")
    if scope == "read" and method not in SAFE:
        return 403
    status = EXPECTED[name][method].verified(role, relation)
    if name in PERSON_ONLY and method not in SAFE and status not in {403, 404, 405}:
        return 403  # a merge is a person's decision: never a token's
    return status


CELLS = [
    pytest.param(name, method, subject, id=f"{name} {method} {subject}")
    for name in API_NAMES
    for method in EXPECTED[name]
    for subject in SUBJECTS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "subject"), CELLS)
def test_a_token_gets_what_its_role_and_scope_allow(
    token_world: tuple[World, dict], name: str, method: str, subject: str
) -> None:
    world, secrets = token_world
    # A builder may have changed the case in memory (a hand-over accepted closes it); the
    # database was rolled back with the cell, the object must be too.
    world.case.refresh_from_db()
    url = url_for(name, world)
    expect = EXPECTED[name][method]
    before = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).count()
    body = "" if method == "GET" else json.dumps(expect.data)
    response = Client().generic(
        method,
        url,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secrets[subject]}",
    )
    wanted = expected_status(name, method, subject)
    assert response.status_code == wanted, response.content[:300]
    if response.status_code >= 400 and response["Content-Type"] == "application/json":
        assert "code" in response.json(), "every refusal names its code"
    if wanted == 403 and subject.startswith("read") and method not in SAFE:
        assert b"token_scope" in response.content
    if wanted in {403, 404} and name != "api-schema":
        refused = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).count()
        assert refused > before, "a refusal leaves an audit entry"


def test_the_token_matrix_covers_every_api_endpoint() -> None:
    assert {"case-list", "referral-accept", "person-detail", "service-list"} <= set(API_NAMES)
    assert len(CELLS) == sum(len(EXPECTED[name]) for name in API_NAMES) * len(SUBJECTS)


def test_the_token_matrix_covers_the_nrm_and_hand_over_endpoints() -> None:
    nrm_and_handover = {
        "case-nrm-referral-list",
        "nrm-referral-list",
        "nrm-referral-detail",
        "nrm-challenge-create",
        "nrm-queue",
        "nrm-notification-list",
        "nrm-received-detail",
        "nrm-decision-create",
        "nrm-challenge-resolve",
        "case-handover-list",
        "handover-list",
        "handover-detail",
        "handover-accept",
        "handover-decline",
        "handover-follow-up",
    }
    assert nrm_and_handover <= set(API_NAMES)
    writes = [cell for cell in CELLS if cell.values[0] in nrm_and_handover]
    assert {cell.values[1] for cell in writes} == {"GET", "POST"}
    assert {cell.values[2] for cell in writes} == set(SUBJECTS)


def test_the_token_matrix_covers_the_writes_of_the_pages() -> None:
    writes = {
        "wage-claim-list",
        "plan-action-list",
        "plan-action-detail",
        "referral-close",
        "referral-task-list",
        "referral-task-done",
    }
    assert writes <= set(API_NAMES)
    assert all(method in EXPECTED["wage-claim-list"] for method in ("GET", "POST"))


def test_the_persons_documents_export_and_erasure_are_in_the_token_matrix():
    people = {"case-document-list", "person-export", "person-erase"}
    assert people <= set(API_NAMES)
    cells = [cell for cell in CELLS if cell.values[0] in people]
    assert {cell.values[1] for cell in cells} == {"GET", "POST"}
    assert {cell.values[2] for cell in cells} == set(SUBJECTS)
    # No token role is a supervisor: every token is refused the erasure, or told the case does
    # not exist.
    assert {expected_status("person-erase", "POST", subject) for subject in SUBJECTS} <= {
        403,
        404,
    }


def test_the_token_matrix_covers_the_assistance_overview_endpoints() -> None:
    overview = {"case-category", "reflection-period-list", "cooperation-list"}
    assert overview <= set(API_NAMES)
    cells = [cell for cell in CELLS if cell.values[0] in overview]
    assert {cell.values[1] for cell in cells} == {"GET", "PUT", "POST"}
    assert {cell.values[2] for cell in cells} == set(SUBJECTS)


def test_the_token_matrix_covers_the_duplicate_review_and_no_token_merges() -> None:
    review = {"duplicate-list", "duplicate-dismiss", "duplicate-merge", "duplicate-merge-undo"}
    assert review <= set(API_NAMES)
    for name in PERSON_ONLY:
        assert {expected_status(name, "POST", subject) for subject in SUBJECTS} <= {403, 404}
    assert expected_status("duplicate-dismiss", "POST", "write:caseworker@holder") == 200


def test_the_token_matrix_covers_the_nrm_decision_letter() -> None:
    assert "nrm-decision-letter" in API_NAMES
    cells = [cell for cell in CELLS if cell.values[0] == "nrm-decision-letter"]
    assert {cell.values[1] for cell in cells} == {"GET", "POST"}
