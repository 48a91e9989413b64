"""The writes of the pages through the API (web/api/writes.py): a wage claim saved on a case, the
actions of the plan, a referral closed and its follow-up tasks. Called with tokens as a partner's
system would, and attacked: another organisation's ids, the wrong role, a read token, the consent
withdrawn between two steps, numbers a claim cannot take."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.api.tests.callers import Caller, consent_to_share_with
from needsfirst.web.assistance import services as assistance
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import CaseShare
from needsfirst.web.claims.models import WageClaim
from needsfirst.web.referrals.models import FollowUpTask, Referral

pytestmark = pytest.mark.django_db


def claim_body(**period: Any) -> dict[str, Any]:
    return {
        "jurisdiction": "GB",
        "currency": "GBP",
        "employer": "Green Fields Ltd",
        "periods": [
            {
                "start": "2025-04-07",
                "end": "2025-05-04",
                "hours_per_day": "8",
                "days_per_week": 5,
                "paid_amount": "1000",
                "paid_per": "period",
                **period,
            }
        ],
        "fees": [{"amount": "350", "category": "recruitment-fee", "paid_on": "2025-03-01"}],
    }


# --- wage claims ------------------------------------------------------------------------------


def test_a_system_saves_a_wage_claim_and_each_save_is_a_new_version(shelter_system, open_case):
    case = open_case()
    first = shelter_system("POST", f"/cases/{case.uuid}/wage-claims/", claim_body())
    assert first.status_code == 201, first.json()
    saved = first.json()
    assert saved["facts"]["employer"] == "Green Fields Ltd"
    assert saved["facts"]["periods"][0]["paid"] == {
        "amount": "1000",
        "currency": "GBP",
        "per": "period",
    }
    assert saved["result"]["lines"], "the core computed the lines of the claim"
    assert saved["result"]["totals"]
    # The facts are encrypted at rest, as the page's: the employer is not in the column.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT facts FROM claims_wageclaim")
        assert "Green Fields" not in str(cursor.fetchone()[0])
    second = shelter_system(
        "POST", f"/cases/{case.uuid}/wage-claims/", claim_body(paid_amount="1200")
    )
    assert second.status_code == 201
    listed = shelter_system("GET", f"/cases/{case.uuid}/wage-claims/").json()["results"]
    assert [row["id"] for row in listed] == [second.json()["id"], saved["id"]]
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE, object_type="wageclaim", actor=shelter_system.account
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"hours_per_day": "25"}, "periods[0].hours_per_day"),
        ({"hours_per_day": "eight"}, "periods[0].hours_per_day"),
        ({"paid_amount": "-5"}, "periods[0].paid_amount"),
        ({"paid_amount": "1e999"}, "periods[0].paid_amount"),
        ({"end": "2025-01-01"}, "periods[0].end"),
        ({"days_per_week": "0"}, "periods[0].days_per_week"),
        ({"deduction_amount": "40"}, "periods[0].deduction_reason"),
        ({"start": "the spring"}, "periods[0].start"),
    ],
)
def test_a_claim_with_bad_numbers_names_the_field_and_writes_nothing(
    shelter_system, open_case, period, field
):
    case = open_case()
    response = shelter_system("POST", f"/cases/{case.uuid}/wage-claims/", claim_body(**period))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"], body["errors"]
    assert field in body["error_codes"]
    assert not WageClaim.objects.exists()


def test_a_claim_the_core_refuses_names_the_field_and_writes_nothing(shelter_system, open_case):
    case = open_case()
    no_period = shelter_system(
        "POST", f"/cases/{case.uuid}/wage-claims/", {**claim_body(), "periods": []}
    )
    assert no_period.status_code == 400
    assert "periods" in no_period.json()["errors"]
    nowhere = shelter_system(
        "POST", f"/cases/{case.uuid}/wage-claims/", {**claim_body(), "jurisdiction": "XX"}
    )
    assert nowhere.status_code == 400
    assert "jurisdiction" in nowhere.json()["errors"]
    half_rate = shelter_system(
        "POST", f"/cases/{case.uuid}/wage-claims/", {**claim_body(), "rate": "1.15"}
    )
    assert half_rate.status_code == 400
    assert {"rate_from", "rate_to", "rate_on", "rate_source"} <= set(half_rate.json()["errors"])
    fee = {**claim_body(), "fees": [{"amount": "lots", "category": "recruitment-fee"}]}
    bad_fee = shelter_system("POST", f"/cases/{case.uuid}/wage-claims/", fee)
    assert bad_fee.status_code == 400
    assert "fees[0].amount" in bad_fee.json()["errors"]
    assert not WageClaim.objects.exists()


def test_another_organisations_case_is_not_found_for_a_claim_and_the_attempt_audited(
    partner_system, open_case
):
    case = open_case()
    before = partner_system.refusals()
    response = partner_system("POST", f"/cases/{case.uuid}/wage-claims/", claim_body())
    assert response.status_code == 404
    assert partner_system.refusals() == before + 1
    assert not WageClaim.objects.exists()


def test_a_read_token_cannot_save_a_claim_and_the_refusal_is_audited(shelter_admin, open_case):
    case = open_case()
    reader = Caller(shelter_admin, scope="read")
    response = reader("POST", f"/cases/{case.uuid}/wage-claims/", claim_body())
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert reader.refusals() == 1
    assert not WageClaim.objects.exists()


def test_an_inspectors_token_cannot_save_a_claim_on_a_case(shelter_admin, open_case):
    case = open_case()
    inspector = Caller(shelter_admin, role=Role.LABOUR_INSPECTOR)
    response = inspector("POST", f"/cases/{case.uuid}/wage-claims/", claim_body())
    assert response.status_code == 403
    assert inspector.refusals() == 1
    assert not WageClaim.objects.exists()


# --- the plan's actions -----------------------------------------------------------------------


def action_body(**extra: Any) -> dict[str, Any]:
    return {
        "domain": "legal",
        "action": "Book an appointment with the labour lawyer",
        "role": "caseworker",
        "due_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "urgency": 2,
        "support_plan_type": "Legal",
        **extra,
    }


def test_a_system_adds_an_action_and_marks_it_done(shelter_system, open_case, caseworker):
    case = open_case()
    added = shelter_system(
        "POST",
        f"/cases/{case.uuid}/plan/actions/",
        action_body(responsible=str(caseworker.uuid)),
    )
    assert added.status_code == 201, added.json()
    action = added.json()
    assert (action["origin"], action["status"]) == ("caseworker", "to_do")
    assert action["responsible"] == str(caseworker.uuid)
    listed = shelter_system("GET", f"/cases/{case.uuid}/plan/actions/").json()
    assert [row["id"] for row in listed] == [action["id"]]
    done = shelter_system(
        "PATCH", f"/cases/{case.uuid}/plan/actions/{action['id']}/", {"status": "done"}
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "done"
    assert case.plan_items.get().status == "done"
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="planitem", actor=shelter_system.account
    ).exists()


def test_a_change_with_one_bad_field_changes_nothing(
    shelter_system, open_case, make_user, other_ngo
):
    case = open_case()
    action = shelter_system("POST", f"/cases/{case.uuid}/plan/actions/", action_body()).json()
    url = f"/cases/{case.uuid}/plan/actions/{action['id']}/"
    stranger = make_user(Role.CASEWORKER, other_ngo, "partner-caseworker")
    elsewhere = shelter_system("PATCH", url, {"status": "done", "responsible": str(stranger.uuid)})
    assert elsewhere.status_code == 400
    assert "responsible" in elsewhere.json()["errors"]
    past = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    late = shelter_system("PATCH", url, {"status": "in_progress", "due_on": past})
    assert late.status_code == 400
    assert "due_on" in late.json()["errors"]
    item = case.plan_items.get()
    assert (item.status, item.responsible_id) == ("to_do", None)
    assert item.due_on.isoformat() == action["due_on"]
    empty = shelter_system("PATCH", url, {})
    assert empty.status_code == 400


def test_an_action_with_a_bad_choice_names_the_field(shelter_system, open_case):
    case = open_case()
    response = shelter_system(
        "POST", f"/cases/{case.uuid}/plan/actions/", action_body(domain="magic")
    )
    assert response.status_code == 400
    assert "domain" in response.json()["errors"]
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = shelter_system("POST", f"/cases/{case.uuid}/plan/actions/", action_body(due_on=past))
    assert response.status_code == 400
    assert "due_on" in response.json()["errors"]
    assert not case.plan_items.exists()


def test_another_organisations_plan_is_not_found_and_the_attempts_audited(
    shelter_system, partner_system, open_case
):
    case = open_case()
    action = shelter_system("POST", f"/cases/{case.uuid}/plan/actions/", action_body()).json()
    before = partner_system.refusals()
    assert (
        partner_system("POST", f"/cases/{case.uuid}/plan/actions/", action_body()).status_code
        == 404
    )
    assert (
        partner_system(
            "PATCH", f"/cases/{case.uuid}/plan/actions/{action['id']}/", {"status": "done"}
        ).status_code
        == 404
    )
    assert partner_system.refusals() == before + 2
    assert case.plan_items.get().status == "to_do"


def test_an_action_of_another_case_of_the_same_organisation_is_not_found(shelter_system, open_case):
    case, other = open_case(), open_case(first_name="Other")
    action = shelter_system("POST", f"/cases/{case.uuid}/plan/actions/", action_body()).json()
    response = shelter_system(
        "PATCH", f"/cases/{other.uuid}/plan/actions/{action['id']}/", {"status": "done"}
    )
    assert response.status_code == 404


# --- referrals: answer, close, tasks ----------------------------------------------------------


@pytest.fixture
def sent_referral(shelter_system, open_case, caseworker, partner_service, other_ngo):
    case = open_case()
    consent = consent_to_share_with(case, other_ngo, caseworker)
    response = shelter_system(
        "POST",
        f"/cases/{case.uuid}/referrals/",
        {"service": str(partner_service.uuid), "sections": ["identity"], "domain": "legal"},
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"], case, consent


def test_consent_withdrawn_between_sending_and_accepting_refuses_the_acceptance(
    shelter_system, partner_system, sent_referral
):
    referral_id, case, consent = sent_referral
    withdrawn = shelter_system(
        "POST",
        f"/cases/{case.uuid}/consents/{consent.uuid}/withdraw/",
        {"withdrawn_on": timezone.localdate().isoformat()},
    )
    assert withdrawn.status_code == 200
    refused = partner_system("POST", f"/referrals/{referral_id}/accept/")
    assert refused.status_code == 400
    assert "withdrew the consent" in json.dumps(refused.json())
    assert Referral.objects.get(uuid=referral_id).status == "sent"
    assert not CaseShare.objects.filter(case=case).exists()


def test_the_sender_withdraws_a_referral_by_closing_it_and_it_can_no_longer_be_accepted(
    shelter_system, partner_system, sent_referral
):
    referral_id, case, _consent = sent_referral
    closed = shelter_system(
        "POST",
        f"/referrals/{referral_id}/close/",
        {"outcome": "referred_elsewhere", "note": "A closer clinic took her"},
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["outcome"] == "referred_elsewhere"
    assert closed.json()["closed_at"]
    assert "closer clinic" not in json.dumps(closed.json()), "the note stays on the page"
    late = partner_system("POST", f"/referrals/{referral_id}/accept/")
    assert late.status_code == 400
    assert not CaseShare.objects.filter(case=case).exists()
    again = shelter_system("POST", f"/referrals/{referral_id}/close/", {"outcome": "partly"})
    assert again.status_code == 400
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="referral", actor=shelter_system.account
    ).exists()


def test_the_receiver_cannot_close_the_senders_referral_and_is_audited(
    partner_system, sent_referral
):
    referral_id, _case, _consent = sent_referral
    before = partner_system.refusals()
    response = partner_system(
        "POST", f"/referrals/{referral_id}/close/", {"outcome": "service_received"}
    )
    assert response.status_code == 403
    assert partner_system.refusals() == before + 1
    assert Referral.objects.get(uuid=referral_id).closed_at is None


def test_a_close_without_a_known_outcome_names_the_field(shelter_system, sent_referral):
    referral_id, _case, _consent = sent_referral
    response = shelter_system("POST", f"/referrals/{referral_id}/close/", {"outcome": "happy"})
    assert response.status_code == 400
    assert "outcome" in response.json()["errors"]
    assert Referral.objects.get(uuid=referral_id).closed_at is None


def test_the_sender_follows_up_with_tasks(shelter_system, partner_system, sent_referral):
    referral_id, _case, _consent = sent_referral
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    task = shelter_system(
        "POST",
        f"/referrals/{referral_id}/tasks/",
        {"description": "Call the clinic", "due_on": due},
    )
    assert task.status_code == 201, task.json()
    listed = shelter_system("GET", f"/referrals/{referral_id}/tasks/").json()
    assert [row["id"] for row in listed] == [task.json()["id"]]
    assert partner_system("GET", f"/referrals/{referral_id}/tasks/").status_code == 403
    refused = partner_system("POST", f"/referrals/{referral_id}/tasks/{task.json()['id']}/done/")
    assert refused.status_code == 403
    done = shelter_system("POST", f"/referrals/{referral_id}/tasks/{task.json()['id']}/done/")
    assert done.status_code == 200
    assert done.json()["done_at"]
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    late = shelter_system(
        "POST", f"/referrals/{referral_id}/tasks/", {"description": "Too late", "due_on": past}
    )
    assert late.status_code == 400
    assert "due_on" in late.json()["errors"]
    assert FollowUpTask.objects.count() == 1


def test_a_stranger_is_told_the_referral_does_not_exist(make_user, sent_referral):
    from needsfirst.web.accounts.models import Organisation

    referral_id, _case, _consent = sent_referral
    stranger = Organisation.objects.create(name="Stranger", type="NGO", country="IT")
    system = Caller(make_user(Role.ORGANISATION_ADMIN, stranger, "stranger-admin"))
    for path, body in (
        ("close/", {"outcome": "partly"}),
        ("tasks/", {"description": "x", "due_on": timezone.localdate().isoformat()}),
    ):
        assert system("POST", f"/referrals/{referral_id}/{path}", body).status_code == 404
    assert system.refusals() == 2
    assert Referral.objects.get(uuid=referral_id).closed_at is None


def test_plan_actions_added_by_the_assessment_are_changed_the_same_way(
    shelter_system, open_case, caseworker
):
    case = open_case()
    assistance.assessment_record(
        actor=Actor.for_user(caseworker),
        case=case,
        answers={"no_safe_place_tonight": "yes"},
        assessed_on=timezone.localdate(),
        jurisdiction="IT",
    )
    item = case.plan_items.first()
    response = shelter_system(
        "PATCH", f"/cases/{case.uuid}/plan/actions/{item.uuid}/", {"status": "declined_by_person"}
    )
    assert response.status_code == 200, response.json()
    item.refresh_from_db()
    assert item.status == "declined_by_person"


def test_the_example_of_the_documentation_is_saved(shelter_system, open_case):
    """docs/api.md's example, with a promise, a deduction not agreed and no exchange rate."""
    case = open_case()
    body = {
        "jurisdiction": "GB",
        "sector": "general",
        "currency": "GBP",
        "employer": "Green Fields Ltd",
        "periods": [
            {
                "start": "2025-04-07",
                "end": "2025-05-04",
                "hours_per_day": "8",
                "days_per_week": "5",
                "paid_amount": "1000",
                "paid_per": "period",
                "promised_amount": "2000",
                "promised_per": "month",
                "deduction_amount": "200",
                "deduction_reason": "accommodation",
                "deduction_agreed": "no",
            }
        ],
        "fees": [{"amount": "350", "category": "recruitment-fee", "paid_on": "2025-03-01"}],
        "rate_from": "",
        "rate": "",
        "rate_to": "",
        "rate_on": None,
        "rate_source": "",
    }
    response = shelter_system("POST", f"/cases/{case.uuid}/wage-claims/", body)
    assert response.status_code == 201, response.json()
    period = response.json()["facts"]["periods"][0]
    assert period["promised"] == {"amount": "2000", "currency": "GBP", "per": "month"}
    assert period["deductions"][0]["agreed"] is False


