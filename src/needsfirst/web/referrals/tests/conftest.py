"""Fixtures of the referral tests: a partner organisation's service, consents, a referral."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import (
    Case,
    CaseShareSection,
    Consent,
    ConsentKind,
    EventType,
    SharingPurpose,
)
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import Referral, ServiceProvider

PHONE = "+39 333 1112223"
SAFE_CONTACT = "Ask for Zenobia at the laundrette"
NOTE = "She fears the employer will come to the shelter"
EVENT = "Recruited in Benin City by a woman called Obaseki"


@pytest.fixture
def partner_provider(other_ngo: Organisation) -> ServiceProvider:
    return ServiceProvider.objects.create(
        owner=other_ngo,
        organisation=other_ngo,
        in_needsfirst=True,
        name="Other NGO legal clinic",
        type="legal",
        domains=["legal", "interpretation"],
        languages=["en", "ar"],
        country="IT",
        city="Palermo",
        eligibility=["any"],
    )


@pytest.fixture
def outside_provider(other_ngo: Organisation, shelter: Organisation) -> ServiceProvider:
    return ServiceProvider.objects.create(
        owner=shelter,
        organisation=other_ngo,
        in_needsfirst=False,
        name="Outside clinic",
        type="health",
        domains=["medical_urgent"],
        languages=["it"],
        country="IT",
        city="Catania",
        eligibility=["women", "children"],
    )


@pytest.fixture
def full_case(open_case: Callable[..., Case], caseworker: User) -> Case:
    case = open_case(mobile_phone=PHONE, safe_contact=SAFE_CONTACT, citizenship=["NG"])
    case_services.note_add(
        actor=Actor.for_user(caseworker), case=case, body=NOTE, on=timezone.localdate()
    )
    case_services.event_add(
        actor=Actor.for_user(caseworker),
        case=case,
        data={"type": EventType.RECRUITMENT, "country": "NG", "description": EVENT},
    )
    return case


@pytest.fixture
def give_consent(caseworker: User) -> Callable[..., Consent]:
    def give(
        case: Case, recipient: Organisation, purpose: str = SharingPurpose.REFERRAL
    ) -> Consent:
        return case_services.consent_record(
            actor=Actor.for_user(caseworker),
            case=case,
            data={
                "kind": ConsentKind.DATA_SHARING,
                "granted": True,
                "purpose": purpose,
                "recipient": recipient,
                "method": "written",
                "decided_on": timezone.localdate() - dt.timedelta(days=1),
            },
        )

    return give


@pytest.fixture
def referral(
    full_case: Case,
    partner_provider: ServiceProvider,
    give_consent: Callable[..., Consent],
    caseworker: User,
    other_ngo: Organisation,
) -> Referral:
    give_consent(full_case, other_ngo)
    return services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=partner_provider,
        sections=[CaseShareSection.IDENTITY, CaseShareSection.EVENTS],
        domain="legal",
    )


@pytest.fixture
def partner_caseworker(make_user: Callable[..., User], other_ngo: Organisation) -> User:
    return make_user(Role.CASEWORKER, other_ngo, "partner-caseworker")
