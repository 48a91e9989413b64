"""Releases through the API: the page's rules (roles, k, the loss report, the privacy budget),
for analysts' sessions and tokens, audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client, override_settings

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.api.tokens import token_create
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.statistics.models import PartnerRelease, PrivacySpend
from needsfirst.web.statistics.refresh import refresh_case_facts
from needsfirst.web.statistics.tests.test_dashboard import NAMES, consent

pytestmark = pytest.mark.django_db

URL = "/api/v1/releases/"


@pytest.fixture
def counted(open_case, caseworker, make_user, other_ngo):
    for number in range(14):
        consent(
            open_case(first_name=f"{NAMES[0]}{number}", second_name=NAMES[1], gender="Feminine"),
            caseworker,
        )
    worker = make_user(Role.CASEWORKER, other_ngo, "ngo-worker")
    for number in range(12):
        consent(open_case(first_name=f"Other{number}", gender="Masculine", by=worker), worker)
    refresh_case_facts()


def token_client(make_user, organisation, scope: str, role: str = Role.ANALYST) -> Client:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation, f"admin-{scope}-{role}")
    made = token_create(actor=Actor.for_user(admin), name="stats", scope=scope, role=role)
    return Client(HTTP_AUTHORIZATION=f"Bearer {made.secret}")


def test_an_analyst_creates_lists_and_downloads_a_dp_release(counted, make_user, shelter):
    analyst = make_user(Role.ANALYST, shelter, "lena")
    client = signed_in(analyst)
    body = {"kind": "dp_counts", "dimension": "gender", "epsilon": 0.5}
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201, response.content
    release = response.json()
    assert "epsilon = 0.5" in release["statement"]
    assert release["epsilon_spent"] == pytest.approx(0.5)
    assert release["organisations_spent_on"] == 2  # the analyst's release counts both
    assert release["report"]["contribution_bound"] == 1
    assert [r["uuid"] for r in client.get(URL).json()] == [release["uuid"]]

    download = client.get(release["download"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode()
    assert text.startswith("# Counts released with differential privacy: epsilon = 0.5")
    assert NAMES[0] not in text
    assert NAMES[1] not in text
    actions = set(AuditEntry.objects.filter(actor=analyst).values_list("action", flat=True))
    assert {AuditAction.CREATE, AuditAction.EXPORT} <= actions


def test_a_ctdc_release_states_what_was_lost_and_names_no_one(counted, make_user, shelter):
    client = signed_in(make_user(Role.ORGANISATION_ADMIN, shelter, "admin"))
    response = client.post(URL, {"kind": "ctdc", "k": 11}, content_type="application/json")
    assert response.status_code == 201, response.content
    report = response.json()["report"]
    assert report["k"] == 11
    assert report["rows_in"] == 14  # the shelter's cases only
    assert {"column", "level", "level_name", "distinct_before"} <= set(report["columns"][0])
    assert response.json()["epsilon_spent"] is None
    content = client.get(response.json()["download"]).content.decode()
    assert NAMES[0] not in content


def test_a_release_that_cannot_meet_k_is_refused_and_nothing_is_kept(counted, make_user, shelter):
    client = signed_in(make_user(Role.ORGANISATION_ADMIN, shelter, "admin"))
    response = client.post(URL, {"kind": "ctdc", "k": 15}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["error_codes"] == {"k": ["release.too_few_rows"]}
    assert "fewer people than k" in body["detail"]
    assert not PartnerRelease.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT_FAILED).exists()


def test_bad_requests_name_their_field(make_user, shelter):
    client = signed_in(make_user(Role.ANALYST, shelter, "lena"))
    missing = client.post(URL, {"kind": "dp_counts"}, content_type="application/json").json()
    assert set(missing["errors"]) == {"dimension", "epsilon"}
    small_k = client.post(URL, {"kind": "ctdc", "k": 2}, content_type="application/json").json()
    assert small_k["error_codes"] == {"k": ["k_too_small"]}
    bad = {"kind": "dp_counts", "dimension": "name", "epsilon": 1}
    assert "dimension" in client.post(URL, bad, content_type="application/json").json()["errors"]


@override_settings(NEEDSFIRST_PRIVACY_BUDGET_EPSILON=1.0)
def test_a_release_over_the_budget_is_refused_with_what_is_left(counted, make_user, shelter):
    client = signed_in(make_user(Role.ORGANISATION_ADMIN, shelter, "admin"))
    body = {"kind": "dp_counts", "dimension": "gender", "epsilon": 0.75}
    assert client.post(URL, body, content_type="application/json").status_code == 201
    refused = client.post(URL, body, content_type="application/json")
    assert refused.status_code == 400
    answer = refused.json()
    assert answer["error_codes"] == {"epsilon": ["release.budget_exceeded"]}
    assert answer["privacy_budget"]["remaining_epsilon"] == pytest.approx(0.25)
    assert "only 0.25 of the privacy budget is left" in answer["detail"]
    assert PrivacySpend.objects.count() == 1


def test_an_analysts_token_releases_its_own_organisations_cases_only(
    counted, make_user, shelter, other_ngo
):
    client = token_client(make_user, shelter, "write")
    body = {"kind": "dp_counts", "dimension": "gender", "epsilon": 0.5}
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["report"]["rows_in"] == 14
    assert set(PrivacySpend.objects.values_list("organisation_id", flat=True)) == {shelter.id}
    # a read token lists and downloads, and may not create
    reader = token_client(make_user, shelter, "read")
    assert len(reader.get(URL).json()) == 1
    assert reader.post(URL, body, content_type="application/json").status_code == 403
    # a caseworker's token is not an analyst's
    caseworker = token_client(make_user, shelter, "write", Role.CASEWORKER)
    assert caseworker.get(URL).status_code == 403


def test_another_organisations_release_is_not_found_and_the_attempt_is_audited(
    counted, make_user, shelter, other_ngo
):
    mine = signed_in(make_user(Role.ANALYST, shelter, "lena"))
    body = {"kind": "dp_counts", "dimension": "gender", "epsilon": 0.5}
    release = mine.post(URL, body, content_type="application/json").json()
    stranger = make_user(Role.ANALYST, other_ngo, "someone")
    theirs = signed_in(stranger)
    assert theirs.get(f"{URL}{release['uuid']}/").status_code == 404
    assert theirs.get(f"{URL}{release['uuid']}/download/").status_code == 404
    assert theirs.get(URL).json() == []
    assert AuditEntry.objects.filter(actor=stranger, action=AuditAction.ACCESS_DENIED).exists()


def test_the_downloaded_counts_are_every_declared_category(counted, make_user, shelter):
    client = signed_in(make_user(Role.ANALYST, shelter, "lena"))
    body = {"kind": "dp_counts", "dimension": "gender", "epsilon": 1}
    release = client.post(URL, body, content_type="application/json").json()
    text = client.get(release["download"]).content.decode()
    rows = list(csv.reader(io.StringIO(text.split("\n", 1)[1])))
    assert rows[0] == ["gender", "count"]
    assert all(int(count) >= 0 for _, count in rows[1:])
