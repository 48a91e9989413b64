"""The person's own record through the API: identity documents (encrypted, audited, the form's
checks), the subject-access export and the erasure, with the pages' rules — who may, the
confirmation, a recent password for a browser session — and the attacks: another
organisation's case, the wrong role, a read token writing."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.reauth import SESSION_KEY as REAUTH_SESSION_KEY
from needsfirst.web.api.tests.callers import V1, Caller
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import IdentityDocument, Person
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

PASSPORT = {
    "type": "passport",
    "number": "YA1234567",
    "issuing_country": "NG",
    "held_by": "employer",
}


@pytest.fixture
def stranger_system(make_user, other_ngo) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, other_ngo, "partner-admin"))


@pytest.fixture
def reader_system(make_user, shelter) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "reader-admin"), scope="read")


@pytest.fixture
def analyst_system(make_user, shelter) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "analyst-admin"), role="analyst")


def session_call(client: Client, method: str, path: str, body: object = None) -> Any:
    data = "" if body is None else json.dumps(body)
    return client.generic(method, f"{V1}{path}", data, content_type="application/json")


def stale(client: Client) -> Client:
    """The same session, its password given longer ago than the window."""
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time()) - 24 * 3600
    session.save()
    return client


def denied(account: Any) -> bool:
    return AuditEntry.objects.filter(actor=account, action=AuditAction.ACCESS_DENIED).exists()


# --- identity documents -----------------------------------------------------------------------


def test_a_system_records_and_lists_a_document_encrypted_at_rest(shelter_system, open_case):
    case = open_case()
    added = shelter_system("POST", f"/cases/{case.uuid}/documents/", PASSPORT)
    assert added.status_code == 201, added.json()
    assert added.json()["number"] == "YA1234567"
    listed = shelter_system("GET", f"/cases/{case.uuid}/documents/").json()["results"]
    assert [(row["type"], row["held_by"]) for row in listed] == [("passport", "employer")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM cases_identitydocument")
        (stored,) = cursor.fetchone()
    assert "YA1234567" not in str(stored)
    assert AuditEntry.objects.filter(
        actor=shelter_system.account, action=AuditAction.CREATE, object_type="identitydocument"
    ).exists()
    assert AuditEntry.objects.filter(
        actor=shelter_system.account, action=AuditAction.VIEW, object_type="identitydocument"
    ).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "spaceship"}, "type"),
        ({"issuing_country": "XX"}, "issuing_country"),
        ({"held_by": "the moon"}, "held_by"),
    ],
)
def test_a_bad_document_names_its_field_and_writes_nothing(
    shelter_system, open_case, change, field
):
    case = open_case()
    response = shelter_system("POST", f"/cases/{case.uuid}/documents/", {**PASSPORT, **change})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not IdentityDocument.objects.exists()


def test_another_organisations_documents_are_not_found_and_audited(stranger_system, open_case):
    case = open_case()
    assert stranger_system("GET", f"/cases/{case.uuid}/documents/").status_code == 404
    assert stranger_system("POST", f"/cases/{case.uuid}/documents/", PASSPORT).status_code == 404
    assert denied(stranger_system.account)
    assert not IdentityDocument.objects.exists()


def test_a_read_token_adding_a_document_is_refused_and_audited(reader_system, open_case):
    case = open_case()
    response = reader_system("POST", f"/cases/{case.uuid}/documents/", PASSPORT)
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert denied(reader_system.account)
    assert not IdentityDocument.objects.exists()


def test_an_analyst_token_reads_no_document(analyst_system, open_case):
    case = open_case()
    assert analyst_system("GET", f"/cases/{case.uuid}/documents/").status_code == 403
    assert denied(analyst_system.account)


# --- subject-access export --------------------------------------------------------------------


def test_a_system_exports_the_person_as_the_page_does_and_the_export_is_audited(
    shelter_system, open_case
):
    case = open_case()
    shelter_system("POST", f"/cases/{case.uuid}/documents/", PASSPORT)
    response = shelter_system("GET", f"/cases/{case.uuid}/person/export/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["person"]["id"] == str(case.person.uuid)
    assert "Mohammed" in json.dumps(data)
    assert AuditEntry.objects.filter(
        actor=shelter_system.account, action=AuditAction.EXPORT, object_type="person"
    ).exists()


def test_a_session_exports_only_with_a_recent_password(caseworker, open_case):
    case = open_case()
    client = signed_in(caseworker)
    assert session_call(client, "GET", f"/cases/{case.uuid}/person/export/").status_code == 200
    refused = session_call(stale(client), "GET", f"/cases/{case.uuid}/person/export/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "reauthentication_required"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_another_organisation_or_an_analyst_cannot_export(
    stranger_system, analyst_system, open_case
):
    case = open_case()
    assert stranger_system("GET", f"/cases/{case.uuid}/person/export/").status_code == 404
    assert analyst_system("GET", f"/cases/{case.uuid}/person/export/").status_code == 403
    assert denied(stranger_system.account)
    assert denied(analyst_system.account)
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


# --- erasure ----------------------------------------------------------------------------------


def test_a_supervisor_erases_with_the_reference_and_a_recent_password(supervisor, open_case):
    case = open_case()
    client = signed_in(supervisor)
    path = f"/cases/{case.uuid}/person/erase/"
    wrong = session_call(client, "POST", path, {"confirm": "not-the-reference"})
    assert wrong.status_code == 400
    assert "confirm" in wrong.json()["errors"]
    assert session_call(client, "POST", path, {}).status_code == 400
    assert Person.objects.get(pk=case.person.pk).first_name == "Mohammed"
    erased = session_call(client, "POST", path, {"confirm": case.reference})
    assert erased.status_code == 200, erased.json()
    person = Person.objects.get(pk=case.person.pk)
    assert person.first_name == ""
    assert person.anonymised_at is not None
    assert AuditEntry.objects.filter(actor=supervisor, action=AuditAction.ERASE).exists()


def test_erasure_without_a_recent_password_is_refused(supervisor, open_case):
    case = open_case()
    client = stale(signed_in(supervisor))
    response = session_call(
        client, "POST", f"/cases/{case.uuid}/person/erase/", {"confirm": case.reference}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert Person.objects.get(pk=case.person.pk).anonymised_at is None


def test_a_caseworker_or_any_token_may_not_erase_and_is_audited(
    caseworker, shelter_system, open_case
):
    case = open_case()
    path = f"/cases/{case.uuid}/person/erase/"
    body = {"confirm": case.reference}
    assert session_call(signed_in(caseworker), "POST", path, body).status_code == 403
    assert shelter_system("POST", path, body).status_code == 403
    assert denied(caseworker)
    assert denied(shelter_system.account)
    assert Person.objects.get(pk=case.person.pk).anonymised_at is None


def test_another_organisations_supervisor_is_told_the_case_does_not_exist(
    make_user, other_ngo, open_case
):
    case = open_case()
    stranger = make_user(Role.SUPERVISOR, other_ngo, "stranger-supervisor")
    response = session_call(
        signed_in(stranger),
        "POST",
        f"/cases/{case.uuid}/person/erase/",
        {"confirm": case.reference},
    )
    assert response.status_code == 404
    assert denied(stranger)
    assert Person.objects.get(pk=case.person.pk).anonymised_at is None


def test_a_read_token_erasing_is_refused_on_its_scope_and_audited(reader_system, open_case):
    case = open_case()
    response = reader_system(
        "POST", f"/cases/{case.uuid}/person/erase/", {"confirm": case.reference}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert denied(reader_system.account)


@pytest.mark.parametrize(
    "body",
    [
        {"type": 5},
        {"type": "passport", "number": "9" * 5000},
        {"type": "passport", "issuing_country": "ng"},
        {"type": "passport", "held_by": None},
        {"type": "passport", "number": ["YA1234567"]},
        ["passport"],
        {},
    ],
)
def test_odd_document_bodies_are_a_400_never_a_500(shelter_system, open_case, body):
    case = open_case()
    response = shelter_system("POST", f"/cases/{case.uuid}/documents/", body)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "invalid"
    assert not IdentityDocument.objects.exists()
