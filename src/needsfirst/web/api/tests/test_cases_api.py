"""The REST API: only the organisation's own cases, validated writes, versions, audit of calls."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.cases.models import Case, CaseShare, Person
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def send(client: Client, method: str, path: str, body: object = None):
    data = "" if body is None else json.dumps(body)
    return client.generic(method, path, data, content_type="application/json")


@pytest.fixture
def client(caseworker) -> Client:
    return signed_in(caseworker)


@pytest.fixture
def foreign_case(make_user, other_ngo) -> Case:
    author = make_user(Role.CASEWORKER, other_ngo, "foreign-author")
    return services.case_intake(
        actor=Actor.for_user(author), person_data={"first_name": "Foreign", "second_name": "Person"}
    )


@pytest.fixture
def shared_case(foreign_case, shelter) -> Case:
    """A case of the other NGO, shared with the shelter under a consent in force."""
    author = foreign_case.assigned_caseworker
    consent = services.consent_record(
        actor=Actor.for_user(author),
        case=foreign_case,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": shelter,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    CaseShare.objects.create(
        case=foreign_case, organisation=shelter, consent=consent, sections=["identity"]
    )
    return foreign_case


def test_the_list_holds_only_the_organisations_own_cases(client, open_case, shared_case):
    own = open_case()
    body = client.get(CASES).json()
    assert [row["id"] for row in body["results"]] == [str(own.uuid)]
    assert body["next"] is None


def test_a_case_of_another_organisation_is_not_found(client, foreign_case):
    assert client.get(f"{CASES}{foreign_case.uuid}/").status_code == 404


def test_a_shared_case_is_not_served_whole_by_the_api(client, shared_case):
    assert client.get(f"{CASES}{shared_case.uuid}/").status_code == 404
    update = {"status": "screening", "version": 1}
    assert send(client, "PATCH", f"{CASES}{shared_case.uuid}/", update).status_code == 404
    shared_case.refresh_from_db()
    assert shared_case.status == "open"


def test_retrieve_returns_the_case_and_only_the_declared_fields(client, open_case):
    case = open_case(mobile_phone="+39 333 0000001", safe_contact="via the church")
    body = client.get(f"{CASES}{case.uuid}/").json()
    assert body["reference"] == case.reference
    assert body["person"]["first_name"] == "Mohammed"
    text = json.dumps(body)
    assert "+39 333 0000001" not in text
    assert "via the church" not in text


def test_create_goes_through_intake_and_lands_in_the_users_organisation(client, caseworker):
    response = send(client, "POST", CASES, {"first_name": "Amina", "estimated_age": 30})
    assert response.status_code == 201, response.content
    case = Case.objects.get(uuid=response.json()["id"])
    assert case.organisation == caseworker.organisation
    assert case.person.organisation == caseworker.organisation
    assert case.person.estimated_age_on == timezone.localdate()
    assert case.assigned_caseworker == caseworker


def test_create_ignores_read_only_fields_sent_by_the_client(client):
    body = {"first_name": "Amina", "version": 99, "id": "00000000-0000-0000-0000-000000000000"}
    response = send(client, "POST", CASES, body)
    assert response.status_code == 201
    person = Person.objects.get()
    assert person.version == 1
    assert str(person.uuid) != body["id"]


def test_create_refuses_a_person_without_a_name_and_writes_nothing(client):
    response = send(client, "POST", CASES, {"estimated_age": 30})
    assert response.status_code == 400
    assert "first_name" in response.json()["errors"]
    assert not Person.objects.exists()
    assert not Case.objects.exists()


def test_a_partial_update_with_the_current_version_saves_and_bumps_it(client, open_case):
    case = open_case()
    response = send(client, "PATCH", f"{CASES}{case.uuid}/", {"status": "screening", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    case.refresh_from_db()
    assert (case.status, case.version) == ("screening", 2)


def test_a_partial_update_with_a_stale_version_is_a_409_and_saves_nothing(client, open_case):
    case = open_case()
    first = send(client, "PATCH", f"{CASES}{case.uuid}/", {"status": "screening", "version": 1})
    assert first.status_code == 200
    second = send(client, "PATCH", f"{CASES}{case.uuid}/", {"status": "assistance", "version": 1})
    assert second.status_code == 409
    assert "version" in second.json()["errors"]
    case.refresh_from_db()
    assert (case.status, case.version) == ("screening", 2)


def test_closing_through_the_api_needs_a_reason_as_on_the_page(client, open_case):
    case = open_case()
    response = send(client, "PATCH", f"{CASES}{case.uuid}/", {"status": "closed", "version": 1})
    assert response.status_code == 400
    assert "closure_reason" in response.json()["errors"]
    case.refresh_from_db()
    assert (case.status, case.version) == ("open", 1)


def test_closing_through_the_api_with_a_reason_records_the_date(client, open_case):
    case = open_case()
    body = {"status": "closed", "version": 1, "closure_reason": "Moved away"}
    assert send(client, "PATCH", f"{CASES}{case.uuid}/", body).status_code == 200
    case.refresh_from_db()
    assert case.closed_at is not None
    assert case.closure_reason == "Moved away"


def test_search_is_by_post_and_finds_a_misspelt_name(client, open_case, foreign_case):
    own = open_case(first_name="Mohammed", second_name="Haddad")
    response = send(client, "POST", f"{CASES}search/", {"name": "Muhammad Hadad"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(own.uuid)]
    assert client.get(f"{CASES}search/", {"name": "Haddad"}).status_code == 405


def test_search_never_returns_another_organisations_person(client, foreign_case):
    response = send(client, "POST", f"{CASES}search/", {"name": "Foreign Person"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["next"] is None


def test_the_schema_needs_two_factor_sign_in(caseworker):
    # Nobody signed in: 401, with the scheme a system uses (a token) in WWW-Authenticate.
    anonymous = Client().get("/api/schema/")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    password_only = Client()
    password_only.force_login(caseworker)
    assert password_only.get("/api/schema/").status_code == 403
    response = signed_in(caseworker).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/cases/" in response.content


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ORGANISATION_ADMIN, Role.LABOUR_INSPECTOR])
def test_roles_without_case_work_are_refused_and_the_refusal_is_audited(role, make_user, shelter):
    user = make_user(role, shelter)
    response = signed_in(user).get(CASES)
    assert response.status_code == 403
    assert AuditEntry.objects.filter(actor=user, action=AuditAction.ACCESS_DENIED).exists()


def test_the_api_needs_the_second_factor(caseworker):
    client = Client()
    client.force_login(caseworker)
    assert client.get(CASES).status_code == 403
    assert send(client, "POST", CASES, {"first_name": "Amina"}).status_code == 403
    assert not Person.objects.exists()


def test_every_call_leaves_an_audit_entry_of_the_caller(client, caseworker, open_case):
    case = open_case()
    calls = [
        (lambda: client.get(CASES), AuditAction.VIEW),
        (lambda: client.get(f"{CASES}{case.uuid}/"), AuditAction.VIEW),
        (lambda: send(client, "POST", f"{CASES}search/", {"name": "Mohammed"}), AuditAction.SEARCH),
        (lambda: send(client, "POST", CASES, {"first_name": "Amina"}), AuditAction.CREATE),
        (
            lambda: send(
                client, "PATCH", f"{CASES}{case.uuid}/", {"status": "screening", "version": 1}
            ),
            AuditAction.UPDATE,
        ),
    ]
    for call, action in calls:
        before = AuditEntry.objects.filter(actor=caseworker, action=action).count()
        response = call()
        assert response.status_code < 300, response.content
        assert AuditEntry.objects.filter(actor=caseworker, action=action).count() > before


def test_the_list_is_cursor_paginated(client, open_case):
    for number in range(3):
        open_case(first_name=f"Person{number}")
    body = client.get(CASES).json()
    assert {"next", "previous", "results"} <= set(body)
    assert client.get(CASES, {"cursor": "not-a-cursor"}).status_code == 404
