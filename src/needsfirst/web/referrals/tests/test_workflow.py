"""Inside needsfirst: sent, then accepted, declined or completed; closure; follow-up tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import CaseShare
from needsfirst.web.cases.services import consent_withdraw
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals.models import FollowUpTask, ReferralStatus
from needsfirst.web.referrals.tests.conftest import EVENT, NOTE, PHONE, SAFE_CONTACT

pytestmark = pytest.mark.django_db


def _case_page(client, case):
    return client.get(reverse("cases:detail", args=[case.uuid]))


def test_the_receiving_organisation_sees_nothing_of_the_case_before_acceptance(
    referral, partner_caseworker
):
    client = signed_in(partner_caseworker)
    assert _case_page(client, referral.case).status_code == 404
    page = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    for secret in ("Mohammed", "Testperson", PHONE, SAFE_CONTACT, NOTE, EVENT):
        assert secret not in page
    assert reverse("cases:detail", args=[referral.case.uuid]) not in page


def test_the_inbox_lists_the_referral_for_the_receiving_organisation_only(
    referral, partner_caseworker, caseworker
):
    url = reverse("referrals:inbox")
    detail = reverse("referrals:detail", args=[referral.uuid])
    assert detail in signed_in(partner_caseworker).get(url).content.decode()
    assert detail not in signed_in(caseworker).get(url).content.decode()


def test_after_acceptance_the_receiving_organisation_sees_only_the_referred_sections(
    referral, partner_caseworker
):
    client = signed_in(partner_caseworker)
    response = client.post(reverse("referrals:accept", args=[referral.uuid]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    share = CaseShare.objects.get()
    assert share.consent == referral.consent
    assert sorted(share.sections) == ["events", "identity"]
    page = _case_page(client, referral.case).content.decode()
    assert "Testperson" in page
    assert EVENT in page
    for secret in (PHONE, SAFE_CONTACT, NOTE):
        assert secret not in page
    assert AuditEntry.objects.filter(
        object_id=str(referral.uuid), action=AuditAction.UPDATE, detail__status="accepted"
    ).exists()


def test_the_holding_organisation_cannot_accept_its_own_referral(referral, caseworker):
    response = signed_in(caseworker).post(reverse("referrals:accept", args=[referral.uuid]))
    assert response.status_code == 403
    assert not CaseShare.objects.exists()


def test_a_decline_needs_a_reason_and_opens_nothing(referral, partner_caseworker, caseworker):
    client = signed_in(partner_caseworker)
    url = reverse("referrals:decline", args=[referral.uuid])
    assert client.post(url, {"reason": ""}).status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    response = client.post(url, {"reason": "No place until next month"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "No place until next month"
    assert not CaseShare.objects.exists()
    holder_page = signed_in(caseworker).get(reverse("referrals:detail", args=[referral.uuid]))
    assert "No place until next month" in holder_page.content.decode()
    assert client.post(reverse("referrals:accept", args=[referral.uuid])).status_code == 400


def test_completion_follows_acceptance_and_keeps_the_share(referral, partner_caseworker):
    client = signed_in(partner_caseworker)
    complete = reverse("referrals:complete", args=[referral.uuid])
    assert client.post(complete).status_code == 400, "not before acceptance"
    client.post(reverse("referrals:accept", args=[referral.uuid]))
    assert client.post(complete).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.completed_at is not None
    assert CaseShare.objects.get().revoked_at is None
    assert _case_page(client, referral.case).status_code == 200


def test_withdrawing_the_consent_revokes_the_receiving_organisations_access(
    referral, partner_caseworker, caseworker
):
    client = signed_in(partner_caseworker)
    client.post(reverse("referrals:accept", args=[referral.uuid]))
    assert _case_page(client, referral.case).status_code == 200
    consent_withdraw(
        actor=Actor.for_user(caseworker), consent=referral.consent, on=timezone.localdate()
    )
    assert CaseShare.objects.get().revoked_at is not None
    assert _case_page(client, referral.case).status_code == 404
    holder_page = signed_in(caseworker).get(reverse("referrals:detail", args=[referral.uuid]))
    assert "withdrew the consent" in holder_page.content.decode()


def test_a_referral_whose_consent_was_withdrawn_cannot_be_accepted(
    referral, partner_caseworker, caseworker
):
    consent_withdraw(
        actor=Actor.for_user(caseworker), consent=referral.consent, on=timezone.localdate()
    )
    response = signed_in(partner_caseworker).post(reverse("referrals:accept", args=[referral.uuid]))
    assert response.status_code == 400
    assert not CaseShare.objects.exists()


def test_the_holder_closes_a_referral_with_an_outcome(referral, caseworker, partner_caseworker):
    client = signed_in(caseworker)
    url = reverse("referrals:close", args=[referral.uuid])
    assert client.post(url, {"outcome": ""}).status_code == 400
    assert signed_in(partner_caseworker).post(url, {"outcome": "partly"}).status_code == 403
    response = client.post(url, {"outcome": "service_received", "note": "Seen by a lawyer"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.is_closed
    assert referral.outcome == "service_received"
    assert client.post(url, {"outcome": "partly"}).status_code == 400, "closed once"


def test_follow_up_tasks_have_due_dates_and_can_be_done(referral, caseworker):
    client = signed_in(caseworker)
    url = reverse("referrals:task_add", args=[referral.uuid])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert client.post(url, {"description": "Call", "due_on": yesterday}).status_code == 400
    assert client.post(url, {"description": "Call", "due_on": "not a date"}).status_code == 400
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert (
        client.post(url, {"description": "Call the clinic", "due_on": tomorrow}).status_code == 302
    )
    task = FollowUpTask.objects.get()
    assert task.due_on == tomorrow
    done = reverse("referrals:task_done", args=[referral.uuid, task.uuid])
    assert client.post(done).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_case_page_lists_its_referrals_and_the_claim_link(referral, caseworker):
    page = _case_page(signed_in(caseworker), referral.case).content.decode()
    assert reverse("referrals:detail", args=[referral.uuid]) in page
    assert reverse("referrals:new", args=[referral.case.uuid]) in page
    assert reverse("claims:claim", args=[referral.case.uuid]) in page
