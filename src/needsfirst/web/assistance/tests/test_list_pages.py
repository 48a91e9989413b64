"""The notifications and the team page read a page at a time, never the whole list: every row
once, in order, forwards and back, ties of the sort values broken by the id, and a fixed number
of queries a page however long the list."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.assistance.models import Notification, PlanItem
from needsfirst.web.conftest import walk_pages

pytestmark = pytest.mark.django_db


def _notifications(user, count, *, start=0, case=None):
    # Two notifications at each moment: the id breaks the tie.
    now = timezone.now()
    for n in range(start, start + count):
        with mock.patch("django.utils.timezone.now", return_value=now - timedelta(hours=n // 2)):
            Notification.objects.create(
                user=user,
                kind="task_due",
                text_code="task_due",
                params={"reference": "C-1", "due": "2026-12-04"},
                case=case,
                dedupe_key=f"walk-{n}",
            )


def _newest_first(user):
    return list(
        Notification.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )


def test_walking_the_notifications_shows_each_once_newest_first_both_ways(
    caseworker, caseworker_client, supervisor, open_case, settings
):
    settings.NEEDSFIRST_PAGE_SIZE = 4
    _notifications(caseworker, 13, case=open_case())
    _notifications(supervisor, 3)
    walked = walk_pages(caseworker_client, reverse("assistance:notifications"))
    assert walked["forwards"] == _newest_first(caseworker)
    assert walked["backwards"] == walked["forwards"]
    assert len(walked["pages"]) == 4


def test_a_notifications_page_reads_the_same_queries_however_many_notifications(
    caseworker, caseworker_client, open_case, settings
):
    settings.NEEDSFIRST_PAGE_SIZE = 3
    case = open_case()
    _notifications(caseworker, 7, case=case)
    few = walk_pages(caseworker_client, reverse("assistance:notifications"))["queries"]
    _notifications(caseworker, 30, start=7, case=case)
    many = walk_pages(caseworker_client, reverse("assistance:notifications"))["queries"]
    assert len(many) > len(few)
    assert max(many) == max(few)


def _actions(case, count, *, overdue):
    today = timezone.localdate()
    for n in range(count):
        # Three actions each day, two of them equally urgent: ties on both sort values.
        days = n // 3 + 1
        PlanItem.objects.create(
            case=case,
            key=f"custom-{n}",
            origin="caseworker",
            domain="legal",
            action=f"Action {n}",
            role="caseworker",
            due_on=today - timedelta(days=days) if overdue else today + timedelta(days=days),
            urgency=4 if n % 3 else 3,
            support_plan_type="Legal",
        )


def _most_pressing_first(**filters):
    return list(
        PlanItem.objects.filter(**filters)
        .order_by("due_on", "-urgency", "-id")
        .values_list("pk", flat=True)
    )


def test_walking_each_team_list_shows_each_action_once_most_pressing_first(
    supervisor_client, open_case, monkeypatch
):
    from needsfirst.web.assistance import selectors

    monkeypatch.setattr(selectors, "TEAM_PAGE_SIZE", 4)
    case = open_case()
    _actions(case, 11, overdue=True)
    _actions(case, 10, overdue=False)
    today = timezone.localdate()
    for key, expected in (
        ("overdue", _most_pressing_first(due_on__lt=today)),
        ("urgent", _most_pressing_first(due_on__gte=today, urgency__in=(3, 4))),
    ):
        walked = walk_pages(supervisor_client, reverse("assistance:team"), key=key)
        assert walked["forwards"] == expected
        assert walked["backwards"] == expected
        assert len(walked["pages"]) == 3


def test_a_team_page_reads_the_same_queries_however_many_actions(
    supervisor_client, open_case, monkeypatch
):
    from needsfirst.web.assistance import selectors

    monkeypatch.setattr(selectors, "TEAM_PAGE_SIZE", 3)
    _actions(open_case(), 7, overdue=True)
    few = walk_pages(supervisor_client, reverse("assistance:team"), key="overdue")["queries"]
    _actions(open_case(), 30, overdue=True)
    many = walk_pages(supervisor_client, reverse("assistance:team"), key="overdue")["queries"]
    assert len(many) > len(few)
    assert max(many) == max(few)
