"""Attacker tests: other organisations' ids, other roles, the world changing between steps,
and the sending side reading beyond the follow-up the person consented to."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, SharingPurpose
from needsfirst.web.cases.services import consent_withdraw
from needsfirst.web.conftest import signed_in
from needsfirst.web.handover import services
from needsfirst.web.handover.models import Handover, HandoverStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(caseworker, sent_case, returns_ngo, give_consent):
    give_consent(sent_case, returns_ngo)
    return services.handover_send(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        recipient=returns_ngo,
        kind="return",
        sections=["identity", "notes"],
    )


def _accept(receiver, handover):
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    handover.refresh_from_db()
    return handover


def test_another_organisation_gets_404_for_the_hand_over_and_the_attempt_is_audited(
    handover, make_user, other_ngo, shelter
):
    intruder = signed_in(make_user(Role.CASEWORKER, other_ngo, "intruder"))
    for name in ("handover:detail",):
        assert intruder.get(reverse(name, args=[handover.uuid])).status_code == 404
    for name in ("handover:accept", "handover:decline"):
        assert intruder.post(reverse(name, args=[handover.uuid])).status_code == 404
    refused = AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, object_id=str(handover.uuid)
    )
    assert refused.count() == 3
    # The refusal shows on the sending organisation's trail, whose record was guessed.
    assert set(refused.values_list("holder_id", flat=True)) == {shelter.pk}
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.SENT


def test_another_organisation_cannot_hand_over_a_case_it_does_not_hold(
    sent_case, make_user, other_ngo
):
    intruder = signed_in(make_user(Role.CASEWORKER, other_ngo, "intruder"))
    assert intruder.get(reverse("handover:new", args=[sent_case.uuid])).status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, object_id=str(sent_case.uuid)
    ).exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.LABOUR_INSPECTOR, Role.ORGANISATION_ADMIN])
def test_analysts_inspectors_and_administrators_of_either_side_see_nothing(
    handover, make_user, returns_ngo, shelter, role
):
    for organisation in (shelter, returns_ngo):
        client = signed_in(make_user(role, organisation, f"{role}-{organisation.pk}"))
        assert client.get(reverse("handover:list")).status_code == 403
        assert client.get(reverse("handover:detail", args=[handover.uuid])).status_code == 403
        assert client.post(reverse("handover:accept", args=[handover.uuid])).status_code == 403
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.SENT


def test_the_sender_cannot_accept_its_own_hand_over(handover, caseworker):
    with pytest.raises(PermissionDenied):
        services.handover_accept(actor=Actor.for_user(caseworker), handover=handover)
    response = signed_in(caseworker).post(reverse("handover:accept", args=[handover.uuid]))
    assert response.status_code == 403
    response = signed_in(caseworker).post(
        reverse("handover:decline", args=[handover.uuid]), {"reason": "Changed our mind"}
    )
    assert response.status_code == 403
    refused = AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, object_id=str(handover.uuid), actor=caseworker
    )
    assert sorted(entry.detail["view"] for entry in refused) == [
        "handover_accept",
        "handover_decline",
    ]
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.SENT


def test_a_consent_withdrawn_between_sending_and_accepting_refuses_the_acceptance(
    handover, receiver, caseworker
):
    consent_withdraw(
        actor=Actor.for_user(caseworker), consent=handover.consent, on=timezone.localdate()
    )
    cases_before = Case.objects.count()
    response = signed_in(receiver).post(reverse("handover:accept", args=[handover.uuid]))
    assert response.status_code == 400
    assert "consent to this hand-over is no longer in force" in response.content.decode()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.SENT
    assert handover.new_case is None
    assert Case.objects.count() == cases_before
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__reason="consent_withdrawn"
    ).exists()


def test_a_receiving_organisation_that_moved_country_cannot_accept(handover, receiver, returns_ngo):
    Organisation.objects.filter(pk=returns_ngo.pk).update(country="GH")
    with pytest.raises(ValidationError, match="country changed"):
        services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    assert Handover.objects.get(pk=handover.pk).new_case is None


def test_a_receiver_who_moved_to_another_organisation_can_no_longer_answer(
    handover, receiver, other_ngo
):
    receiver.organisation = other_ngo
    receiver.save()
    response = signed_in(receiver).post(reverse("handover:accept", args=[handover.uuid]))
    assert response.status_code == 404
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.SENT


def test_a_hand_over_cannot_be_answered_twice(handover, receiver):
    _accept(receiver, handover)
    with pytest.raises(ValidationError, match="already answered"):
        services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    assert Case.objects.filter(organisation=handover.recipient).count() == 1


def test_the_sender_cannot_open_the_new_case(handover, receiver, caseworker):
    handover = _accept(receiver, handover)
    client = signed_in(caseworker)
    assert client.get(reverse("cases:detail", args=[handover.new_case.uuid])).status_code == 404
    assert (
        client.get(reverse("assistance:overview", args=[handover.new_case.uuid])).status_code == 404
    )


def test_the_sender_sees_no_follow_up_without_the_persons_consent(handover, receiver, caseworker):
    handover = _accept(receiver, handover)
    follow_up = handover.follow_ups.get(months=3)
    services.follow_up_record(
        actor=Actor.for_user(receiver),
        follow_up=follow_up,
        done_on=timezone.localdate(),
        outcome="needs_support",
        note="Lives with her aunt in Edo State",
    )
    page = signed_in(caseworker).get(reverse("handover:detail", args=[handover.uuid]))
    text = page.content.decode()
    assert "Lives with her aunt" not in text
    assert "Settled, still needs support" not in text
    assert "has not consented to share the follow-up" in text


def test_the_sender_sees_the_follow_up_while_consented_and_not_after_withdrawal(
    caseworker, receiver, sent_case, returns_ngo, shelter, give_consent
):
    give_consent(sent_case, returns_ngo)
    give_consent(sent_case, shelter, purpose=SharingPurpose.FOLLOW_UP_BACK)
    handover = services.handover_send(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        recipient=returns_ngo,
        kind="return",
        sections=["identity"],
    )
    handover = _accept(receiver, handover)
    services.follow_up_record(
        actor=Actor.for_user(receiver),
        follow_up=handover.follow_ups.get(months=3),
        done_on=timezone.localdate(),
        outcome="well",
        note="Started a tailoring course",
    )
    sender = signed_in(caseworker)
    url = reverse("handover:detail", args=[handover.uuid])
    text = sender.get(url).content.decode()
    assert "Settled, doing well" in text
    assert "Started a tailoring course" in text
    # No form to write the follow-up on the sending side, and no way to record it.
    assert reverse("handover:follow_up", args=[handover.uuid, 6]) not in text
    response = sender.post(
        reverse("handover:follow_up", args=[handover.uuid, 6]),
        {"m6-done_on": timezone.localdate().isoformat(), "m6-outcome": "well"},
    )
    assert response.status_code == 404
    # The person withdraws, on the receiving side: the sender sees nothing from that moment.
    carried = handover.new_case.consents.get(purpose=SharingPurpose.FOLLOW_UP_BACK)
    consent_withdraw(actor=Actor.for_user(receiver), consent=carried, on=timezone.localdate())
    text = sender.get(url).content.decode()
    assert "Started a tailoring course" not in text
    assert "Settled, doing well" not in text


def test_a_follow_up_date_before_the_acceptance_or_in_the_future_is_refused(handover, receiver):
    handover = _accept(receiver, handover)
    response = signed_in(receiver).post(
        reverse("handover:follow_up", args=[handover.uuid, 3]),
        {"m3-done_on": "2001-01-01", "m3-outcome": "well"},
    )
    assert response.status_code == 400
    assert "between the acceptance of the case and today" in response.content.decode()
    assert handover.follow_ups.get(months=3).done_on is None


def test_a_receiving_user_of_a_third_organisation_with_the_same_name_pattern_sees_nothing(
    handover, make_user
):
    lookalike = Organisation.objects.create(
        name="Benin City Reintegration Centre 2", type=OrganisationType.NGO, country="NG"
    )
    client = signed_in(make_user(Role.CASEWORKER, lookalike, "lookalike"))
    page = client.get(reverse("handover:list")).content.decode()
    assert "Blessing" not in page
    assert client.get(reverse("handover:detail", args=[handover.uuid])).status_code == 404


def test_the_follow_up_read_back_is_on_the_receiving_organisations_trail(
    caseworker, receiver, sent_case, returns_ngo, shelter, give_consent
):
    give_consent(sent_case, returns_ngo)
    give_consent(sent_case, shelter, purpose=SharingPurpose.FOLLOW_UP_BACK)
    handover = services.handover_send(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        recipient=returns_ngo,
        kind="resettlement",
        sections=["identity"],
    )
    handover = _accept(receiver, handover)
    signed_in(caseworker).get(reverse("handover:detail", args=[handover.uuid]))
    reads = AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=str(handover.uuid), actor=caseworker
    )
    assert set(reads.values_list("holder_id", flat=True)) == {shelter.pk, returns_ngo.pk}
    assert all(entry.detail["follow_ups"] == 3 for entry in reads)
