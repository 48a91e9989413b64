"""A system that sends a referral again with the same `Idempotency-Key` (its answer was lost)
gets the referral already sent: one referral, one notification, as the page's one-time value."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.api.models import EventType, PartnerEvent
from needsfirst.web.api.tests.callers import Caller, consent_to_share_with
from needsfirst.web.api.tokens import token_create
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.referrals.models import Referral

pytestmark = pytest.mark.django_db


def send(caller: Caller, case: Any, service: Any, key: object = None) -> Any:
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": str(key)}
    body = {"service": str(service.uuid), "sections": ["identity"]}
    return caller("POST", f"/cases/{case.uuid}/referrals/", body, **headers)


def received() -> int:
    return PartnerEvent.objects.filter(type=EventType.REFERRAL_RECEIVED).count()


@pytest.fixture
def consented_case(open_case, caseworker, other_ngo):
    case = open_case()
    consent_to_share_with(case, other_ngo, caseworker)
    return case


def test_the_same_key_twice_answers_the_referral_already_sent_and_notifies_once(
    shelter_system, consented_case, partner_service
):
    key = uuid.uuid4()
    first = send(shelter_system, consented_case, partner_service, key)
    again = send(shelter_system, consented_case, partner_service, key)
    assert first.status_code == 201, first.json()
    assert again.status_code == 200, again.json()
    assert first.json()["id"] == again.json()["id"]
    assert Referral.objects.get().idempotency_key == key
    assert received() == 1
    # The repeated call read the referral: it is on the trail.
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW,
        actor=shelter_system.account,
        object_type="referral",
        detail__idempotency_key_repeated=True,
    ).exists()


def test_two_keys_or_no_key_send_a_referral_each_time(
    shelter_system, consented_case, partner_service
):
    assert send(shelter_system, consented_case, partner_service, uuid.uuid4()).status_code == 201
    assert send(shelter_system, consented_case, partner_service, uuid.uuid4()).status_code == 201
    assert send(shelter_system, consented_case, partner_service).status_code == 201
    assert send(shelter_system, consented_case, partner_service).status_code == 201
    assert Referral.objects.filter(case=consented_case).count() == 4
    assert received() == 4


def test_a_key_that_is_not_a_uuid_is_refused_naming_the_header(
    shelter_system, consented_case, partner_service
):
    response = send(shelter_system, consented_case, partner_service, "once-upon-a-time")
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Referral.objects.exists()


def test_a_refused_referral_keeps_its_key_free_for_the_corrected_call(
    shelter_system, open_case, caseworker, other_ngo, partner_service
):
    case = open_case()
    key = uuid.uuid4()
    assert send(shelter_system, case, partner_service, key).status_code == 400  # no consent
    consent_to_share_with(case, other_ngo, caseworker)
    assert send(shelter_system, case, partner_service, key).status_code == 201
    assert send(shelter_system, case, partner_service, key).status_code == 200
    assert Referral.objects.count() == 1


def test_another_organisations_key_and_case_are_not_found_and_audited(
    consented_case, partner_service, make_user, other_ngo, shelter_system
):
    key = uuid.uuid4()
    assert send(shelter_system, consented_case, partner_service, key).status_code == 201
    stranger = Caller(make_user(Role.ORGANISATION_ADMIN, other_ngo, "partner-admin"))
    response = send(stranger, consented_case, partner_service, key)
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        actor=stranger.account, action=AuditAction.ACCESS_DENIED
    ).exists()
    assert Referral.objects.count() == 1


def test_a_read_token_resending_a_key_is_refused_and_audited(
    consented_case, partner_service, make_user, shelter, shelter_system
):
    key = uuid.uuid4()
    send(shelter_system, consented_case, partner_service, key)
    reader = Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "reader-admin"), scope="read")
    response = send(reader, consented_case, partner_service, key)
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert AuditEntry.objects.filter(
        actor=reader.account, action=AuditAction.ACCESS_DENIED
    ).exists()


def test_a_token_of_a_role_without_cases_is_refused_and_audited(
    consented_case, partner_service, make_user, shelter
):
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "analyst-admin")
    made = token_create(actor=Actor.for_user(admin), name="Stats", scope="write", role="analyst")
    analyst = Caller.__new__(Caller)
    analyst.secret, analyst.account = made.secret, made.token.account
    response = send(analyst, consented_case, partner_service, uuid.uuid4())
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        actor=analyst.account, action=AuditAction.ACCESS_DENIED
    ).exists()
    assert not Referral.objects.exists()
