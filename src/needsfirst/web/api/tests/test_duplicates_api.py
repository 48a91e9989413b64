"""The duplicate review through the API: the open pairs (the names the list page shows, the
reasons), "not the same person", merge and undo, with the pages' rules, and the attacks: a
token merging, a stale password, another organisation's ids, people held by different
organisations, a pair decided twice, a person edited between the list and the merge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.api.models import ApiToken
from needsfirst.web.api.tests.test_people_api import denied, session_call, stale
from needsfirst.web.api.tests.test_resources_api import Caller
from needsfirst.web.api.tokens import token_create
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.cases.services import person_update
from needsfirst.web.conftest import signed_in
from needsfirst.web.dedup.models import (
    CandidateStatus,
    DuplicateCandidate,
    DuplicateRun,
    PersonMerge,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(open_case: Callable[..., Case], caseworker: User) -> DuplicateCandidate:
    """One man registered twice in the shelter, as the job would have stored the pair."""
    first = open_case("Mohammed", "Al-Hassan", birthdate=dt.date(1990, 5, 17), citizenship=["SY"])
    second = open_case("Muhammad", "Alhassan", birthdate=dt.date(1990, 5, 17), citizenship=["SY"])
    run = DuplicateRun.objects.create(organisation=caseworker.organisation, requested_by=caseworker)
    return DuplicateCandidate.objects.create(
        organisation=caseworker.organisation,
        run=run,
        person_a=first.person,
        person_b=second.person,
        probability=0.97,
        reasons={"name": "name_same_transliteration", "birth": "birth_same_date"},
    )


@pytest.fixture
def client(caseworker: User) -> Client:
    return signed_in(caseworker)


@pytest.fixture
def shelter_token(make_user: Callable[..., User], shelter: Organisation) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin"))


@pytest.fixture
def stranger(make_user: Callable[..., User], other_ngo: Organisation) -> Client:
    return signed_in(make_user(Role.SUPERVISOR, other_ngo, "stranger"))


def merge_body(candidate: DuplicateCandidate, keep: str = "a") -> dict[str, Any]:
    return {
        "keep": keep,
        "person_a_version": candidate.person_a.version,
        "person_b_version": candidate.person_b.version,
    }


# --- reading the pairs ------------------------------------------------------------------------


def test_the_list_gives_ids_score_reasons_and_the_names_the_page_shows(client, pair):
    answer = session_call(client, "GET", "/duplicates/").json()
    (row,) = answer["results"]
    assert row["id"] == str(pair.uuid)
    assert row["person_a"]["id"] == str(pair.person_a.uuid)
    assert row["person_a"]["name"] == "Mohammed Al-Hassan"
    assert row["person_b"]["citizenship"] == ["SY"]
    assert (row["score"], row["percent"]) == (0.97, 97)
    levels = {reason["comparison"]: reason["level"] for reason in row["reasons"]}
    assert levels == {"name": "name_same_transliteration", "birth": "birth_same_date"}
    assert row["reasons"][0]["text"].startswith("The names are the same once transliteration")
    # what the page does not show is not answered either
    assert "birthdate" not in row["person_a"]
    assert AuditEntry.objects.filter(
        object_type="duplicatecandidate", action=AuditAction.VIEW
    ).exists()


def test_a_caseworker_token_reads_the_pairs_and_another_organisation_sees_none(
    shelter_token, stranger, pair
):
    assert [row["id"] for row in shelter_token("GET", "/duplicates/").json()["results"]] == [
        str(pair.uuid)
    ]
    assert session_call(stranger, "GET", "/duplicates/").json()["results"] == []


def test_an_analyst_is_refused_the_pairs(make_user, shelter, pair):
    analyst = make_user(Role.ANALYST, shelter, "analyst")
    response = session_call(signed_in(analyst), "GET", "/duplicates/")
    assert response.status_code == 403
    assert denied(analyst)


# --- not the same person ----------------------------------------------------------------------


def test_a_write_token_may_say_not_the_same_person_and_the_pair_leaves_the_list(
    shelter_token, pair
):
    response = shelter_token("POST", f"/duplicates/{pair.uuid}/not-same/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CandidateStatus.NOT_SAME
    assert shelter_token("GET", "/duplicates/").json()["results"] == []
    again = shelter_token("POST", f"/duplicates/{pair.uuid}/not-same/")
    assert again.status_code == 409
    assert again.json()["code"] == "decided"
    assert again.json()["detail"] == "Someone has already decided about this pair."


def test_a_read_token_may_not_dismiss(make_user, shelter, pair):
    reader = Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "reader-admin"), scope="read")
    response = reader("POST", f"/duplicates/{pair.uuid}/not-same/")
    assert (response.status_code, response.json()["code"]) == (403, "token_scope")
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.OPEN


# --- merge and undo: a person's decision ------------------------------------------------------


def test_a_person_merges_then_undoes_through_the_api(client, pair, caseworker):
    absorbed_case = pair.person_b.cases.get()
    response = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    assert response.status_code == 201, response.content
    merge = response.json()
    assert (merge["kept"], merge["absorbed"]) == (str(pair.person_a.uuid), str(pair.person_b.uuid))
    assert merge["cases_moved"] == 1
    absorbed_case.refresh_from_db()
    assert absorbed_case.person_id == pair.person_a_id
    listed = session_call(client, "GET", "/duplicates/merges/").json()["results"]
    assert [row["id"] for row in listed] == [merge["id"]]

    undone = session_call(client, "POST", f"/duplicates/merges/{merge['id']}/undo/")
    assert undone.status_code == 200, undone.content
    assert undone.json()["undone_at"] is not None
    absorbed_case.refresh_from_db()
    assert absorbed_case.person_id == pair.person_b_id
    twice = session_call(client, "POST", f"/duplicates/merges/{merge['id']}/undo/")
    assert (twice.status_code, twice.json()["code"]) == (409, "already_undone")


def test_a_token_may_never_merge_and_is_told_why(shelter_token, pair):
    response = shelter_token("POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    assert response.status_code == 403
    assert response.json()["code"] == "person_required"
    assert "API tokens may not merge" in response.json()["detail"]
    assert not PersonMerge.objects.exists()
    assert denied(shelter_token.account)


def test_the_refusal_of_a_token_is_said_in_french_when_asked_with_the_same_code(
    shelter_token, pair
):
    response = shelter_token(
        "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.json()["code"] == "person_required"
    assert "Les jetons d'API ne peuvent ni fusionner" in response.json()["detail"]


def test_a_token_may_never_undo_a_merge(client, shelter_token, pair):
    made = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    response = shelter_token("POST", f"/duplicates/merges/{made.json()['id']}/undo/")
    assert (response.status_code, response.json()["code"]) == (403, "person_required")
    assert PersonMerge.objects.get().undone_at is None


def test_an_analyst_token_may_not_merge_either(make_user, shelter, pair):
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    made = token_create(actor=Actor.for_user(admin), name="Stats", scope="write", role="analyst")
    caller = Caller.__new__(Caller)
    caller.secret, caller.account = made.secret, made.token.account
    response = caller("POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    assert response.status_code == 403
    assert not PersonMerge.objects.exists()


def test_a_session_whose_password_is_old_must_confirm_it_first(client, pair):
    response = session_call(
        stale(client), "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair)
    )
    assert (response.status_code, response.json()["code"]) == (403, "reauthentication_required")
    assert not PersonMerge.objects.exists()


def test_the_merge_names_the_field_it_misses(client, pair):
    response = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", {"keep": "c"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"keep", "person_a_version", "person_b_version"}
    assert not PersonMerge.objects.exists()


# --- the world changing between the list and the merge ----------------------------------------


def test_a_person_edited_since_the_list_refuses_the_merge(client, pair, caseworker):
    body = merge_body(pair)
    person_update(
        actor=Actor.for_user(caseworker),
        person=pair.person_b,
        data={"first_name": "Mohamed"},
        expected_version=pair.person_b.version,
    )
    response = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", body)
    assert (response.status_code, response.json()["code"]) == (409, "changed")
    assert "changed since you compared them" in response.json()["detail"]
    assert not PersonMerge.objects.exists()
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.OPEN
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__refused="changed"
    ).exists()


def test_a_pair_dismissed_by_someone_else_meanwhile_is_not_merged(client, shelter_token, pair):
    body = merge_body(pair)
    shelter_token("POST", f"/duplicates/{pair.uuid}/not-same/")
    response = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", body)
    assert (response.status_code, response.json()["code"]) == (409, "decided")
    assert not PersonMerge.objects.exists()


def test_people_held_by_different_organisations_are_never_merged(client, pair, other_ngo):
    # handed over since the run: the pair is still the shelter's, one person is not
    Person.objects.filter(pk=pair.person_b_id).update(organisation=other_ngo)
    response = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    assert (response.status_code, response.json()["code"]) == (409, "other_organisation")
    assert "not both held by your organisation" in response.json()["detail"]
    assert not PersonMerge.objects.exists()


# --- another organisation's ids ---------------------------------------------------------------


@pytest.mark.parametrize("action", ["not-same", "merge"])
def test_another_organisations_pair_is_not_found(stranger, pair, action):
    response = session_call(
        stranger, "POST", f"/duplicates/{pair.uuid}/{action}/", merge_body(pair)
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.OPEN
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_another_organisations_merge_is_not_found_nor_listed(client, stranger, pair):
    made = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    merge_id = made.json()["id"]
    assert session_call(stranger, "GET", "/duplicates/merges/").json()["results"] == []
    response = session_call(stranger, "POST", f"/duplicates/merges/{merge_id}/undo/")
    assert response.status_code == 404
    assert PersonMerge.objects.get().undone_at is None


# --- a caller moved to another organisation ---------------------------------------------------


def test_a_token_whose_account_was_moved_to_another_organisation_is_refused(
    shelter_token, pair, other_ngo, open_case
):
    User.objects.filter(pk=shelter_token.account.pk).update(organisation=other_ngo)
    for method, path, body in [
        ("GET", "/duplicates/", None),
        ("POST", f"/duplicates/{pair.uuid}/not-same/", None),
        ("POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair)),
    ]:
        response = shelter_token(method, path, body)
        assert (response.status_code, response.json()["code"]) == (401, "invalid_token")
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.OPEN
    assert not PersonMerge.objects.exists()


def test_a_token_stays_with_its_organisation_when_its_creator_moves(shelter_token, pair, other_ngo):
    creator = ApiToken.objects.get(account=shelter_token.account).created_by
    User.objects.filter(pk=creator.pk).update(organisation=other_ngo)
    rows = shelter_token("GET", "/duplicates/").json()["results"]
    assert [row["id"] for row in rows] == [str(pair.uuid)]


def test_a_person_moved_between_the_list_and_the_merge_merges_nothing(
    client, caseworker, pair, other_ngo
):
    assert session_call(client, "GET", "/duplicates/").json()["results"]
    User.objects.filter(pk=caseworker.pk).update(organisation=other_ngo)
    response = session_call(client, "POST", f"/duplicates/{pair.uuid}/merge/", merge_body(pair))
    assert response.status_code == 404
    assert not PersonMerge.objects.exists()
