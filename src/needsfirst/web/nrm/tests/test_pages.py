"""The pages, through the client: the forms post to the services and answer in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.conftest import signed_in
from needsfirst.web.nrm import services
from needsfirst.web.nrm.models import (
    ChallengeOutcome,
    NrmChallenge,
    NrmKind,
    NrmReferral,
    NrmStatus,
    Stage,
)

pytestmark = pytest.mark.django_db


def test_a_child_by_age_has_the_child_box_ticked(
    open_case: Any, caseworker: Any, authority: Any
) -> None:
    young = open_case("Young", "Person", estimated_age=15)
    adult = open_case("Grown", "Person", estimated_age=30)
    client = signed_in(caseworker)
    assert client.get(reverse("nrm:case", args=[young.uuid])).context["form"]["child"].value()
    assert not client.get(reverse("nrm:case", args=[adult.uuid])).context["form"]["child"].value()


def test_the_first_responder_sends_an_anonymous_notification_from_the_page(
    caseworker: Any, case_for_nrm: Any, authority: Any
) -> None:
    response = signed_in(caseworker).post(
        reverse("nrm:case", args=[case_for_nrm.uuid]),
        {
            "authority": authority.pk,
            "exploitation": "domestic",
            "account": "Kept indoors.",
            "action": "notify",
        },
    )
    assert response.status_code == 302
    notice = NrmReferral.objects.get()
    assert notice.kind == NrmKind.NOTIFICATION
    assert notice.person_name == ""


def test_an_adult_without_consent_sees_why_on_the_page(
    caseworker: Any, case_for_nrm: Any, authority: Any
) -> None:
    response = signed_in(caseworker).post(
        reverse("nrm:case", args=[case_for_nrm.uuid]),
        {"authority": authority.pk, "exploitation": "labour", "account": "x", "action": "refer"},
    )
    assert response.status_code == 400
    assert "Referral refused" in response.content.decode()
    assert not NrmReferral.objects.exists()


def test_reconsideration_is_asked_and_answered_through_the_pages(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    decision = services.nrm_decide(
        actor=Actor.for_user(coordinator),
        referral_uuid=referred.uuid,
        stage=Stage.REASONABLE_GROUNDS,
        positive=False,
        decided_on=timezone.localdate(),
        evidence="The account.",
        reasons="Too little.",
    )
    prefix = str(decision.uuid)
    asked = signed_in(caseworker).post(
        reverse("nrm:challenge", args=[referred.case.uuid, decision.uuid]),
        {
            f"{prefix}-kind": "reconsideration",
            f"{prefix}-requested_on": timezone.localdate().isoformat(),
            f"{prefix}-grounds": "A medical report.",
        },
    )
    assert asked.status_code == 302
    challenge = NrmChallenge.objects.get()
    page = signed_in(coordinator).get(reverse("nrm:authority_referral", args=[referred.uuid]))
    assert "A medical report." in page.content.decode()
    answered = signed_in(coordinator).post(
        reverse("nrm:resolve", args=[referred.uuid, challenge.uuid]),
        {f"{challenge.uuid}-outcome": "changed"},
    )
    assert answered.status_code == 302
    challenge.refresh_from_db()
    referred.refresh_from_db()
    assert challenge.outcome == ChallengeOutcome.CHANGED
    assert referred.status == NrmStatus.AWAITING_FIRST


def test_a_decision_form_with_an_empty_reason_answers_400_naming_the_field(
    referred: Any, coordinator: Any
) -> None:
    response = signed_in(coordinator).post(
        reverse("nrm:decide", args=[referred.uuid]),
        {
            "positive": "yes",
            "decided_on": timezone.localdate().isoformat(),
            "evidence": "x",
            "reasons": "",
        },
    )
    assert response.status_code == 400
    assert 'href="#id_reasons"' in response.content.decode()
