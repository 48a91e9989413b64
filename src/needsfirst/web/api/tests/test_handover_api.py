"""Hand-over through /api/v1/, called with tokens as the sending and the receiving
organisations' systems would: the consent gate at sending and again at acceptance, the
follow-ups read back only under the person's second consent, the audit on both sides, events."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.api.tests.callers import Caller
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, CaseStatus, Consent
from needsfirst.web.handover.models import FollowUp, Handover, HandoverStatus

pytestmark = pytest.mark.django_db

NOTE = "She fears the employer will come to the shelter"


@pytest.fixture
def returns_ngo(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Benin City Reintegration Centre", type=OrganisationType.NGO, country="NG"
    )


@pytest.fixture
def sender(make_user, shelter) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin"))


@pytest.fixture
def receiver(make_user, returns_ngo) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, returns_ngo, "returns-admin"))


@pytest.fixture
def stranger(make_user, other_ngo) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, other_ngo, "stranger-admin"))


@pytest.fixture
def case(caseworker) -> Case:
    actor = Actor.for_user(caseworker)
    case = case_services.case_intake(
        actor=actor,
        person_data={"first_name": "Blessing", "second_name": "Okoro", "citizenship": ["NG"]},
    )
    case_services.note_add(actor=actor, case=case, body=NOTE, on=timezone.localdate())
    return case


def consent(case: Case, recipient: Organisation, by: Any, purpose: str = "transfer") -> Consent:
    return case_services.consent_record(
        actor=Actor.for_user(by),
        case=case,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": purpose,
            "recipient": recipient,
            "method": "written",
            "decided_on": timezone.localdate() - dt.timedelta(days=1),
        },
    )


def hand_over(system: Caller, case: Case, to: Organisation, **extra: Any) -> Any:
    body = {
        "recipient": str(to.uuid),
        "kind": "return",
        "sections": ["identity", "notes"],
        "message": "She returns on Friday's flight.",
        **extra,
    }
    return system("POST", f"/cases/{case.uuid}/handovers/", body)


@pytest.fixture
def sent(sender, case, returns_ngo, caseworker) -> dict[str, Any]:
    consent(case, returns_ngo, caseworker)
    response = hand_over(sender, case, returns_ngo)
    assert response.status_code == 201, response.json()
    return response.json()


def follow_up(system: Caller, handover_id: str, months: int = 3, **extra: Any) -> Any:
    body = {"done_on": timezone.localdate().isoformat(), "outcome": "well", **extra}
    return system("POST", f"/handovers/{handover_id}/follow-ups/{months}/", body)


# --- sending ----------------------------------------------------------------------------------


def test_a_case_is_handed_over_with_consent_and_both_sides_see_it(
    sent, sender, receiver, case, returns_ngo
):
    assert sent["status"] == "sent"
    assert sent["case"] == str(case.uuid)
    assert (sent["recipient"], sent["recipient_country"]) == (str(returns_ngo.uuid), "NG")
    assert sent["sections"] == ["identity", "notes"]
    outgoing = sender("GET", "/handovers/?box=outgoing").json()["results"]
    assert [h["id"] for h in outgoing] == [sent["id"]]
    assert sender("GET", "/handovers/?box=incoming").json()["results"] == []
    incoming = receiver("GET", "/handovers/?box=incoming").json()["results"]
    assert [h["id"] for h in incoming] == [sent["id"]]
    assert incoming[0]["case"] is None, "the receiver is not given the sender's case id"
    assert NOTE not in json.dumps(incoming)
    entries = AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=sent["id"])
    assert entries.count() == 2, "one entry on each organisation's trail"


def test_a_transfer_without_consent_is_refused_with_the_reason(
    sender, case, returns_ngo, caseworker
):
    # A consent for a referral is not a consent to hand the case over.
    consent(case, returns_ngo, caseworker, purpose="referral")
    response = hand_over(sender, case, returns_ngo)
    assert response.status_code == 400
    body = response.json()
    assert body["error_codes"] == {"non_field_errors": ["no_consent"]}
    assert "consent" in body["errors"]["non_field_errors"][0]
    assert returns_ngo.name in body["errors"]["non_field_errors"][0]
    assert not Handover.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__reason="no_consent"
    ).exists()


def test_bad_input_names_its_field_and_writes_nothing(sender, case, returns_ngo, caseworker):
    consent(case, returns_ngo, caseworker)
    unknown = hand_over(sender, case, returns_ngo, recipient="6f1c1d4e-0000-4000-8000-000000000000")
    assert unknown.json()["error_codes"] == {"recipient": ["unknown"]}
    bad = hand_over(sender, case, returns_ngo, kind="deportation", sections=["bank"])
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"kind", "sections"}
    assert not Handover.objects.exists()


# --- answering --------------------------------------------------------------------------------


def test_the_receiver_accepts_and_holds_a_new_case_with_what_went(sent, receiver, sender, case):
    accepted = receiver("POST", f"/handovers/{sent['id']}/accept/")
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert body["status"] == "accepted"
    new_case = Case.objects.get(uuid=body["new_case"])
    assert new_case.organisation.name == "Benin City Reintegration Centre"
    assert new_case.notes.get().body == NOTE
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    read = receiver("GET", f"/handovers/{sent['id']}/").json()
    assert [f["months"] for f in read["follow_ups"]] == [3, 6, 12]
    assert sender("GET", f"/handovers/{sent['id']}/").json()["new_case"] is None


def test_the_sender_cannot_accept_its_own_hand_over(sent, sender):
    before = sender.refusals()
    response = sender("POST", f"/handovers/{sent['id']}/accept/")
    assert response.status_code == 403
    assert sender("POST", f"/handovers/{sent['id']}/decline/", {}).status_code == 403
    assert sender.refusals() == before + 2
    assert Handover.objects.get().status == HandoverStatus.SENT


def test_the_receiver_declines_with_a_reason_and_the_sender_keeps_the_case(sent, receiver, case):
    without = receiver("POST", f"/handovers/{sent['id']}/decline/", {})
    assert without.status_code == 400
    assert "reason" in without.json()["errors"]
    declined = receiver(
        "POST", f"/handovers/{sent['id']}/decline/", {"reason": "We have no place in Lagos."}
    )
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
    again = receiver("POST", f"/handovers/{sent['id']}/accept/")
    assert again.status_code == 400


def test_consent_withdrawn_between_sending_and_acceptance_stops_the_copy(
    sent, receiver, case, caseworker
):
    given = Consent.objects.get(pk=Handover.objects.get(uuid=sent["id"]).consent_id)
    case_services.consent_withdraw(
        actor=Actor.for_user(caseworker), consent=given, on=timezone.localdate()
    )
    response = receiver("POST", f"/handovers/{sent['id']}/accept/")
    assert response.status_code == 400
    assert response.json()["error_codes"] == {"non_field_errors": ["consent_withdrawn"]}
    assert Handover.objects.get().status == HandoverStatus.SENT
    assert Case.objects.filter(organisation__name="Benin City Reintegration Centre").count() == 0
    assert AuditEntry.objects.filter(detail__reason="consent_withdrawn").exists()


# --- follow-ups -------------------------------------------------------------------------------


def test_follow_ups_are_read_back_by_the_sender_only_under_the_second_consent(
    sent, sender, receiver, case, shelter, returns_ngo, make_user
):
    receiver("POST", f"/handovers/{sent['id']}/accept/")
    recorded = follow_up(receiver, sent["id"], note="Working at a tailor's shop.")
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["outcome"] == "well"
    without = sender("GET", f"/handovers/{sent['id']}/").json()
    assert without["follow_ups"] == []
    assert without["follow_ups_shared_back"] is False
    # The person agrees, at the receiving organisation, that the sender may read the follow-up.
    new_case = Case.objects.get(
        uuid=receiver("GET", f"/handovers/{sent['id']}/").json()["new_case"]
    )
    consent(new_case, shelter, make_user(Role.CASEWORKER, returns_ngo, "rc"), "follow_up_back")
    shared = sender("GET", f"/handovers/{sent['id']}/").json()
    assert shared["follow_ups_shared_back"] is True
    assert [f["note"] for f in shared["follow_ups"] if f["months"] == 3] == [
        "Working at a tailor's shop."
    ]
    # The reading back is on the receiver's trail too.
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW,
        object_id=sent["id"],
        actor=sender.account,
        holder_id=returns_ngo.pk,
    ).exists()


def test_only_the_receiver_records_a_follow_up(sent, sender, receiver):
    assert follow_up(receiver, sent["id"]).status_code == 404, "not accepted yet"
    receiver("POST", f"/handovers/{sent['id']}/accept/")
    assert follow_up(sender, sent["id"]).status_code == 404
    assert follow_up(receiver, sent["id"], months=4).status_code == 404
    future = follow_up(receiver, sent["id"], done_on="2999-01-01")
    assert future.status_code == 400
    assert "done_on" in future.json()["errors"]
    assert not FollowUp.objects.filter(done_on__isnull=False).exists()


# --- attacks ----------------------------------------------------------------------------------


def test_another_organisation_gets_404_for_every_hand_over_endpoint_and_is_audited(
    sent, stranger, case
):
    before = stranger.refusals()
    for method, path in (
        ("GET", f"/handovers/{sent['id']}/"),
        ("POST", f"/handovers/{sent['id']}/accept/"),
        ("POST", f"/handovers/{sent['id']}/decline/"),
        ("POST", f"/handovers/{sent['id']}/follow-ups/3/"),
        ("GET", f"/cases/{case.uuid}/handovers/"),
    ):
        response = stranger(method, path, {"reason": "x"} if method == "POST" else None)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
    assert stranger("GET", "/handovers/").json()["results"] == []
    assert stranger.refusals() >= before + 5
    assert Handover.objects.get().status == HandoverStatus.SENT


def test_a_read_token_may_read_but_not_hand_over_or_accept(
    make_user, shelter, returns_ngo, sent, case
):
    reader = Caller(make_user(Role.ORGANISATION_ADMIN, returns_ngo, "reader-admin"), scope="read")
    assert reader("GET", f"/handovers/{sent['id']}/").status_code == 200
    refused = reader("POST", f"/handovers/{sent['id']}/accept/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "token_scope"
    shelter_reader = Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "s-reader"), scope="read")
    assert hand_over(shelter_reader, case, returns_ngo).status_code == 403
    assert Handover.objects.get().status == HandoverStatus.SENT
    assert reader.refusals() == 1
    assert shelter_reader.refusals() == 1


def test_a_role_without_cases_is_refused_403_and_audited(make_user, returns_ngo, sent):
    analyst = make_user(Role.ANALYST, returns_ngo, "analyst")
    from needsfirst.web.conftest import signed_in

    client = signed_in(analyst)
    response = client.post(f"/api/v1/handovers/{sent['id']}/accept/")
    assert response.status_code == 403
    assert AuditEntry.objects.filter(actor=analyst, action=AuditAction.ACCESS_DENIED).exists()


# --- events -----------------------------------------------------------------------------------


def test_a_hand_over_is_an_event_for_the_receiver_and_its_acceptance_one_for_the_sender(
    sent, sender, receiver
):
    received = receiver("GET", "/events/?type=handover.received").json()["results"]
    assert [e["object"] for e in received] == [{"type": "handover", "id": sent["id"]}]
    assert "Okoro" not in json.dumps(received)
    receiver("POST", f"/handovers/{sent['id']}/accept/")
    answered = sender("GET", "/events/?type=handover.answered").json()["results"]
    assert [(e["object"]["id"], e["status"]) for e in answered] == [(sent["id"], "accepted")]
    assert receiver("GET", "/events/?type=handover.answered").json()["results"] == []
