"""Fixtures of the hand-over tests: a shelter in Italy holding a case, a returns organisation
in Nigeria that will take it, and the person's consents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, Consent, ConsentKind, EventType, SharingPurpose

NOTE = "She fears the employer will come to the shelter"
SAFE_CONTACT = "Ask for Zenobia at the laundrette"
EVENT = "Recruited in Benin City by a woman called Obaseki"


@pytest.fixture
def returns_ngo(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Benin City Reintegration Centre", type=OrganisationType.NGO, country="NG"
    )


@pytest.fixture
def receiver(make_user: Callable[..., User], returns_ngo: Organisation) -> User:
    return make_user(Role.CASEWORKER, returns_ngo, "receiver")


@pytest.fixture
def sent_case(caseworker: User) -> Case:
    actor = Actor.for_user(caseworker)
    case = case_services.case_intake(
        actor=actor,
        person_data={
            "first_name": "Blessing",
            "second_name": "Okoro",
            "estimated_age": 24,
            "citizenship": ["NG"],
            "mobile_phone": "+39 333 1112223",
            "safe_contact": SAFE_CONTACT,
        },
    )
    case_services.note_add(actor=actor, case=case, body=NOTE, on=timezone.localdate())
    case_services.event_add(
        actor=actor,
        case=case,
        data={"type": EventType.RECRUITMENT, "country": "NG", "description": EVENT},
    )
    case_services.document_add(
        actor=actor, case=case, data={"type": "passport", "number": "A1234567", "held_by": "person"}
    )
    return case


@pytest.fixture
def give_consent(caseworker: User) -> Callable[..., Consent]:
    def give(
        case: Case,
        recipient: Organisation,
        *,
        purpose: str = SharingPurpose.TRANSFER,
        days_ago: int = 1,
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
                "decided_on": timezone.localdate() - dt.timedelta(days=days_ago),
            },
        )

    return give
