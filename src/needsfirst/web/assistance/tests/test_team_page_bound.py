"""The team page lists the most pressing overdue actions up to a limit, and says so, so that it
costs the same in an organisation with thousands of overdue actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.assistance import selectors
from needsfirst.web.assistance.models import PlanItem

pytestmark = pytest.mark.django_db


def test_the_overdue_list_stops_at_the_limit_earliest_first_and_says_so(
    supervisor_client, open_case, assess, monkeypatch
):
    for days in (9, 5, 2):
        case = open_case()
        assess(case, threat_from_exploiter="yes")
        PlanItem.objects.filter(case=case).update(
            due_on=timezone.localdate() - timedelta(days=days)
        )
    monkeypatch.setattr(selectors, "TEAM_LIMIT", 2)
    response = supervisor_client.get(reverse("assistance:team"))
    overdue = response.context["overdue"]
    assert len(overdue) == 2
    assert overdue[0].due_on == timezone.localdate() - timedelta(days=9)
    assert "Only the 2 most pressing are listed here." in response.content.decode()


def test_below_the_limit_every_overdue_action_is_listed_without_the_note(
    supervisor_client, open_case, assess
):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    PlanItem.objects.filter(case=case).update(due_on=timezone.localdate() - timedelta(days=1))
    response = supervisor_client.get(reverse("assistance:team"))
    assert len(response.context["overdue"]) == PlanItem.objects.filter(case=case).count()
    assert "most pressing are listed" not in response.content.decode()
