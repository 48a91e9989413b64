"""Never a condition on assistance: needs, the plan and referrals to services work the same
whatever the NRM state (no referral, waiting, negative, consent withdrawn)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.needs import Urgency
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance import services as assistance
from needsfirst.web.cases import services as case_services
from needsfirst.web.conftest import signed_in
from needsfirst.web.nrm import services
from needsfirst.web.nrm.models import Stage
from needsfirst.web.referrals import services as referrals
from needsfirst.web.referrals.models import ServiceProvider

pytestmark = pytest.mark.django_db


def assess_and_refer(caseworker: Any, case: Any, shelter: Any) -> str:
    assistance.assessment_record(
        actor=Actor.for_user(caseworker),
        case=case,
        answers={"serious_injury_or_illness": "yes", "no_safe_place_tonight": "yes"},
        assessed_on=date.today(),
        jurisdiction="GB-ENG",
    )
    provider = ServiceProvider.objects.create(
        owner=shelter,
        organisation=shelter,
        in_needsfirst=True,
        name="Our own clinic",
        type="health",
        domains=["medical_urgent"],
        languages=["ar"],
        country="GB",
        city="Leeds",
        eligibility=["any"],
    )
    referral = referrals.referral_send(
        actor=Actor.for_user(caseworker),
        case=case,
        provider=provider,
        sections=["identity"],
        domain="medical_urgent",
    )
    return str(referral.status)


@pytest.mark.parametrize("state", ["none", "waiting", "negative", "withdrawn"])
def test_needs_plan_and_referrals_do_not_wait_for_the_nrm(
    state: str,
    caseworker: Any,
    coordinator: Any,
    case_for_nrm: Any,
    authority: Any,
    consent_to_authority: Any,
    shelter: Any,
) -> None:
    from needsfirst.web.nrm.tests.conftest import REFERRAL_DATA

    if state != "none":
        referral = services.nrm_refer(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=authority,
            data=REFERRAL_DATA,
        )
        if state == "negative":
            services.nrm_decide(
                actor=Actor.for_user(coordinator),
                referral_uuid=referral.uuid,
                stage=Stage.REASONABLE_GROUNDS,
                positive=False,
                decided_on=timezone.localdate(),
                evidence="The account.",
                reasons="No objective indicator.",
            )
        if state == "withdrawn":
            case_services.consent_withdraw(
                actor=Actor.for_user(caseworker),
                consent=consent_to_authority,
                on=timezone.localdate(),
            )
    assert assess_and_refer(caseworker, case_for_nrm, shelter) == "sent"
    page = signed_in(caseworker).get(reverse("assistance:overview", args=[case_for_nrm.uuid]))
    assert page.status_code == 200
    # the plan holds the urgent actions whatever the NRM said
    assert case_for_nrm.plan_items.filter(urgency=max(Urgency)).exists()
