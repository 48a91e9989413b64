# ruff: noqa: F811  (the fixtures of test_nrm_api are imported, then asked for by name)
"""The NRM referral's entitlements and its decision letter through the API (web/api/nrm.py),
for the organisation holding the case, as the NRM case page shows and offers them; attacked with
another organisation's ids, another referral's decision, the authority's token and a read token."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.models import Role
from needsfirst.web.api.tests.callers import Caller
from needsfirst.web.api.tests.test_nrm_api import (  # noqa: F401  (fixtures)
    authority_system,
    case,
    consent_to,
    decide,
    england,
    refer,
    referred,
)
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.nrm import selectors
from needsfirst.web.nrm.models import NrmReferral

pytestmark = pytest.mark.django_db


def letter_url(referral_id: str, decision_id: str) -> str:
    return f"/nrm/referrals/{referral_id}/decisions/{decision_id}/letter/"


@pytest.fixture
def decided(referred, authority_system) -> dict[str, Any]:
    response = decide(authority_system, referred["id"], "reasonable_grounds")
    assert response.status_code == 201, response.json()
    return {"referral": referred["id"], "decision": response.json()["id"]}


# --- entitlements -----------------------------------------------------------------------------


def test_no_entitlements_are_listed_before_any_decision(referred, shelter_system):
    detail = shelter_system("GET", f"/nrm/referrals/{referred['id']}/").json()
    assert detail["entitlements"] is None


def test_the_entitlements_after_a_decision_are_the_needs_packages_as_the_page_lists_them(
    decided, shelter_system
):
    detail = shelter_system("GET", f"/nrm/referrals/{decided['referral']}/").json()
    referral = NrmReferral.objects.get(uuid=decided["referral"])
    expected = selectors.entitlements_for(referral, timezone.localdate())
    assert expected is not None
    given = detail["entitlements"]
    assert given["jurisdiction"] == expected.jurisdiction
    assert given["category"] == expected.category.key == "presumed_victim"
    assert [item["id"] for item in given["now"]] == [item.id for item in expected.now]
    assert given["now"], "a positive reasonable grounds decision owes something"
    for item in given["now"]:
        assert item["source"]["instrument"]
        assert isinstance(item["verified"], bool)
    assert [row["category"] for row in given["if_recognised"]] == [
        level.key for level, _items in expected.if_recognised
    ]


def test_the_list_of_referrals_is_unchanged_by_the_entitlements(decided, shelter_system):
    listed = shelter_system("GET", "/nrm/referrals/").json()["results"]
    assert [row["id"] for row in listed] == [decided["referral"]]
    assert "entitlements" not in listed[0]


# --- the decision letter ----------------------------------------------------------------------


def test_the_holder_downloads_the_letter_as_a_pdf_in_the_persons_language_and_it_is_audited(
    decided, shelter_system
):
    response = shelter_system("GET", letter_url(decided["referral"], decided["decision"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(
        action=AuditAction.EXPORT, actor=shelter_system.account, object_type="nrmdecision"
    )
    assert entry.detail["format"] == "pdf"
    assert entry.detail["language"] == "ar"  # the person's language (the case says Arabic)


def test_another_organisation_gets_404_for_the_letter_and_is_audited(decided, partner_system):
    before = partner_system.refusals()
    response = partner_system("GET", letter_url(decided["referral"], decided["decision"]))
    assert response.status_code == 404
    assert partner_system.refusals() == before + 1
    assert not AuditEntry.objects.filter(
        action=AuditAction.EXPORT, actor=partner_system.account
    ).exists()


def test_a_decision_of_another_referral_is_not_found_under_this_one(
    decided, shelter_system, open_case, england, caseworker
):
    other_case = open_case("Other", "Person")
    consent_to(other_case, england, caseworker)
    other = refer(shelter_system, other_case, england).json()
    response = shelter_system("GET", letter_url(other["id"], decided["decision"]))
    assert response.status_code == 404


def test_the_authority_has_its_own_door_not_the_senders(decided, authority_system):
    before = authority_system.refusals()
    response = authority_system("GET", letter_url(decided["referral"], decided["decision"]))
    assert response.status_code == 404
    assert authority_system.refusals() == before + 1


def test_a_read_token_reads_the_letter_but_writes_nothing_and_an_inspector_is_refused(
    decided, make_user, shelter
):
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "letter-admin")
    reader = Caller(admin, scope="read")
    url = letter_url(decided["referral"], decided["decision"])
    assert reader("GET", url).status_code == 200
    refused = reader("POST", url)
    assert refused.status_code == 403
    assert refused.json()["code"] == "token_scope"
    inspector = Caller(admin, role=Role.LABOUR_INSPECTOR)
    assert inspector("GET", url).status_code == 403
    assert reader.refusals() == 1
    assert inspector.refusals() == 1
