"""The national referral mechanism through /api/v1/, called with tokens as the first
responder's and the competent authority's systems would: the consent gate, the stages and the
deadlines of the nrm app, its audit entries, and the attacks the pages are tested against."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from needsfirst import nrm
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.api import events
from needsfirst.web.api.tests.callers import HOOK, Caller, Receiver, subscribe
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, Consent
from needsfirst.web.nrm.models import (
    CompetentAuthority,
    NrmChallenge,
    NrmDecision,
    NrmReferral,
    NrmStatus,
)

pytestmark = pytest.mark.django_db

ACCOUNT = "Worked 16 hours a day in a car wash; passport kept by the employer."
REFERRAL = {"exploitation": "labour", "account": ACCOUNT}


def designate(name: str, jurisdiction: str) -> CompetentAuthority:
    organisation = Organisation.objects.create(
        name=name, type=OrganisationType.COMPETENT_AUTHORITY, country=jurisdiction[:2]
    )
    return CompetentAuthority.objects.create(organisation=organisation, jurisdiction=jurisdiction)


@pytest.fixture
def england() -> CompetentAuthority:
    return designate("Single Competent Authority", "GB-ENG")


@pytest.fixture
def scotland() -> CompetentAuthority:
    return designate("Scottish Competent Authority", "GB-SCT")


@pytest.fixture
def ireland() -> CompetentAuthority:
    return designate("Irish Competent Authority", "IE")


@pytest.fixture
def authority_system(make_user, england) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, england.organisation, "sca-admin"))


@pytest.fixture
def scotland_system(make_user, scotland) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, scotland.organisation, "scot-admin"))


@pytest.fixture
def case(open_case) -> Case:
    return open_case("Amal", "Haddad", citizenship=["SY"], primary_language="ar", estimated_age=30)


def consent_to(case: Case, authority: CompetentAuthority, by: Any) -> Consent:
    return case_services.consent_record(
        actor=Actor.for_user(by),
        case=case,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": authority.organisation,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )


def refer(system: Caller, case: Case, authority: CompetentAuthority, **extra: Any) -> Any:
    body = {"authority": str(authority.uuid), **REFERRAL, **extra}
    return system("POST", f"/cases/{case.uuid}/nrm-referrals/", body)


@pytest.fixture
def referred(shelter_system, case, england, caseworker) -> dict[str, Any]:
    consent_to(case, england, caseworker)
    response = refer(shelter_system, case, england)
    assert response.status_code == 201, response.json()
    return response.json()


def decide(system: Caller, referral_id: str, stage: str, positive: bool = True) -> Any:
    return system(
        "POST",
        f"/nrm/received/{referral_id}/decisions/",
        {
            "stage": stage,
            "positive": positive,
            "decided_on": timezone.localdate().isoformat(),
            "evidence": "The first responder's account.",
            "reasons": "Consistent and detailed.",
        },
    )


# --- the first responder ----------------------------------------------------------------------


def test_an_adult_is_referred_with_consent_and_the_referral_is_on_the_record(
    referred, shelter_system, case, england
):
    assert referred["kind"] == "referral"
    assert referred["authority"] == str(england.uuid)
    assert referred["status"] == "awaiting_first"
    assert referred["consent"] is not None
    assert referred["deadline"]["stage"] == "reasonable_grounds"
    assert referred["deadline"]["binding"] == "target"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="nrmreferral", object_id=referred["id"]
    ).exists()
    listed = shelter_system("GET", "/nrm/referrals/").json()["results"]
    assert [row["id"] for row in listed] == [referred["id"]]
    on_case = shelter_system("GET", f"/cases/{case.uuid}/nrm-referrals/").json()["results"]
    assert [row["id"] for row in on_case] == [referred["id"]]
    assert shelter_system("GET", "/nrm/referrals/?status=concluded").json()["results"] == []


def test_an_adult_without_consent_is_refused_with_the_reason_and_nothing_is_written(
    shelter_system, case, england
):
    response = refer(shelter_system, case, england)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    (reason,) = body["errors"]["non_field_errors"]
    assert "consent" in reason
    assert "anonymous notification" in reason
    assert not NrmReferral.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__reason="no_consent"
    ).exists()


def test_a_child_is_referred_without_consent_where_the_jurisdiction_asks_none(
    shelter_system, case, england
):
    response = refer(shelter_system, case, england, child=True)
    assert response.status_code == 201, response.json()
    assert response.json()["consent"] is None
    assert response.json()["child"] is True


def test_a_child_without_consent_is_refused_where_the_jurisdiction_asks_it(
    shelter_system, case, ireland
):
    response = refer(shelter_system, case, ireland, child=True)
    assert response.status_code == 400
    assert "consent" in response.json()["errors"]["non_field_errors"][0]
    assert not NrmReferral.objects.exists()


def test_an_anonymous_notification_carries_nothing_that_identifies_the_person(
    shelter_system, authority_system, case, england
):
    sent = refer(shelter_system, case, england, kind="notification")
    assert sent.status_code == 201, sent.json()
    assert sent.json()["status"] == "received"
    listed = authority_system("GET", "/nrm/notifications/").json()["results"]
    assert [row["id"] for row in listed] == [sent.json()["id"]]
    read = authority_system("GET", f"/nrm/received/{sent.json()['id']}/").json()
    assert (read["person_name"], read["age"], read["language"]) == ("", None, "")
    assert "Haddad" not in json.dumps(listed) + json.dumps(read)


def test_no_anonymous_notification_where_no_duty_to_notify_is_in_force(
    shelter_system, case, scotland
):
    response = refer(shelter_system, case, scotland, kind="notification")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]
    assert not NrmReferral.objects.exists()


def test_bad_input_names_its_field_and_writes_nothing(shelter_system, case, england):
    unknown = shelter_system(
        "POST",
        f"/cases/{case.uuid}/nrm-referrals/",
        {"authority": "6f1c1d4e-0000-4000-8000-000000000000", **REFERRAL},
    )
    assert unknown.status_code == 400
    assert unknown.json()["error_codes"] == {"authority": ["unknown"]}
    empty = shelter_system(
        "POST",
        f"/cases/{case.uuid}/nrm-referrals/",
        {"authority": str(england.uuid), "exploitation": "piracy", "account": ""},
    )
    assert empty.status_code == 400
    assert set(empty.json()["errors"]) == {"exploitation", "account"}
    assert not NrmReferral.objects.exists()


# --- the competent authority ------------------------------------------------------------------


def test_the_authority_queue_shows_the_deadline_and_the_time_waited(referred, authority_system):
    NrmReferral.objects.filter(uuid=referred["id"]).update(
        received_on=timezone.localdate() - dt.timedelta(days=14)
    )
    queue = authority_system("GET", "/nrm/queue/")
    assert queue.status_code == 200
    (row,) = queue.json()
    started = timezone.localdate() - dt.timedelta(days=14)
    assert row["id"] == referred["id"]
    assert row["stage"] == "reasonable_grounds"
    assert row["deadline"]["waited_days"] == 14
    assert row["deadline"]["due_on"] == nrm.add_working_days(started, 5).isoformat()
    assert row["overdue"] is True
    assert row["readable"] is True
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="nrmqueue", actor=authority_system.account
    ).exists()


def test_the_authority_reads_what_the_referral_carries_and_nothing_of_the_case(
    referred, authority_system, case
):
    read = authority_system("GET", f"/nrm/received/{referred['id']}/")
    assert read.status_code == 200
    body = read.json()
    assert body["person_name"] == "Amal Haddad"
    assert (body["nationality"], body["language"], body["age"]) == ("SY", "ar", 30)
    assert body["account"] == ACCOUNT
    assert "case" not in body
    assert str(case.uuid) not in json.dumps(body)
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=referred["id"], actor=authority_system.account
    ).exists()


def test_two_stages_are_decided_in_order_and_the_sender_follows_them(
    referred, authority_system, shelter_system
):
    conclusive_first = decide(authority_system, referred["id"], "conclusive_grounds")
    assert conclusive_first.status_code == 400
    assert conclusive_first.json()["errors"]["non_field_errors"]
    first = decide(authority_system, referred["id"], "reasonable_grounds")
    assert first.status_code == 201, first.json()
    assert (first.json()["stage"], first.json()["positive"]) == ("reasonable_grounds", True)
    again = decide(authority_system, referred["id"], "reasonable_grounds")
    assert again.status_code == 400, "a decision a colleague took is not taken twice"
    followed = shelter_system("GET", f"/nrm/referrals/{referred['id']}/").json()
    assert followed["status"] == "awaiting_conclusive"
    assert [d["id"] for d in followed["decisions"]] == [first.json()["id"]]
    assert followed["deadline"]["stage"] == "conclusive_grounds"
    # England and Wales allow no conclusive decision before 45 days after the first.
    too_soon = decide(authority_system, referred["id"], "conclusive_grounds")
    assert too_soon.status_code == 400
    assert "decided_on" in too_soon.json()["errors"]
    assert NrmDecision.objects.count() == 1


def test_a_negative_decision_is_reconsidered_at_the_senders_request(
    referred, authority_system, shelter_system
):
    negative = decide(authority_system, referred["id"], "reasonable_grounds", positive=False)
    decision_id = negative.json()["id"]
    asked = shelter_system(
        "POST",
        f"/nrm/referrals/{referred['id']}/decisions/{decision_id}/challenges/",
        {
            "kind": "reconsideration",
            "requested_on": timezone.localdate().isoformat(),
            "grounds": "A medical report not seen before.",
        },
    )
    assert asked.status_code == 201, asked.json()
    read = authority_system("GET", f"/nrm/received/{referred['id']}/").json()
    assert [r["id"] for r in read["pending_requests"]] == [asked.json()["id"]]
    assert read["pending_requests"][0]["grounds"] == "A medical report not seen before."
    answered = authority_system(
        "POST",
        f"/nrm/received/{referred['id']}/requests/{asked.json()['id']}/",
        {"outcome": "changed"},
    )
    assert answered.status_code == 200
    assert answered.json()["outcome"] == "changed"
    assert NrmReferral.objects.get(uuid=referred["id"]).status == NrmStatus.AWAITING_FIRST
    twice = authority_system(
        "POST",
        f"/nrm/received/{referred['id']}/requests/{asked.json()['id']}/",
        {"outcome": "upheld"},
    )
    assert twice.status_code == 400
    assert NrmChallenge.objects.get().outcome == "changed"


# --- attacks ----------------------------------------------------------------------------------


def test_another_authority_gets_404_for_the_referral_and_its_decision_and_is_audited(
    referred, scotland_system
):
    before = scotland_system.refusals()
    assert scotland_system("GET", f"/nrm/received/{referred['id']}/").status_code == 404
    response = decide(scotland_system, referred["id"], "reasonable_grounds")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert scotland_system("GET", "/nrm/queue/").json() == []
    assert scotland_system.refusals() >= before + 2
    assert not NrmDecision.objects.exists()


def test_another_organisation_gets_404_for_the_senders_referral_and_is_audited(
    referred, partner_system, case
):
    assert partner_system("GET", f"/nrm/referrals/{referred['id']}/").status_code == 404
    assert partner_system("GET", f"/cases/{case.uuid}/nrm-referrals/").status_code == 404
    assert partner_system("GET", "/nrm/referrals/").json()["results"] == []
    assert partner_system.refusals() >= 2


def test_a_first_responder_is_not_the_authority_403_and_audited(referred, shelter_system):
    before = shelter_system.refusals()
    assert shelter_system("GET", "/nrm/queue/").status_code == 403
    response = decide(shelter_system, referred["id"], "reasonable_grounds")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert shelter_system.refusals() == before + 2
    assert not NrmDecision.objects.exists()


def test_a_read_token_may_not_refer_or_decide(make_user, shelter, england, referred, case):
    reader = Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "reader-admin"), scope="read")
    refused = refer(reader, case, england)
    assert refused.status_code == 403
    assert refused.json()["code"] == "token_scope"
    authority_reader = Caller(
        make_user(Role.ORGANISATION_ADMIN, england.organisation, "sca-reader"), scope="read"
    )
    assert decide(authority_reader, referred["id"], "reasonable_grounds").status_code == 403
    assert authority_reader("GET", "/nrm/queue/").status_code == 200
    assert NrmReferral.objects.count() == 1
    assert not NrmDecision.objects.exists()
    assert reader.refusals() == 1
    assert authority_reader.refusals() == 1


def test_consent_withdrawn_after_the_referral_closes_it_to_the_authority(
    referred, authority_system, caseworker
):
    consent = Consent.objects.get(uuid=referred["consent"])
    case_services.consent_withdraw(
        actor=Actor.for_user(caseworker), consent=consent, on=timezone.localdate()
    )
    assert authority_system("GET", f"/nrm/received/{referred['id']}/").status_code == 403
    assert decide(authority_system, referred["id"], "reasonable_grounds").status_code == 403
    (row,) = authority_system("GET", "/nrm/queue/").json()
    assert row["readable"] is False
    assert not NrmDecision.objects.exists()
    assert AuditEntry.objects.filter(detail__reason="consent_withdrawn").count() == 2


# --- events -----------------------------------------------------------------------------------


def test_the_referral_is_an_event_for_the_authority_and_the_decision_one_for_the_sender(
    referred, authority_system, shelter_system
):
    received = authority_system("GET", "/events/?type=nrm.referral.received").json()["results"]
    assert [(e["object"], e["status"]) for e in received] == [
        ({"type": "nrmreferral", "id": referred["id"]}, "referral")
    ]
    assert "Haddad" not in json.dumps(received)
    decision = decide(authority_system, referred["id"], "reasonable_grounds").json()
    taken = shelter_system("GET", "/events/?type=nrm.decision.taken").json()["results"]
    assert [(e["object"]["id"], e["status"]) for e in taken] == [
        (decision["id"], "reasonable_grounds")
    ]
    assert authority_system("GET", "/events/?type=nrm.decision.taken").json()["results"] == []


def test_the_decision_webhook_is_signed_like_the_others(
    referred,
    authority_system,
    shelter_system,
    monkeypatch,
    django_capture_on_commit_callbacks,
    reachable,
):
    receiver = Receiver(200)
    monkeypatch.setattr(events, "http_post", receiver)
    subscription = subscribe(shelter_system, ["nrm.decision.taken"])
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(authority_system, referred["id"], "reasonable_grounds").json()
    (call,) = receiver.calls
    url, body, headers = call
    assert url == HOOK
    assert json.loads(body)["object"] == {"type": "nrmdecision", "id": decision["id"]}
    timestamp = int(headers[events.SIGNATURE_HEADER].split(",")[0].split("=")[1])
    assert headers[events.SIGNATURE_HEADER] == events.sign(subscription["secret"], timestamp, body)
