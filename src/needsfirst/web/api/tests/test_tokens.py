"""API tokens: created by an organisation's administrator and shown once, stored hashed, scoped
to read or write and to the organisation, revocable, throttled, on the audit trail."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.views import APIView

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.api.authentication import StaffRateThrottle, TokenRateThrottle
from needsfirst.web.api.models import ApiToken
from needsfirst.web.api.tokens import token_create, token_revoke
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
TOKENS = "/api-tokens/"


@pytest.fixture
def admin(make_user, shelter) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")


def new_token(admin: User, scope: str = "read", **extra: Any):
    return token_create(actor=Actor.for_user(admin), name="Case system", scope=scope, **extra)


def call(method: str, path: str, secret: str, body: object = None, **headers: str):
    data = "" if body is None else json.dumps(body)
    return Client().generic(
        method,
        path,
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        **headers,
    )


def test_the_administrator_creates_a_token_and_sees_its_secret_once(admin):
    client = signed_in(admin)
    response = client.post(
        TOKENS, {"name": "Shelter case system", "scope": "write", "role": "caseworker", "days": 30}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["created"].secret
    assert secret.startswith(f"nf_{token.prefix}")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # Kept hashed: the secret is nowhere in the database row.
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.secret_hash != secret
    assert len(token.secret_hash) == 64
    assert (token.scope, token.account.role, token.created_by) == ("write", "caseworker", admin)
    assert token.expires_at is not None
    assert token.expires_at - timezone.now() > dt.timedelta(days=29)
    # Shown once: the list afterwards names the token by its prefix only.
    again = client.get(TOKENS)
    assert token.prefix in again.content.decode()
    assert secret not in again.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="apitoken", actor=admin
    ).exists()


def test_a_token_form_with_no_name_is_refused_naming_the_field(admin):
    response = signed_in(admin).post(TOKENS, {"name": "", "scope": "read", "days": 30})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_only_an_organisation_administrator_reaches_the_token_page(caseworker, supervisor):
    assert signed_in(caseworker).get(TOKENS).status_code == 403
    assert signed_in(supervisor).get(TOKENS).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=caseworker).exists()


def test_an_administrator_cannot_see_or_revoke_another_organisations_token(
    admin, make_user, other_ngo
):
    theirs = new_token(make_user(Role.ORGANISATION_ADMIN, other_ngo, "other-admin")).token
    client = signed_in(admin)
    assert theirs.prefix not in client.get(TOKENS).content.decode()
    assert client.post(f"{TOKENS}{theirs.uuid}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_read_token_lists_its_organisations_cases_and_the_call_is_audited(admin, open_case):
    case = open_case()
    made = new_token(admin)
    response = call("GET", CASES, made.secret)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(case.uuid)]
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="case").latest("at")
    assert entry.actor_username == f"api-token:{made.token.prefix}"
    assert entry.organisation_id == admin.organisation_id
    made.token.refresh_from_db()
    assert made.token.last_used_at is not None


def test_a_read_token_on_a_write_is_refused_with_403_and_an_audit_entry(admin):
    made = new_token(admin, scope="read")
    response = call("POST", CASES, made.secret, {"first_name": "Amina"})
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert not User.objects.filter(username="Amina").exists()
    entry = AuditEntry.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.actor == made.token.account
    assert entry.detail["method"] == "POST"


def test_a_write_token_opens_a_case_for_its_organisation(admin):
    made = new_token(admin, scope="write")
    response = call("POST", CASES, made.secret, {"first_name": "Amina", "second_name": "Haddad"})
    assert response.status_code == 201
    assert response.json()["person"]["first_name"] == "Amina"
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="case").get()
    assert created.organisation_id == admin.organisation_id
    assert created.actor == made.token.account


def test_a_token_never_reaches_another_organisations_case(admin, make_user, other_ngo):
    author = make_user(Role.CASEWORKER, other_ngo, "foreign-author")
    foreign = services.case_intake(
        actor=Actor.for_user(author), person_data={"first_name": "Foreign", "second_name": "One"}
    )
    made = new_token(admin, scope="write")
    assert call("GET", f"{CASES}{foreign.uuid}/", made.secret).status_code == 404
    patch = call(
        "PATCH", f"{CASES}{foreign.uuid}/", made.secret, {"status": "closed", "version": 1}
    )
    assert patch.status_code == 404
    assert patch.json()["code"] == "not_found"
    refused = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=made.token.account)
    assert refused.count() == 2
    assert {entry.holder_id for entry in refused} == {other_ngo.pk}


def test_a_revoked_or_expired_or_wrong_token_is_refused_with_401(admin):
    revoked = new_token(admin)
    token_revoke(actor=Actor.for_user(admin), token=revoked.token)
    expired = new_token(admin, expires_at=timezone.now() - dt.timedelta(seconds=1))
    good = new_token(admin)
    for secret in (revoked.secret, expired.secret, good.secret[:-1] + "x", "nf_", "nonsense"):
        response = call("GET", CASES, secret)
        assert response.status_code == 401, secret
        assert response.json()["code"] == "invalid_token"
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 5


def test_the_revoke_button_stops_the_token_at_once(admin):
    made = new_token(admin)
    assert call("GET", CASES, made.secret).status_code == 200
    response = signed_in(admin).post(f"{TOKENS}{made.token.uuid}/revoke/")
    assert response.status_code == 302
    assert call("GET", CASES, made.secret).status_code == 401
    made.token.refresh_from_db()
    assert made.token.revoked_by == admin


def test_a_token_in_the_address_is_refused_even_with_a_good_header(admin):
    made = new_token(admin)
    response = call("GET", f"{CASES}?access_token={made.secret}", made.secret)
    assert response.status_code == 401
    assert response.json()["code"] == "token_in_url"


def test_a_token_is_no_way_into_the_pages(admin):
    made = new_token(admin)
    response = Client().get("/cases/", HTTP_AUTHORIZATION=f"Bearer {made.secret}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    # Its service account cannot sign in with a password either.
    account = made.token.account
    assert not account.has_usable_password()
    login = Client().post("/accounts/login/", {"username": account.username, "password": PASSWORD})
    assert login.status_code == 200  # the form again, with its error: no session
    assert "_auth_user_id" not in login.wsgi_request.session


def test_a_labour_inspector_token_reads_workplaces_and_not_cases(admin):
    made = new_token(admin, role=Role.LABOUR_INSPECTOR)
    assert call("GET", "/api/v1/inspection/workplaces/", made.secret).status_code == 200
    assert call("GET", CASES, made.secret).status_code == 403


def test_calls_are_throttled_per_token(admin, monkeypatch):
    monkeypatch.setattr(APIView, "throttle_classes", [TokenRateThrottle, StaffRateThrottle])
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    from django.core.cache import cache

    cache.clear()
    busy, quiet = new_token(admin), new_token(admin)
    answers = [call("GET", CASES, busy.secret).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = call("GET", CASES, busy.secret)
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert call("GET", CASES, quiet.secret).status_code == 200


def test_calls_are_throttled_per_person_for_a_browser_session(caseworker, monkeypatch):
    monkeypatch.setattr(APIView, "throttle_classes", [TokenRateThrottle, StaffRateThrottle])
    monkeypatch.setattr(StaffRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    from django.core.cache import cache

    cache.clear()
    client = signed_in(caseworker)
    assert [client.get(CASES).status_code for _ in range(3)] == [200, 200, 429]


def test_the_audit_page_shows_token_entries_by_the_tokens_name(admin, open_case):
    made = new_token(admin, scope="read")
    open_case()
    call("GET", CASES, made.secret)
    call("POST", CASES, made.secret, {"first_name": "Amina"})
    response = signed_in(admin).get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"api-token:{made.token.prefix}" in page
    assert made.secret not in page
