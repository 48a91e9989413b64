"""Subject access and erasure reach the hand-overs and their follow-ups."""

from __future__ import annotations

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.cases.exports import case_related_data
from needsfirst.web.cases.services import ERASED, person_erase
from needsfirst.web.handover import services
from needsfirst.web.handover.models import FollowUp, Handover

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(caseworker, receiver, sent_case, returns_ngo, give_consent):
    give_consent(sent_case, returns_ngo)
    handover = services.handover_send(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        recipient=returns_ngo,
        kind="onward",
        sections=["identity"],
        message="She will stay with her cousin in Accra",
    )
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    handover.refresh_from_db()
    services.follow_up_record(
        actor=Actor.for_user(receiver),
        follow_up=handover.follow_ups.get(months=3),
        done_on=timezone.localdate(),
        outcome="well",
        note="Works at a bakery",
    )
    return handover


def test_the_sending_case_export_holds_the_hand_over_and_the_new_case_its_follow_ups(accepted):
    sent = case_related_data(accepted.case)
    assert [row["message"] for row in sent["handovers"]] == [
        "She will stay with her cousin in Accra"
    ]
    received = case_related_data(accepted.new_case)
    assert "Works at a bakery" in [row["note"] for row in received["handover_follow_ups"]]


def test_erasure_blanks_the_message_and_the_follow_up_notes(accepted, caseworker, receiver):
    person_erase(actor=Actor.for_user(caseworker), person=accepted.case.person)
    assert Handover.objects.get(pk=accepted.pk).message in ("", ERASED)
    person_erase(actor=Actor.for_user(receiver), person=accepted.new_case.person)
    assert FollowUp.objects.get(handover=accepted, months=3).note in ("", ERASED)
