"""A shelter with a full record to exchange, and administrators of two organisations."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.assistance.services.plan import plan_action_add
from needsfirst.web.cases import services as cases
from needsfirst.web.cases.models import Case
from needsfirst.web.recruitment.models import Recruiter
from needsfirst.web.recruitment.services import case_party_add
from needsfirst.web.screening.services import authority_decision_record, screening_save

EXAMPLE = Path(__file__).resolve().parents[5] / "examples" / "case.json"


@pytest.fixture
def shelter_admin(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")


@pytest.fixture
def other_admin(make_user: Callable[..., User], other_ngo: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, other_ngo, "other-admin")


@pytest.fixture
def full_case(caseworker: User) -> Case:
    """A case with every kind of record the exchange carries."""
    actor = Actor.for_user(caseworker)
    case = cases.case_intake(
        actor=actor,
        person_data={
            "first_name": "Amina",
            "middle_name": "K.",
            "second_name": "=Testperson",  # a text a spreadsheet would run as a formula
            "birthdate": date(1994, 3, 2),
            "gender": "Feminine",
            "sex": "female",
            "citizenship": ["NP", "IN"],
            "primary_language": "ne",
            "secondary_language": "en",
            "email": "amina@example.org",
            "mobile_phone": "+977980000000",
            "mailing_street": "@12 Garden Road",
            "mailing_city": "Kathmandu",
            "mailing_country": "NP",
            "identity_number": "P1234567",
        },
    )
    cases.event_add(
        actor=actor,
        case=case,
        data={
            "type": "Recruitment",
            "date": date(2024, 9, 15),
            "country": "NP",
            "city": "Pokhara",
            "street": "Agency office",
            "description": "Offered a job as a cook abroad.",
        },
    )
    cases.event_add(
        actor=actor,
        case=case,
        data={"type": "Exploitation", "country": "GB", "date_is_approximate": True},
    )
    facts = json.loads(EXAMPLE.read_text())
    screening_save(actor=actor, case=case, facts=facts, expected_version=0)
    authority_decision_record(
        actor=actor,
        case=case,
        data={
            "status": "PossibleVictimOfTrafficking",
            "decision_making_org": "NonPoliceGovernmentalOrganization",
            "organisation_name": "Single Competent Authority",
            "decided_on": timezone.localdate() - timedelta(days=3),
        },
    )
    plan_action_add(
        actor=actor,
        case=case,
        domain="shelter",
        action="Find a safe shelter place",
        role="shelter_provider",
        due_on=timezone.localdate() + timedelta(days=2),
        urgency=2,
        support_plan_type="SocialCare",
    )
    recruiter = Recruiter.objects.create(name="Sunrise Manpower")
    case_party_add(
        actor=actor, recruiter=recruiter, case_reference=case.reference, role="recruiter"
    )
    case.refresh_from_db()
    return case


def admin_actor(user: User) -> Actor:
    return Actor.for_user(user, address="127.0.0.1")


@pytest.fixture
def as_admin() -> Callable[[User], Actor]:
    return admin_actor


def rows_of(document: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return list(document["tables"][table])
