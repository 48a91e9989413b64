"""Follow-up reminders through the assistance app's daily reminder job."""

from __future__ import annotations

import datetime as dt

import pytest

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance.models import Notification
from needsfirst.web.assistance.services.reminders import REMINDER_SOURCES
from needsfirst.web.handover import services
from needsfirst.web.handover.reminders import follow_up_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(caseworker, receiver, sent_case, returns_ngo, give_consent):
    give_consent(sent_case, returns_ngo)
    handover = services.handover_send(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        recipient=returns_ngo,
        kind="return",
        sections=["identity"],
    )
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    handover.refresh_from_db()
    return handover


def test_the_reminder_job_knows_the_hand_over_follow_ups():
    assert follow_up_reminders in REMINDER_SOURCES


def test_the_receiving_caseworker_is_reminded_a_week_before_and_once_only(accepted, receiver):
    three = accepted.follow_ups.get(months=3)
    assert follow_up_reminders(three.due_on - dt.timedelta(days=8)) == []
    made = follow_up_reminders(three.due_on - dt.timedelta(days=7))
    assert [(n.user, n.text_code, n.params["months"]) for n in made] == [
        (receiver, "handover_follow_up_due", "3")
    ]
    assert follow_up_reminders(three.due_on - dt.timedelta(days=6)) == []
    text = made[0].text
    assert accepted.new_case.reference in text
    assert "Blessing" not in text


def test_an_overdue_follow_up_is_reminded_and_a_recorded_one_is_not(accepted, receiver):
    three = accepted.follow_ups.get(months=3)
    late = three.due_on + dt.timedelta(days=2)
    made = follow_up_reminders(late)
    assert [n.text_code for n in made] == ["handover_follow_up_overdue"]
    services.follow_up_record(
        actor=Actor.for_user(receiver),
        follow_up=three,
        done_on=accepted.accepted_on,
        outcome="well",
    )
    Notification.objects.all().delete()
    assert follow_up_reminders(late) == []


def test_the_sending_organisation_is_never_reminded(accepted, caseworker):
    for follow_up in accepted.follow_ups.all():
        follow_up_reminders(follow_up.due_on)
    assert not Notification.objects.filter(user=caseworker).exists()
