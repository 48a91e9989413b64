"""The competent authority's decision: recorded apart from the screening, compared with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.screening.models import AuthorityDecision

pytestmark = pytest.mark.django_db

SLAVERY = {
    "as_of": "2024-06-01",
    "jurisdiction": "GB",
    "person__age": "35",
    "movement__crossed_border": "yes",
    "acts__harbouring": "yes",
    "purposes__Slavery": "yes",
    "indicators__D5_isolation_confinement_surveillance": "yes",
    "indicators__D5_violence": "yes",
    "indicators__D5_confiscation_of_documents": "yes",
    "own_view__agreed_to_conditions": "no",
    "own_view__free_to_leave": "no",
}


def decide(client, case, status, on=None):
    return client.post(
        reverse("screening:decision_add", args=[case.uuid]),
        {
            "status": status,
            "decision_making_org": "NonPoliceGovernmentalOrganization",
            "organisation_name": "Single Competent Authority",
            "decided_on": (on or timezone.localdate()).isoformat(),
        },
    )


def test_a_decision_that_differs_from_the_latest_screening_is_shown_as_different(
    caseworker_client, open_case
):
    case = open_case()
    url = reverse("screening:interview", args=[case.uuid])
    caseworker_client.post(url, {"version": "0", "action": "save", **SLAVERY})
    assert decide(caseworker_client, case, "NotAVictimOfTrafficking").status_code == 302
    page = caseworker_client.get(url).content.decode()
    assert "Differs from the latest screening" in page
    assert "Not a victim of trafficking" in page


def test_a_decision_that_agrees_with_the_screening_is_shown_as_agreeing(
    caseworker_client, open_case
):
    case = open_case()
    url = reverse("screening:interview", args=[case.uuid])
    caseworker_client.post(url, {"version": "0", "action": "save", **SLAVERY})
    decide(caseworker_client, case, "ActualVictimOfTrafficking")
    page = caseworker_client.get(url).content.decode()
    assert "Agrees with the latest screening" in page
    assert "Differs from" not in page


def test_a_decision_can_be_recorded_without_any_screening(caseworker_client, open_case):
    case = open_case()
    assert decide(caseworker_client, case, "PossibleVictimOfTrafficking").status_code == 302
    page = caseworker_client.get(reverse("screening:interview", args=[case.uuid]))
    assert "Possible victim of trafficking" in page.content.decode()


def test_a_decision_dated_in_the_future_is_refused(caseworker_client, open_case):
    case = open_case()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = decide(caseworker_client, case, "ActualVictimOfTrafficking", on=tomorrow)
    assert response.status_code == 400
    assert "future" in str(response.context["form"].errors["decided_on"])
    assert not AuthorityDecision.objects.exists()


def test_an_unknown_status_is_refused(caseworker_client, open_case):
    case = open_case()
    response = decide(caseworker_client, case, "Victim")
    assert response.status_code == 400
    assert response.context["form"].errors["status"]


def test_recording_a_decision_leaves_an_audit_entry_without_its_content(
    caseworker_client, caseworker, open_case
):
    case = open_case()
    decide(caseworker_client, case, "ActualVictimOfTrafficking")
    decision = AuthorityDecision.objects.get()
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(decision.uuid))
    assert entry.actor == caseworker
    assert "Single Competent Authority" not in str(entry.detail)
