"""The team page lists the most pressing overdue actions a page at a time, with a link to the
next page, so that it costs the same in an organisation with thousands of overdue actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.assistance import selectors
from needsfirst.web.assistance.models import PlanItem

pytestmark = pytest.mark.django_db


def test_the_overdue_list_shows_a_page_earliest_first_and_links_to_the_next(
    supervisor_client, open_case, assess, monkeypatch
):
    for days in (9, 5, 2):
        case = open_case()
        assess(case, threat_from_exploiter="yes")
        PlanItem.objects.filter(case=case).update(
            due_on=timezone.localdate() - timedelta(days=days)
        )
    monkeypatch.setattr(selectors, "TEAM_PAGE_SIZE", 2)
    response = supervisor_client.get(reverse("assistance:team"))
    overdue = response.context["overdue"]
    assert len(overdue) == 2
    assert overdue.object_list[0].due_on == timezone.localdate() - timedelta(days=9)
    assert 'rel="next" href="?overdue_after=' in response.content.decode()


def test_within_one_page_every_overdue_action_is_listed_without_page_links(
    supervisor_client, open_case, assess
):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    PlanItem.objects.filter(case=case).update(due_on=timezone.localdate() - timedelta(days=1))
    response = supervisor_client.get(reverse("assistance:team"))
    assert len(response.context["overdue"]) == PlanItem.objects.filter(case=case).count()
    assert 'rel="next"' not in response.content.decode()
