"""A partner's answer (accepted, declined, completed) reaches the referring organisation's
caseworkers in the app and by e-mail: the case reference and the status, no personal data,
and nothing to anyone of another organisation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.cases.models import Case
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import ReferralStatus
from needsfirst.web.referrals.tests.conftest import EVENT, NOTE, PHONE, SAFE_CONTACT

pytestmark = pytest.mark.django_db

SECRETS = ("Mohammed", "Testperson", PHONE, SAFE_CONTACT, NOTE, EVENT)


def _answer(client, referral, action, data=None):
    return client.post(reverse(f"referrals:{action}", args=[referral.uuid]), data or {})


def _accept(client, referral):
    assert _answer(client, referral, "accept").status_code == 302


ANSWERS = {
    "accepted": lambda client, referral: _accept(client, referral),
    "declined": lambda client, referral: _answer(
        client, referral, "decline", {"reason": "No place this week"}
    ),
    "completed": lambda client, referral: (
        _accept(client, referral),
        _answer(client, referral, "complete"),
    ),
}


@pytest.mark.parametrize("status", list(ANSWERS))
def test_each_answer_notifies_the_referring_caseworker_in_the_app_and_by_email(
    referral,
    caseworker,
    partner_caseworker,
    status,
    django_capture_on_commit_callbacks,
):
    caseworker.email = "caseworker@shelter.example"
    caseworker.save(update_fields=["email"])
    partner_caseworker.email = "partner@ngo.example"
    partner_caseworker.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        ANSWERS[status](signed_in(partner_caseworker), referral)
    referral.refresh_from_db()
    assert referral.status == status

    notice = Notification.objects.filter(user=caseworker).latest("created_at")
    assert notice.kind == NotificationKind.REFERRAL_ANSWER
    assert notice.case == referral.case
    assert referral.case.reference in notice.text
    assert status in notice.text
    assert notice.emailed_at is not None

    sent = [m for m in mail.outbox if status in m.body]
    assert [m.to for m in sent] == [["caseworker@shelter.example"]]
    assert referral.case.reference in sent[0].body
    for message in mail.outbox:
        assert message.to == ["caseworker@shelter.example"]
        for secret in SECRETS:
            assert secret not in message.subject
            assert secret not in message.body
    for secret in SECRETS:
        assert secret not in notice.text
        assert secret not in str(notice.params)

    # The answering organisation is told nothing of its own answer.
    assert not Notification.objects.filter(user=partner_caseworker).exists()


def test_the_notification_page_links_to_the_referral(referral, caseworker, partner_caseworker):
    _accept(signed_in(partner_caseworker), referral)
    page = signed_in(caseworker).get(reverse("assistance:notifications")).content.decode()
    assert f"<bdi>{referral.case.reference}</bdi> was accepted" in page
    assert reverse("referrals:detail", args=[referral.uuid]) in page


def test_the_assigned_caseworker_is_told_too_and_nobody_is_told_twice(
    referral, caseworker, make_user, shelter, partner_caseworker
):
    colleague = make_user(Role.CASEWORKER, shelter, "colleague")
    Case.objects.filter(pk=referral.case.pk).update(assigned_caseworker=colleague)
    referral.case.refresh_from_db()
    _accept(signed_in(partner_caseworker), referral)
    _accept_again = _answer(signed_in(partner_caseworker), referral, "accept")
    assert _accept_again.status_code == 400
    assert Notification.objects.filter(user=caseworker).count() == 1
    assert Notification.objects.filter(user=colleague).count() == 1


def test_nobody_of_another_organisation_is_notified_even_if_wrongly_assigned(
    referral, caseworker, make_user, other_ngo, partner_caseworker
):
    # An assignment that should never exist: the guard still keeps the notice at home.
    stranger = make_user(Role.CASEWORKER, other_ngo, "stranger")
    Case.objects.filter(pk=referral.case.pk).update(assigned_caseworker=stranger)
    referral.refresh_from_db()
    services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    assert list(Notification.objects.values_list("user__username", flat=True)) == [
        caseworker.username
    ]
    assert not Notification.objects.filter(user__organisation=other_ngo).exists()


def test_a_former_caseworker_is_not_notified(referral, caseworker, partner_caseworker):
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    services.referral_decline(
        actor=Actor.for_user(partner_caseworker), referral=referral, reason="Full"
    )
    assert referral.status == ReferralStatus.DECLINED
    assert not Notification.objects.exists()


def test_a_refused_answer_notifies_nobody(referral, partner_caseworker):
    response = _answer(signed_in(partner_caseworker), referral, "decline", {"reason": " "})
    assert response.status_code == 400
    assert not Notification.objects.exists()
    assert mail.outbox == []