# --- notes and the timeline -------------------------------------------------------------------


def test_a_system_adds_a_note_and_an_event_to_the_case(shelter_system, open_case):
    case = open_case()
    today = timezone.localdate().isoformat()
    note = shelter_system(
        "POST", f"/cases/{case.uuid}/notes/", {"body": "Called the shelter", "note_date": today}
    )
    assert note.status_code == 201, note.json()
    notes = shelter_system("GET", f"/cases/{case.uuid}/notes/").json()["results"]
    assert [row["body"] for row in notes] == ["Called the shelter"]
    event = shelter_system(
        "POST",
        f"/cases/{case.uuid}/events/",
        {"type": "Recruitment", "date": "2025-02-01", "country": "NP", "city": "Kathmandu"},
    )
    assert event.status_code == 201, event.json()
    assert case.events.get().city == "Kathmandu"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="caseevent", actor=shelter_system.account
    ).exists()


def test_a_note_or_event_in_the_future_names_the_field_and_writes_nothing(
    shelter_system, open_case
):
    case = open_case()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    note = shelter_system(
        "POST", f"/cases/{case.uuid}/notes/", {"body": "x", "note_date": tomorrow}
    )
    assert note.status_code == 400
    assert "note_date" in note.json()["errors"]
    event = shelter_system(
        "POST", f"/cases/{case.uuid}/events/", {"type": "Transit", "date": tomorrow}
    )
    assert event.status_code == 400
    assert "date" in event.json()["errors"]
    nowhere = shelter_system(
        "POST", f"/cases/{case.uuid}/events/", {"type": "Transit", "country": "QQ"}
    )
    assert nowhere.status_code == 400
    assert "country" in nowhere.json()["errors"]
    assert not case.notes.exists()
    assert not case.events.exists()


def test_another_organisations_notes_are_not_found_and_the_attempt_audited(
    partner_system, open_case
):
    case = open_case()
    before = partner_system.refusals()
    today = timezone.localdate().isoformat()
    assert partner_system("GET", f"/cases/{case.uuid}/notes/").status_code == 404
    response = partner_system(
        "POST", f"/cases/{case.uuid}/notes/", {"body": "x", "note_date": today}
    )
    assert response.status_code == 404
    assert partner_system.refusals() == before + 2
    assert not case.notes.exists()
