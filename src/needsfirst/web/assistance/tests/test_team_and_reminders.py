"""The supervisor's team page, the notifications and the reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance import services
from needsfirst.web.assistance.models import Notification, PlanItem
from needsfirst.web.cases import services as case_services
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def _overdue(case, days: int = 3) -> PlanItem:
    item = case.plan_items.order_by("key").first()
    PlanItem.objects.filter(pk=item.pk).update(due_on=timezone.localdate() - timedelta(days=days))
    return PlanItem.objects.get(pk=item.pk)


def test_the_team_page_shows_overdue_items_of_the_supervisors_organisation_only(
    supervisor_client, open_case, assess, make_user, other_ngo
):
    ours = open_case()
    assess(ours, threat_from_exploiter="yes")
    overdue = _overdue(ours)
    stranger = make_user(Role.CASEWORKER, other_ngo, "stranger")
    theirs = case_services.case_intake(
        actor=Actor.for_user(stranger), person_data={"first_name": "X"}
    )
    services.assessment_record(
        actor=Actor.for_user(stranger),
        case=theirs,
        answers={"threat_from_exploiter": "yes"},
        assessed_on=timezone.localdate(),
        jurisdiction="IT",
    )
    _overdue(theirs)
    response = supervisor_client.get(reverse("assistance:team"))
    assert response.status_code == 200
    assert overdue in response.context["overdue"]
    assert all(i.case.organisation_id == ours.organisation_id for i in response.context["overdue"])
    assert all(i.case.organisation_id == ours.organisation_id for i in response.context["urgent"])
    page = response.content.decode()
    assert ours.reference in page
    assert theirs.reference not in page


def test_the_team_page_lists_open_urgent_needs(supervisor_client, open_case, assess):
    case = open_case()
    assess(case, no_safe_place_tonight="yes")
    response = supervisor_client.get(reverse("assistance:team"))
    assert any(i.domain == "shelter" for i in response.context["urgent"])


def test_a_caseworker_cannot_open_the_team_page(caseworker_client):
    assert caseworker_client.get(reverse("assistance:team")).status_code == 403


def test_reminders_are_created_once_and_emailed(caseworker, open_case, assess):
    caseworker.email = "caseworker@example.invalid"
    caseworker.save()
    case = open_case()
    assess(case, threat_from_exploiter="yes")  # due today
    first = services.reminders_send()
    assert first["created"] >= 1
    assert first["emailed"] == first["created"]
    assert len(mail.outbox) == first["created"]
    assert case.reference in mail.outbox[0].body
    again = services.reminders_send()
    assert again == {"created": 0, "emailed": 0}
    assert len(mail.outbox) == first["created"]
    assert Notification.objects.filter(user=caseworker).count() == first["created"]


def test_a_reflection_period_ending_soon_is_reminded_once_per_reminder_date(caseworker, open_case):
    case = open_case()
    start = timezone.localdate() - timedelta(days=20)
    period = services.reflection_period_start(
        actor=Actor.for_user(caseworker), case=case, jurisdiction="FR", starts_on=start
    )  # 30 days: ends in 9 days, the 14-day reminder has passed
    assert period.ends_on == start + timedelta(days=29)
    services.reminders_send()
    services.reminders_send()
    ending = Notification.objects.filter(user=caseworker, kind="reflection_ending")
    assert ending.count() == 1
    assert period.ends_on.isoformat() in ending.get().text
    services.reminders_send(today=period.ends_on - timedelta(days=1))
    assert ending.count() == 2


def test_the_send_reminders_command_runs_through_the_job_queue(caseworker, open_case, assess):
    case = open_case()
    assess(case, injury="yes")
    from io import StringIO

    out = StringIO()
    call_command(
        "send_reminders",
        "--today",
        (date.today() + timedelta(days=1)).isoformat(),
        stdout=out,
    )
    assert "reminders created" in out.getvalue()
    assert Notification.objects.filter(user=caseworker).exists()


def test_the_notifications_page_lists_and_marks_read(
    caseworker, caseworker_client, open_case, assess
):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    services.reminders_send()
    page = caseworker_client.get(reverse("assistance:notifications")).content.decode()
    assert case.reference in page
    notification = Notification.objects.filter(user=caseworker).first()
    response = caseworker_client.post(
        reverse("assistance:notification_read", args=[notification.uuid])
    )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_notifications_page_isolates_the_reference_and_the_date_in_arabic(
    caseworker, caseworker_client, open_case, assess
):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    services.reminders_send()
    notification = Notification.objects.filter(user=caseworker, params__reference=case.reference)
    due = notification.first().params["due"]
    page = caseworker_client.get(
        reverse("assistance:notifications"), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert f"<bdi>{case.reference}</bdi>" in page
    assert f"<bdi>{due}</bdi>" in page


def test_a_notification_value_is_escaped_inside_its_bdi(caseworker):
    notification = Notification(
        user=caseworker,
        kind="task_due",
        text_code="claim_hearing",
        params={"reference": "<script>x</script>", "due": "2026-01-02"},
    )
    html = str(notification.html)
    assert "<script>" not in html
    assert "<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>" in html
    assert "<bdi>2026-01-02</bdi>" in html


def test_someone_elses_notification_answers_not_found(supervisor, caseworker, open_case, assess):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    services.reminders_send()
    notification = Notification.objects.filter(user=caseworker).first()
    response = signed_in(supervisor).post(
        reverse("assistance:notification_read", args=[notification.uuid])
    )
    assert response.status_code == 404


def test_due_tasks_show_on_the_start_page(caseworker_client, open_case, assess):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    page = caseworker_client.get(reverse("home")).content.decode()
    assert reverse("assistance:overview", args=[case.uuid]) in page


def test_the_service_refuses_to_mark_someone_elses_notification_read(
    supervisor, caseworker, open_case, assess
):
    case = open_case()
    assess(case, threat_from_exploiter="yes")
    services.reminders_send()
    notification = Notification.objects.filter(user=caseworker).first()
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=Actor.for_user(supervisor), notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None
