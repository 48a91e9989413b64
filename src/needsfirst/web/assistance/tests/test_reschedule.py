"""Rescheduling a plan action: never into the past (the core's rule), audited, errors by field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def _url(item):
    return reverse("assistance:action_reschedule", args=[item.case.uuid, item.uuid])


@pytest.fixture
def item(open_case, assess):
    case = open_case()
    assess(case, no_safe_place_tonight="yes")
    return PlanItem.objects.filter(case=case).order_by("id").first()


def test_the_plan_page_offers_a_reschedule_form_for_each_open_action(caseworker_client, item):
    page = caseworker_client.get(reverse("assistance:overview", args=[item.case.uuid]))
    assert _url(item) in page.content.decode()


def test_a_caseworker_moves_an_action_to_a_later_day_and_it_is_audited(caseworker_client, item):
    before = item.due_on
    later = timezone.localdate() + timedelta(days=10)
    response = caseworker_client.post(_url(item), {"due_on": later.isoformat()})
    assert response.status_code == 302
    assert response["Location"].endswith("#plan")
    item.refresh_from_db()
    assert item.due_on == later
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(item.uuid))
    assert entry.detail["fields"] == ["due_on"]
    assert entry.detail["from"] == before.isoformat()
    assert entry.detail["to"] == later.isoformat()


def test_today_is_allowed(caseworker_client, item):
    today = timezone.localdate()
    assert caseworker_client.post(_url(item), {"due_on": today.isoformat()}).status_code == 302
    item.refresh_from_db()
    assert item.due_on == today


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("past", "This date is in the past"),
        ("", "This field is required"),
        ("31/02/2025", "Enter a valid date"),
        ("tomorrow", "Enter a valid date"),
    ],
)
def test_a_bad_date_is_refused_with_the_message_on_the_field_and_nothing_changes(
    caseworker_client, item, value, message
):
    before = item.due_on
    if value == "past":
        value = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = caseworker_client.post(_url(item), {"due_on": value})
    assert response.status_code == 400
    form = response.context["form"]
    assert "due_on" in form.errors
    assert message in " ".join(form.errors["due_on"])
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.due_on == before
    assert not AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(item.uuid)
    ).exists()


def test_get_is_not_allowed(caseworker_client, item):
    assert caseworker_client.get(_url(item)).status_code == 405


def test_another_organisation_gets_not_found(item, make_user, other_ngo):
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo))
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert stranger.post(_url(item), {"due_on": later}).status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.LABOUR_INSPECTOR, Role.ORGANISATION_ADMIN])
def test_roles_without_cases_are_refused(item, make_user, shelter, role):
    client = signed_in(make_user(role, shelter))
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert client.post(_url(item), {"due_on": later}).status_code == 403
