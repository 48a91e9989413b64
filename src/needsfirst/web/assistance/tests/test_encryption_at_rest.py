"""A dump of the database shows no answer, action text, reason or cooperation note in clear."""

from __future__ import annotations

from datetime import date

import pytest

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance import services
from needsfirst.web.assistance.models import NeedsAssessment
from needsfirst.web.cases.tests.test_encryption_at_rest import dump_database

pytestmark = pytest.mark.django_db

ACTION = "Accompany her to the Zanzibarian clinic on Via Nascosta"
NOTE = "Declined to speak to inspector Quagliarulo"


def test_answers_actions_and_notes_never_reach_the_database_in_clear(caseworker, open_case):
    case = open_case()
    assessment = services.assessment_record(
        actor=Actor.for_user(caseworker),
        case=case,
        answers={"threat_from_exploiter": "yes", "recent_sexual_violence": "yes"},
        assessed_on=date.today(),
        jurisdiction="IT",
    )
    services.plan_action_add(
        actor=Actor.for_user(caseworker),
        case=case,
        domain="medical_urgent",
        action=ACTION,
        role="health_professional",
        due_on=date.today(),
        urgency=4,
        support_plan_type="Health",
    )
    services.cooperation_record(
        actor=Actor.for_user(caseworker),
        case=case,
        status="declined",
        recorded_on=date.today(),
        note=NOTE,
    )

    dump = dump_database()

    for value in (
        "threat_from_exploiter",
        "recent_sexual_violence",
        "Zanzibarian",
        "Quagliarulo",
        "SAFE-THREAT",
        "MED-SEXUAL-VIOLENCE",
        "sexual-violence-care",
    ):
        assert value.lower() not in dump.lower()
    stored = NeedsAssessment.objects.get(pk=assessment.pk)
    assert stored.answers["threat_from_exploiter"] == "yes"
    assert stored.answers["injury"] == "unknown"
