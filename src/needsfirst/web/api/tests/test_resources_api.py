"""The resources of /api/v1/ beyond cases, called with tokens as a partner's system would: the
same rules as the pages (consent gate, holder and receiver), the same audit, one error shape."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role
from needsfirst.web.api.tests.callers import Caller, consent_to_share_with
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.referrals.models import Referral

pytestmark = pytest.mark.django_db


# --- people and cases -------------------------------------------------------------------------


def test_a_system_lists_and_corrects_its_organisations_people(shelter_system, open_case):
    case = open_case(first_name="Amina", second_name="Haddad")
    listed = shelter_system("GET", "/people/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [str(case.person.uuid)]
    assert {"next", "previous", "results"} <= set(listed.json())
    changed = shelter_system(
        "PATCH", f"/people/{case.person.uuid}/", {"first_name": "Aminah", "version": 1}
    )
    assert changed.status_code == 200
    assert (changed.json()["first_name"], changed.json()["version"]) == ("Aminah", 2)
    stale = shelter_system(
        "PATCH", f"/people/{case.person.uuid}/", {"first_name": "Amina", "version": 1}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="person", actor=shelter_system.account
    ).exists()


def test_a_correction_without_the_version_names_the_field(shelter_system, open_case):
    case = open_case()
    response = shelter_system("PATCH", f"/people/{case.person.uuid}/", {"first_name": "X"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["error_codes"] == {"version": ["required"]}


def test_another_organisations_person_is_not_found_and_the_attempt_audited(
    partner_system, open_case
):
    case = open_case()
    assert partner_system("GET", f"/people/{case.person.uuid}/").status_code == 404
    assert partner_system("GET", "/people/").json()["results"] == []
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor=partner_system.account
    ).exists()


def test_cases_filter_by_status_and_by_change_time(shelter_system, open_case, caseworker):
    first, second = open_case(), open_case(first_name="Second")
    services.case_update(
        actor=Actor.for_user(caseworker),
        case=second,
        data={"status": "screening"},
        expected_version=1,
    )
    screening = shelter_system("GET", "/cases/?status=screening").json()["results"]
    assert [row["id"] for row in screening] == [str(second.uuid)]
    later = quote((timezone.now() + dt.timedelta(minutes=1)).isoformat())
    assert shelter_system("GET", f"/cases/?updated_since={later}").json()["results"] == []
    earlier = (timezone.now() - dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert len(shelter_system("GET", f"/cases/?updated_since={earlier}").json()["results"]) == 2
    bad = shelter_system("GET", "/cases/?updated_since=yesterday")
    assert bad.status_code == 400
    assert bad.json()["error_codes"] == {"updated_since": ["invalid_datetime"]}
    assert first.uuid  # both cases were the shelter's


# --- consents ---------------------------------------------------------------------------------


def test_a_consent_is_recorded_listed_and_withdrawn(shelter_system, open_case, other_ngo):
    case = open_case()
    today = timezone.localdate().isoformat()
    made = shelter_system(
        "POST",
        f"/cases/{case.uuid}/consents/",
        {
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": str(other_ngo.uuid),
            "method": "verbal",
            "decided_on": today,
        },
    )
    assert made.status_code == 201, made.json()
    listed = shelter_system("GET", f"/cases/{case.uuid}/consents/").json()["results"]
    assert [row["id"] for row in listed] == [made.json()["id"]]
    withdrawn = shelter_system(
        "POST",
        f"/cases/{case.uuid}/consents/{made.json()['id']}/withdraw/",
        {"withdrawn_on": today},
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_on"] == today


def test_a_sharing_consent_without_a_recipient_is_refused_naming_the_field(
    shelter_system, open_case
):
    case = open_case()
    response = shelter_system(
        "POST",
        f"/cases/{case.uuid}/consents/",
        {
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "method": "verbal",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "recipient" in response.json()["errors"]
    assert not case.consents.exists()


# --- screening, plan, claims ------------------------------------------------------------------


def test_a_system_saves_screening_facts_and_reads_the_determination(shelter_system, open_case):
    case = open_case()
    empty = shelter_system("GET", f"/cases/{case.uuid}/screening/").json()
    assert (empty["version"], empty["determination"], empty["history"]) == (0, None, [])
    facts = {"as_of": "2025-06-01", "jurisdiction": "GB"}
    saved = shelter_system("PUT", f"/cases/{case.uuid}/screening/", {"facts": facts, "version": 0})
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    assert body["version"] == 1
    assert body["determination"]["rules_version"]
    assert len(body["history"]) == 1
    stale = shelter_system("PUT", f"/cases/{case.uuid}/screening/", {"facts": facts, "version": 0})
    assert stale.status_code == 409


def test_screening_facts_the_engine_refuses_name_the_field(shelter_system, open_case):
    case = open_case()
    response = shelter_system(
        "PUT",
        f"/cases/{case.uuid}/screening/",
        {"facts": {"as_of": "not a date", "jurisdiction": "GB"}, "version": 0},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "as_of" in response.json()["errors"]


def test_a_system_assesses_needs_and_gets_the_plan_of_the_page(shelter_system, open_case):
    case = open_case()
    response = shelter_system(
        "POST",
        f"/cases/{case.uuid}/plan/",
        {
            "assessed_on": timezone.localdate().isoformat(),
            "jurisdiction": "IT",
            "answers": {"no_safe_place_tonight": "yes"},
        },
    )
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["assessment"]["jurisdiction"] == "IT"
    assert plan["items"], "an urgent need gives actions at once"
    assert case.plan_items.count() == len(plan["items"])
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, actor=shelter_system.account, object_type="needsassessment"
    ).exists()


def test_an_assessment_with_an_unknown_fact_or_jurisdiction_writes_nothing(
    shelter_system, open_case
):
    case = open_case()
    today = timezone.localdate().isoformat()
    unknown_fact = shelter_system(
        "POST",
        f"/cases/{case.uuid}/plan/",
        {"assessed_on": today, "jurisdiction": "IT", "answers": {"is_a_wizard": "yes"}},
    )
    assert unknown_fact.status_code == 400
    assert unknown_fact.json()["error_codes"] == {"answers": ["unknown_fact"]}
    nowhere = shelter_system(
        "POST", f"/cases/{case.uuid}/plan/", {"assessed_on": today, "jurisdiction": "XX"}
    )
    assert nowhere.status_code == 400
    assert "jurisdiction" in nowhere.json()["errors"]
    assert not case.plan_items.exists()


def test_the_plan_and_wage_claims_are_read_by_the_holder_only(
    shelter_system, partner_system, open_case
):
    case = open_case()
    plan = shelter_system("GET", f"/cases/{case.uuid}/plan/")
    assert plan.json() == {"assessment": None, "items": []}
    assert shelter_system("GET", f"/cases/{case.uuid}/wage-claims/").json()["results"] == []
    assert partner_system("GET", f"/cases/{case.uuid}/plan/").status_code == 404
    assert partner_system("GET", f"/cases/{case.uuid}/wage-claims/").status_code == 404


# --- the directory and referrals --------------------------------------------------------------


def test_the_directory_filters_by_need_and_place(shelter_system, partner_service):
    found = shelter_system("GET", "/services/?domain=legal&country=it").json()
    assert [row["id"] for row in found] == [str(partner_service.uuid)]
    assert shelter_system("GET", "/services/?domain=housing").json() == []


def test_a_referral_without_consent_is_refused_and_nothing_is_written(
    shelter_system, open_case, partner_service
):
    case = open_case()
    response = shelter_system(
        "POST",
        f"/cases/{case.uuid}/referrals/",
        {"service": str(partner_service.uuid), "sections": ["identity"]},
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_a_referral_goes_through_the_consent_gate_and_the_receiver_answers(
    shelter_system, partner_system, open_case, caseworker, partner_service, other_ngo, make_user
):
    case = open_case()
    consent_to_share_with(case, other_ngo, caseworker)
    sent = shelter_system(
        "POST",
        f"/cases/{case.uuid}/referrals/",
        {"service": str(partner_service.uuid), "sections": ["identity"], "domain": "legal"},
    )
    assert sent.status_code == 201, sent.json()
    referral_id = sent.json()["id"]
    inbox = partner_system("GET", "/referrals/?box=received&status=sent").json()["results"]
    assert [row["id"] for row in inbox] == [referral_id]
    # The referral carries ids and status, never the person's name.
    assert "Mohammed" not in json.dumps(inbox)
    # The sender cannot answer its own referral: refused and audited.
    assert shelter_system("POST", f"/referrals/{referral_id}/accept/").status_code == 403
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor=shelter_system.account, object_type="referral"
    ).exists()
    accepted = partner_system("POST", f"/referrals/{referral_id}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    # A stranger is told the referral does not exist.
    stranger = Organisation.objects.create(name="Stranger", type="NGO", country="IT")
    stranger_system = Caller(make_user(Role.ORGANISATION_ADMIN, stranger, "stranger-admin"))
    assert stranger_system("GET", f"/referrals/{referral_id}/").status_code == 404


def test_a_decline_needs_a_reason(
    shelter_system, partner_system, open_case, caseworker, partner_service, other_ngo
):
    case = open_case()
    consent_to_share_with(case, other_ngo, caseworker)
    referral_id = shelter_system(
        "POST",
        f"/cases/{case.uuid}/referrals/",
        {"service": str(partner_service.uuid), "sections": ["identity"]},
    ).json()["id"]
    refused = partner_system("POST", f"/referrals/{referral_id}/decline/", {})
    assert refused.status_code == 400
    assert refused.json()["error_codes"] == {"reason": ["required"]}
    declined = partner_system("POST", f"/referrals/{referral_id}/decline/", {"reason": "Full"})
    assert declined.json()["status"] == "declined"
