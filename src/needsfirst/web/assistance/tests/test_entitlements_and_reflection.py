"""Entitlements now and if identified; reflection periods from the law, whatever cooperation."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.needs import reflection_period_compute
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance import services
from needsfirst.web.assistance.models import CooperationRecord, ReflectionPeriod
from needsfirst.web.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def response_entitlements(case):
    from needsfirst.needs import Category, entitlements_list

    return entitlements_list(
        jurisdiction="IT", category=Category.ANY_MIGRANT, on=timezone.localdate(), child=False
    )


def test_entitlements_show_what_is_owed_now_and_what_more_if_identified_with_sources(
    caseworker_client, open_case, assess
):
    case = open_case()
    assess(case, jurisdiction="IT")
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid])).content.decode()
    assert "What the person is entitled to now" in page
    assert "What more would be owed as: Identified victim" in page
    assert "Under the law of Italy" in page
    assert "applies from" in page
    summary = response_entitlements(case)
    assert summary.now
    assert summary.if_recognised
    for entitlement in summary.now:
        # Each with its legal source, "unverified" said once in the reader's words.
        assert entitlement.source.cite().removesuffix(" [unverified]") in page
        assert "[unverified]" not in page


def test_the_category_is_a_plain_choice_of_the_caseworker_and_changes_no_need(
    caseworker_client, open_case, assess
):
    case = open_case()
    assessment = assess(case, jurisdiction="IT")
    items_before = list(case.plan_items.values_list("key", "urgency", "due_on"))
    response = caseworker_client.post(
        reverse("assistance:category_set", args=[case.uuid]), {"category": "identified_victim"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.category == "identified_victim"
    assert list(case.plan_items.values_list("key", "urgency", "due_on")) == items_before
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid])).content.decode()
    assert "Category: Identified victim" in page
    assert "What more would be owed as" not in page


def test_an_unknown_category_is_refused_on_its_field(caseworker_client, open_case, assess):
    case = open_case()
    assess(case)
    response = caseworker_client.post(
        reverse("assistance:category_set", args=[case.uuid]), {"category": "nobody"}
    )
    assert response.status_code == 400
    assert "category" in response.context["form"].errors


def test_reflection_period_dates_come_from_the_jurisdiction(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("assistance:reflection_start", args=[case.uuid]),
        {"jurisdiction": "GB-NIR", "starts_on": "2025-03-01", "variant": "default"},
    )
    assert response.status_code == 302
    period = ReflectionPeriod.objects.get(case=case)
    expected = reflection_period_compute(jurisdiction="GB-NIR", starts_on=date(2025, 3, 1))
    assert period.ends_on == expected.last_day == date(2025, 4, 14)  # 45 days, day 1 included
    assert period.reminder_dates == [d.isoformat() for d in expected.reminders]
    assert period.conditional_on_cooperation is False
    assert period.source == expected.source.cite()
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid])).content.decode()
    assert "April 14, 2025" in page or "2025-04-14" in page


def test_a_cooperation_record_changes_nothing_in_the_reflection_period(
    caseworker, caseworker_client, open_case
):
    case = open_case()
    period = services.reflection_period_start(
        actor=Actor.for_user(caseworker), case=case, jurisdiction="IT", starts_on=date(2025, 1, 10)
    )
    before = ReflectionPeriod.objects.filter(pk=period.pk).values().get()
    for status in ("declined", "cooperating", "withdrawn"):
        response = caseworker_client.post(
            reverse("assistance:cooperation_add", args=[case.uuid]),
            {"status": status, "recorded_on": timezone.localdate().isoformat(), "note": ""},
        )
        assert response.status_code == 302
    assert CooperationRecord.objects.filter(case=case).count() == 3
    assert ReflectionPeriod.objects.filter(pk=period.pk).values().get() == before
    # A new period started after the cooperation records is computed exactly the same way.
    again = services.reflection_period_start(
        actor=Actor.for_user(caseworker), case=case, jurisdiction="IT", starts_on=date(2025, 1, 10)
    )
    assert (again.ends_on, again.reminder_dates) == (period.ends_on, period.reminder_dates)


def test_the_database_refuses_a_period_conditional_on_cooperation(caseworker, open_case):
    from django.db import IntegrityError, transaction

    case = open_case()
    period = services.reflection_period_start(
        actor=Actor.for_user(caseworker), case=case, jurisdiction="IT", starts_on=date(2025, 1, 10)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReflectionPeriod.objects.filter(pk=period.pk).update(conditional_on_cooperation=True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"jurisdiction": "ZZ"}, "jurisdiction"),
        ({"starts_on": "2025-13-01"}, "starts_on"),
        ({"variant": "nonsense"}, "variant"),
        ({"jurisdiction": "GB-ENG", "decision_on": "2024-01-01"}, "decision_on"),
        ({"jurisdiction": "BE", "starts_on": "1990-01-01"}, "starts_on"),
    ],
    ids=[
        "unknown jurisdiction",
        "bad date",
        "unknown variant",
        "decision before start",
        "no rule on that date",
    ],
)
def test_bad_reflection_input_is_refused_on_its_field_and_writes_nothing(
    data, field, caseworker_client, open_case
):
    case = open_case()
    payload = {"jurisdiction": "IT", "starts_on": "2025-03-01", "variant": "default", **data}
    response = caseworker_client.post(
        reverse("assistance:reflection_start", args=[case.uuid]), payload
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ReflectionPeriod.objects.exists()


def test_cooperation_in_the_future_is_refused_and_audit_holds_no_note(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("assistance:cooperation_add", args=[case.uuid]),
        {"status": "declined", "recorded_on": "2999-01-01", "note": ""},
    )
    assert response.status_code == 400
    assert "recorded_on" in response.context["form"].errors
    caseworker_client.post(
        reverse("assistance:cooperation_add", args=[case.uuid]),
        {
            "status": "declined",
            "recorded_on": timezone.localdate().isoformat(),
            "note": "Afraid of the brother-in-law",
        },
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="cooperationrecord")
    assert "brother" not in str(entry.detail)


def test_a_recorded_authority_decision_gives_the_category(
    caseworker, caseworker_client, open_case, assess
):
    models = pytest.importorskip("needsfirst.web.screening.models")
    case = open_case()
    assess(case, jurisdiction="IT")
    models.AuthorityDecision.objects.create(
        case=case,
        status="ActualVictimOfTrafficking",
        decision_making_org="NonPoliceGovernmentalOrganization",
        organisation_name="Commissione",
        decided_on=timezone.localdate(),
        recorded_by=caseworker,
    )
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid])).content.decode()
    assert "Category: Identified victim" in page
    assert "from the recorded decision of the competent authority" in page
