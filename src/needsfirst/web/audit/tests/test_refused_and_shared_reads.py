"""Refused requests and partners' reads on the audit trail (issue 8, item 6).

Objects of other organisations answer 404 so their existence is hidden; the refusal is still on
the record, and the organisation holding the record sees it, as it sees a partner reading a
case it shares.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.audit.selectors import audit_entries_visible_to
from needsfirst.web.cases.models import CaseShare, ConsentKind, SharingPurpose
from needsfirst.web.cases.services import consent_record
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_user, other_ngo):
    return make_user(Role.CASEWORKER, other_ngo, "partner-cw")


def _refusals(actor):
    return AuditEntry.objects.filter(actor=actor, action=AuditAction.ACCESS_DENIED)


def test_a_refused_case_page_of_another_organisation_is_audited_for_both(
    open_case, partner, supervisor, shelter, other_ngo
):
    case = open_case(first_name="Zaynab", second_name="Quasimodo")
    response = signed_in(partner).get(reverse("cases:detail", args=[case.uuid]))
    assert response.status_code == 404
    entry = _refusals(partner).get()
    assert entry.organisation == other_ngo
    assert entry.holder == shelter
    assert entry.object_type == "case"
    assert entry.object_id == str(case.uuid)
    assert entry.detail["exists"] is True
    assert entry in audit_entries_visible_to(supervisor)
    page = signed_in(supervisor).get(reverse("audit:list")).content.decode()
    assert "partner-cw" in page
    assert "Zaynab" not in str(entry.detail) + entry.object_id


def test_a_guessed_id_is_audited_for_the_guesser_only(partner, other_ngo, supervisor):
    guess = uuid.uuid4()
    client = signed_in(partner)
    for name in ("cases:detail", "cases:edit", "cases:export_pdf", "referrals:new"):
        assert client.get(reverse(name, args=[guess])).status_code == 404
    entries = list(_refusals(partner))
    assert len(entries) == 4
    assert {entry.holder for entry in entries} == {None}
    assert {entry.detail["exists"] for entry in entries} == {False}
    assert not set(entries) & set(audit_entries_visible_to(supervisor))


def test_a_refused_referral_of_another_organisation_is_audited(
    partner, open_case, caseworker, shelter
):
    from needsfirst.web.referrals import services
    from needsfirst.web.referrals.models import ServiceProvider

    own = ServiceProvider.objects.create(
        owner=shelter,
        organisation=shelter,
        name="Our shelter",
        type="shelter",
        domains=["shelter"],
        languages=["it"],
        country="IT",
        city="Roma",
        eligibility=["any"],
    )
    referral = services.referral_send(
        actor=Actor.for_user(caseworker), case=open_case(), provider=own, sections=["identity"]
    )
    client = signed_in(partner)
    assert client.post(reverse("referrals:accept", args=[referral.uuid])).status_code == 404
    entry = _refusals(partner).get()
    assert entry.object_type == "referral"
    assert entry.holder == shelter


def test_a_refused_api_call_for_another_organisations_case_is_audited(open_case, partner, shelter):
    case = open_case()
    response = signed_in(partner).get(f"/api/v1/cases/{case.uuid}/")
    assert response.status_code == 404
    entry = _refusals(partner).get()
    assert entry.holder == shelter
    assert entry.object_id == str(case.uuid)
    assert entry.detail["view"].startswith("api:")


def test_an_anonymous_request_leaves_no_refusal_entry(open_case):
    from django.test import Client

    case = open_case()
    Client().get(reverse("cases:detail", args=[case.uuid]))
    assert not AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_a_partners_read_of_a_shared_case_is_on_the_holders_audit_page(
    open_case, partner, caseworker, supervisor, shelter, other_ngo, make_user
):
    case = open_case()
    consent = consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": other_ngo,
            "method": "written",
            "decided_on": case.opened_at.date(),
        },
    )
    CaseShare.objects.create(
        case=case, organisation=other_ngo, consent=consent, sections=["identity"]
    )
    assert signed_in(partner).get(reverse("cases:detail", args=[case.uuid])).status_code == 200
    read = AuditEntry.objects.get(actor=partner, action=AuditAction.VIEW, object_id=str(case.uuid))
    assert read.organisation == other_ngo
    assert read.holder == shelter
    assert read in audit_entries_visible_to(supervisor)
    assert "partner-cw" in signed_in(supervisor).get(reverse("audit:list")).content.decode()
    third = Organisation.objects.create(name="Third", country="IT")
    outsider = make_user(Role.SUPERVISOR, third, "third-sup")
    assert read not in audit_entries_visible_to(outsider)
