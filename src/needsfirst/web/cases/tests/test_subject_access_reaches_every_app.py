"""Subject access and erasure cover what every app holds on the person, not only the case app."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.urls import reverse

from needsfirst.web.cases.exports import CASE_DATA
from needsfirst.web.common.fields import EncryptedTextField

pytestmark = pytest.mark.django_db

CASE_RELATED_MODELS_WITHOUT_PERSONAL_DATA = {
    "cases.case",
    "cases.casenote",
    "cases.caseevent",
    "cases.consent",
    "cases.caseshare",
    "assistance.notification",
}


def test_every_model_holding_encrypted_data_about_a_case_is_registered():
    registered = {entry.model.lower() for entry in CASE_DATA}
    for model in apps.get_models():
        label = model._meta.label_lower
        if not label.startswith(("screening.", "assistance.", "referrals.")):
            continue
        encrypted = any(isinstance(f, EncryptedTextField) for f in model._meta.concrete_fields)
        if encrypted and label not in CASE_RELATED_MODELS_WITHOUT_PERSONAL_DATA:
            assert label in registered, f"{label} is not in the subject access export"


def test_the_export_and_the_erasure_reach_the_needs_assessment(
    caseworker, caseworker_client, supervisor_client, open_case
):
    from needsfirst.web.assistance.models import NeedsAssessment

    case = open_case(first_name="Amara")
    NeedsAssessment.objects.create(
        case=case,
        answers={"threat_from_exploiter": "yes"},
        assessed_on="2026-11-01",
        assessed_by=caseworker,
        jurisdiction="IT",
    )
    data = json.loads(caseworker_client.get(reverse("cases:export_json", args=[case.uuid])).content)
    assert data["cases"][0]["needs_assessments"][0]["answers"] == {"threat_from_exploiter": "yes"}

    supervisor_client.post(reverse("cases:erase", args=[case.uuid]), {"confirm": case.reference})
    assert NeedsAssessment.objects.get(case=case).answers == {}
    for name in ("cases:detail", "assistance:overview", "screening:interview"):
        assert supervisor_client.get(reverse(name, args=[case.uuid])).status_code == 200
