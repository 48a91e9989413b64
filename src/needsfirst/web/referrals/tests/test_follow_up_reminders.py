"""`send_reminders` also reminds of referral follow-up tasks due by tomorrow or overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance import services as assistance
from needsfirst.web.assistance.models import Notification
from needsfirst.web.cases.models import CaseStatus
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import FollowUpTask, ReferralOutcome

pytestmark = pytest.mark.django_db

TASK = "Call Zenobia at the laundrette about the appointment"


def _task(referral, caseworker, due_in: int = 1) -> FollowUpTask:
    task = services.task_add(
        actor=Actor.for_user(caseworker),
        referral=referral,
        description=TASK,
        due_on=timezone.localdate(),
    )
    # A task may not be set in the past; an overdue one is one whose day has gone by.
    task.due_on = timezone.localdate() + timedelta(days=due_in)
    task.save(update_fields=["due_on"])
    return task


def _follow_ups(user):
    return Notification.objects.filter(user=user, kind="referral_task")


def test_a_task_due_tomorrow_is_reminded_once_without_personal_data(referral, caseworker):
    caseworker.email = "caseworker@example.invalid"
    caseworker.save()
    task = _task(referral, caseworker, due_in=1)
    assistance.reminders_send()
    assistance.reminders_send()
    notice = _follow_ups(caseworker).get()
    assert notice.text_code == "referral_task_due"
    assert notice.params == {
        "reference": referral.case.reference,
        "due": task.due_on.isoformat(),
        "referral": str(referral.uuid),
    }
    assert referral.case.reference in notice.text
    sent = [m for m in mail.outbox if referral.case.reference in m.body]
    assert len(sent) == 1
    for text in (notice.text, sent[0].body, sent[0].subject):
        assert "Zenobia" not in text
        assert "Testperson" not in text


def test_an_overdue_task_is_reminded_and_a_later_one_is_not(referral, caseworker):
    _task(referral, caseworker, due_in=-3)
    _task(referral, caseworker, due_in=5)
    assistance.reminders_send()
    notices = _follow_ups(caseworker)
    assert [n.text_code for n in notices] == ["referral_task_overdue"]
    assert "is not done" in notices.get().text


def test_done_tasks_closed_referrals_and_closed_cases_are_not_reminded(
    referral, caseworker, full_case
):
    done = _task(referral, caseworker, due_in=0)
    services.task_done(actor=Actor.for_user(caseworker), task=done)
    assistance.reminders_send()
    assert not _follow_ups(caseworker).exists()

    _task(referral, caseworker, due_in=0)
    services.referral_close(
        actor=Actor.for_user(caseworker), referral=referral, outcome=ReferralOutcome.NO_CONTACT
    )
    assistance.reminders_send()
    assert not _follow_ups(caseworker).exists()


def test_a_task_of_a_closed_case_is_not_reminded(referral, caseworker):
    _task(referral, caseworker, due_in=0)
    referral.case.status = CaseStatus.CLOSED
    referral.case.save(update_fields=["status"])
    assistance.reminders_send()
    assert not _follow_ups(caseworker).exists()


def test_without_an_active_setter_the_supervisors_are_told(
    referral, caseworker, make_user, shelter
):
    supervisor = make_user(Role.SUPERVISOR, shelter, "follow-up-supervisor")
    _task(referral, caseworker, due_in=0)
    referral.case.assigned_caseworker = None
    referral.case.save(update_fields=["assigned_caseworker"])
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    assistance.reminders_send()
    assert not _follow_ups(caseworker).exists()
    assert _follow_ups(supervisor).get().text_code == "referral_task_due"


def test_the_command_reminds_and_the_notification_links_to_the_referral(referral, caseworker):
    from io import StringIO

    _task(referral, caseworker, due_in=1)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders created" in out.getvalue()
    assert _follow_ups(caseworker).exists()
    page = signed_in(caseworker).get(reverse("assistance:notifications"))
    assert reverse("referrals:detail", args=[referral.uuid]) in page.content.decode()
