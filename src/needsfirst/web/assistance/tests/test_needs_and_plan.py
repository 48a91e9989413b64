"""The needs assessment and the plan, through the pages, with no screening at all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.needs import Urgency, fact_names
from needsfirst.web.assistance.models import NeedsAssessment, PlanItem
from needsfirst.web.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def _answers(**yes):
    data = dict.fromkeys(fact_names(), "unknown")
    data.update(yes)
    return data


def _post_assessment(client, case, **answers):
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        "jurisdiction": "IT",
        "category": "any_migrant",
        **_answers(**answers),
    }
    return client.post(reverse("assistance:assess", args=[case.uuid]), data)


def test_a_plan_is_produced_for_a_case_with_no_screening_at_all(caseworker_client, open_case):
    case = open_case()
    response = _post_assessment(caseworker_client, case)
    assert response.status_code == 302
    items = PlanItem.objects.filter(case=case)
    assert items.exists()
    # Rules for everyone: information on rights and the options for the future.
    # Rules for everyone: information on rights and the options for the future.
    keys = {item.key for item in items}
    assert {"rights-information", "future-options"} <= keys
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid]))
    assert page.status_code == 200
    assert "Assistance plan" in page.content.decode()


def test_the_assessment_form_defaults_every_answer_to_unknown(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.get(reverse("assistance:assess", args=[case.uuid]))
    form = response.context["form"]
    for name in fact_names():
        assert form[name].value() == "unknown"


def test_a_blank_answer_counts_as_unknown_not_an_error(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("assistance:assess", args=[case.uuid]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "jurisdiction": "IT",
            "category": "any_migrant",
        },
    )
    assert response.status_code == 302
    assert NeedsAssessment.objects.get(case=case).answers["injury"] == "unknown"


@pytest.mark.parametrize(
    ("answers", "domain"),
    [
        ({"child": "yes", "unaccompanied": "yes"}, "child_protection"),
        ({"injury": "yes", "pregnant": "yes"}, "medical_urgent"),
        ({"threat_from_exploiter": "yes"}, "safety"),
    ],
    ids=["a child alone", "an injury", "a threat from the exploiter"],
)
def test_urgent_items_come_from_a_child_alone_an_injury_or_a_threat(
    answers, domain, caseworker_client, open_case
):
    case = open_case()
    assert _post_assessment(caseworker_client, case, **answers).status_code == 302
    urgent = PlanItem.objects.filter(case=case, domain=domain, urgency=Urgency.NOW)
    assert urgent.exists()
    assert urgent.first().due_on == timezone.localdate()
    reasons = urgent.first().reasons
    assert reasons
    assert reasons[0]["rule_id"]
    assert reasons[0]["source"]
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid])).content.decode()
    assert "Now" in page
    # The reason reads as its source, never as the rule's machine key.
    assert reasons[0]["rule_id"] not in page
    assert reasons[0]["source"].removesuffix(" [unverified]").split(",")[0] in page


def test_an_injury_alone_is_due_within_24_hours_with_its_reason(caseworker_client, open_case):
    case = open_case()
    _post_assessment(caseworker_client, case, injury="yes")
    item = PlanItem.objects.get(case=case, domain="medical_urgent")
    assert item.urgency == Urgency.WITHIN_24_HOURS
    assert item.due_on == timezone.localdate() + timedelta(days=1)
    assert any(r["rule_id"] == "MED-INJURY" for r in item.reasons)


def test_a_reassessment_keeps_open_items_and_never_lowers_their_urgency(
    caseworker_client, open_case
):
    case = open_case()
    _post_assessment(caseworker_client, case, threat_from_exploiter="yes")
    first = PlanItem.objects.filter(case=case).count()
    _post_assessment(caseworker_client, case, threat_from_exploiter="no")
    assert PlanItem.objects.filter(case=case).count() >= first
    assert PlanItem.objects.filter(case=case, domain="safety", urgency=Urgency.NOW).exists()
    assert NeedsAssessment.objects.filter(case=case).count() == 2


def test_assessing_and_viewing_the_plan_are_audited_without_answers(caseworker_client, open_case):
    case = open_case()
    _post_assessment(caseworker_client, case, threat_from_exploiter="yes")
    caseworker_client.get(reverse("assistance:overview", args=[case.uuid]))
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="needsassessment")
    assert "threat" not in str(created.detail)
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.uuid), detail__section="needs_and_plan"
    ).exists()


def test_a_plan_action_due_in_the_past_is_refused_on_its_field(caseworker_client, open_case):
    case = open_case()
    yesterday = timezone.localdate() - timedelta(days=1)
    response = caseworker_client.post(
        reverse("assistance:action_add", args=[case.uuid]),
        {
            "domain": "shelter",
            "action": "Book a bed at the women's shelter",
            "role": "caseworker",
            "due_on": yesterday.isoformat(),
            "urgency": "4",
            "support_plan_type": "SocialCare",
        },
    )
    assert response.status_code == 400
    assert "due_on" in response.context["form"].errors
    assert "past" in str(response.context["form"].errors["due_on"])
    assert not PlanItem.objects.filter(case=case).exists()


def test_a_caseworker_adds_an_action_and_changes_its_status(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("assistance:action_add", args=[case.uuid]),
        {
            "domain": "medical_urgent",
            "action": "Clinic appointment at 9",
            "role": "health_professional",
            "due_on": timezone.localdate().isoformat(),
            "urgency": "4",
            "support_plan_type": "Health",
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(case=case, origin="caseworker")
    assert item.key == "custom-1"
    response = caseworker_client.post(
        reverse("assistance:action_status", args=[case.uuid, item.uuid]), {"status": "done"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(item.uuid), detail__fields=["status"]
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"jurisdiction": "XX"}, "jurisdiction"),
        ({"jurisdiction": "GB"}, "jurisdiction"),
        ({"assessed_on": "2024-02-30"}, "assessed_on"),
        ({"assessed_on": "not a date"}, "assessed_on"),
        ({"injury": "maybe"}, "injury"),
        ({"category": "saint"}, "category"),
    ],
    ids=[
        "unknown jurisdiction",
        "GB without a nation",
        "impossible date",
        "malformed date",
        "malformed answer",
        "unknown category",
    ],
)
def test_bad_assessment_input_is_a_form_error_naming_the_field_and_writes_nothing(
    data, field, caseworker_client, open_case
):
    case = open_case()
    payload = {
        "assessed_on": timezone.localdate().isoformat(),
        "jurisdiction": "IT",
        "category": "any_migrant",
        **data,
    }
    response = caseworker_client.post(reverse("assistance:assess", args=[case.uuid]), payload)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not NeedsAssessment.objects.filter(case=case).exists()
    assert not PlanItem.objects.filter(case=case).exists()


def test_an_assessment_dated_in_the_future_is_refused_on_its_field(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("assistance:assess", args=[case.uuid]),
        {
            "assessed_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "jurisdiction": "IT",
            "category": "any_migrant",
        },
    )
    assert response.status_code == 400
    assert "assessed_on" in response.context["form"].errors
    assert not NeedsAssessment.objects.exists()


def test_a_child_answered_no_under_an_estimated_age_of_16_is_refused_on_child(
    caseworker_client, open_case
):
    case = open_case(estimated_age=16)
    response = _post_assessment(caseworker_client, case, child="no")
    assert response.status_code == 400
    assert "child" in response.context["form"].errors
    assert not PlanItem.objects.exists()


def test_a_bad_status_is_refused_and_nothing_changes(caseworker_client, open_case, assess):
    case = open_case()
    assess(case)
    item = PlanItem.objects.filter(case=case).first()
    response = caseworker_client.post(
        reverse("assistance:action_status", args=[case.uuid, item.uuid]), {"status": "vanished"}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == "to_do"


def test_the_case_page_shows_needs_and_plan_first(caseworker_client, open_case):
    case = open_case()
    page = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    link = reverse("assistance:overview", args=[case.uuid])
    assert link in page
    assert page.index(link) < page.index('id="who"')
    assert "/screening/" not in page[: page.index(link)]


def test_an_assessment_date_is_kept(caseworker, open_case, assess):
    case = open_case()
    record = assess(case)
    assert record.assessed_on == date.today()
    assert record.version == 1
