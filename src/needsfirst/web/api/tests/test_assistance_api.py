"""The assistance overview's category, reflection periods and cooperation with the police through
the API (web/api/assistance_api.py), called with tokens as a partner's system would, and attacked:
another organisation's ids, the wrong role, a read token, bad input. The needs-first rule holds:
recording cooperation changes no period, and no period depends on cooperation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.api.tests.callers import Caller
from needsfirst.web.assistance import services as assistance
from needsfirst.web.assistance.models import CooperationRecord, NeedsAssessment, ReflectionPeriod
from needsfirst.web.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def assessed(case: Any, by: User) -> NeedsAssessment:
    return assistance.assessment_record(
        actor=Actor.for_user(by),
        case=case,
        answers={},
        assessed_on=timezone.localdate(),
        jurisdiction="IT",
    )


def period_body(**extra: Any) -> dict[str, Any]:
    return {"jurisdiction": "IT", "starts_on": "2025-01-10", **extra}


def cooperation_body(**extra: Any) -> dict[str, Any]:
    return {"status": "declined", "recorded_on": timezone.localdate().isoformat(), **extra}


# --- the category -----------------------------------------------------------------------------


def test_a_system_reads_and_chooses_the_category_and_no_need_changes(
    shelter_system, open_case, caseworker
):
    case = open_case()
    before = shelter_system("GET", f"/cases/{case.uuid}/category/")
    assert before.status_code == 200
    assert before.json() == {
        "category": "any_migrant",
        "label": before.json()["label"],
        "basis": "caseworker",
        "assessment": None,
    }
    assessment = assessed(case, caseworker)
    answers = dict(assessment.answers)
    chosen = shelter_system("PUT", f"/cases/{case.uuid}/category/", {"category": "presumed_victim"})
    assert chosen.status_code == 200, chosen.json()
    assert chosen.json()["category"] == "presumed_victim"
    assert chosen.json()["assessment"] == str(assessment.uuid)
    assessment.refresh_from_db()
    assert (assessment.category, dict(assessment.answers)) == ("presumed_victim", answers)
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="needsassessment", actor=shelter_system.account
    ).exists()


def test_a_category_without_an_assessment_or_off_the_list_is_refused(
    shelter_system, open_case, caseworker
):
    case = open_case()
    none_yet = shelter_system(
        "PUT", f"/cases/{case.uuid}/category/", {"category": "presumed_victim"}
    )
    assert none_yet.status_code == 400
    assert "non_field_errors" in none_yet.json()["errors"]
    assessment = assessed(case, caseworker)
    wrong = shelter_system("PUT", f"/cases/{case.uuid}/category/", {"category": "hero"})
    assert wrong.status_code == 400
    assert "category" in wrong.json()["errors"]
    assessment.refresh_from_db()
    assert assessment.category == "any_migrant"


# --- reflection periods -----------------------------------------------------------------------


def test_a_system_starts_a_period_from_the_law_of_the_jurisdiction(shelter_system, open_case):
    case = open_case()
    started = shelter_system("POST", f"/cases/{case.uuid}/reflection-periods/", period_body())
    assert started.status_code == 201, started.json()
    period = ReflectionPeriod.objects.get(case=case)
    assert started.json()["id"] == str(period.uuid)
    assert started.json()["ends_on"] == period.ends_on.isoformat()
    assert started.json()["conditional_on_cooperation"] is False
    listed = shelter_system("GET", f"/cases/{case.uuid}/reflection-periods/").json()
    assert [row["id"] for row in listed] == [str(period.uuid)]
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="reflectionperiod", actor=shelter_system.account
    ).exists()


def test_a_period_with_bad_input_names_the_field_and_writes_nothing(shelter_system, open_case):
    case = open_case()
    url = f"/cases/{case.uuid}/reflection-periods/"
    for body, field in (
        (period_body(jurisdiction="ZZ"), "jurisdiction"),
        (period_body(starts_on="yesterday"), "starts_on"),
        (period_body(starts_on="1850-01-01"), "starts_on"),
        ({"starts_on": "2025-01-10"}, "jurisdiction"),
    ):
        response = shelter_system("POST", url, body)
        assert response.status_code == 400, body
        assert field in response.json()["errors"], response.json()
    assert not ReflectionPeriod.objects.filter(case=case).exists()


def test_a_period_with_a_variant_the_law_does_not_know_is_refused_not_a_500(
    shelter_system, open_case
):
    case = open_case()
    response = shelter_system(
        "POST", f"/cases/{case.uuid}/reflection-periods/", period_body(variant="nonsense")
    )
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not ReflectionPeriod.objects.filter(case=case).exists()


# --- cooperation with the police --------------------------------------------------------------


def test_cooperation_recorded_through_the_api_changes_no_period(shelter_system, open_case):
    case = open_case()
    shelter_system("POST", f"/cases/{case.uuid}/reflection-periods/", period_body())
    before = ReflectionPeriod.objects.filter(case=case).values().get()
    for choice in ("declined", "cooperating", "withdrawn"):
        response = shelter_system(
            "POST", f"/cases/{case.uuid}/cooperation/", cooperation_body(status=choice)
        )
        assert response.status_code == 201, response.json()
    assert ReflectionPeriod.objects.filter(case=case).values().get() == before
    listed = shelter_system("GET", f"/cases/{case.uuid}/cooperation/").json()
    assert sorted(row["status"] for row in listed) == ["cooperating", "declined", "withdrawn"]


def test_cooperation_with_bad_input_names_the_field_and_writes_nothing(shelter_system, open_case):
    case = open_case()
    url = f"/cases/{case.uuid}/cooperation/"
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    for body, field in (
        (cooperation_body(status="maybe"), "status"),
        (cooperation_body(recorded_on=tomorrow), "recorded_on"),
        (cooperation_body(note="x" * 2001), "note"),
    ):
        response = shelter_system("POST", url, body)
        assert response.status_code == 400, body
        assert field in response.json()["errors"], response.json()
    assert not CooperationRecord.objects.filter(case=case).exists()


# --- attacks ----------------------------------------------------------------------------------


def test_another_organisations_case_is_not_found_and_each_attempt_audited(
    shelter_system, partner_system, open_case, caseworker
):
    case = open_case()
    assessed(case, caseworker)
    before = partner_system.refusals()
    attempts = [
        ("GET", "category/", None),
        ("PUT", "category/", {"category": "identified_victim"}),
        ("GET", "reflection-periods/", None),
        ("POST", "reflection-periods/", period_body()),
        ("GET", "cooperation/", None),
        ("POST", "cooperation/", cooperation_body()),
    ]
    for method, tail, body in attempts:
        assert partner_system(method, f"/cases/{case.uuid}/{tail}", body).status_code == 404
    assert partner_system.refusals() == before + len(attempts)
    assert NeedsAssessment.objects.get(case=case).category == "any_migrant"
    assert not ReflectionPeriod.objects.exists()
    assert not CooperationRecord.objects.exists()


def test_a_read_token_cannot_write_and_the_refusals_are_audited(shelter_admin, open_case):
    case = open_case()
    reader = Caller(shelter_admin, scope="read")
    assert reader("GET", f"/cases/{case.uuid}/cooperation/").status_code == 200
    for tail, body in (
        ("reflection-periods/", period_body()),
        ("cooperation/", cooperation_body()),
    ):
        response = reader("POST", f"/cases/{case.uuid}/{tail}", body)
        assert response.status_code == 403
        assert response.json()["code"] == "token_scope"
    assert reader("PUT", f"/cases/{case.uuid}/category/", {"category": "x"}).status_code == 403
    assert reader.refusals() == 3
    assert not ReflectionPeriod.objects.exists()
    assert not CooperationRecord.objects.exists()


def test_an_inspectors_token_cannot_read_or_write_the_overview(shelter_admin, open_case):
    case = open_case()
    inspector = Caller(shelter_admin, role=Role.LABOUR_INSPECTOR)
    assert inspector("GET", f"/cases/{case.uuid}/category/").status_code == 403
    assert (
        inspector("POST", f"/cases/{case.uuid}/cooperation/", cooperation_body()).status_code == 403
    )
    assert inspector.refusals() == 2
    assert not CooperationRecord.objects.exists()


# --- the screening's decision record (already in GET /cases/{id}/screening/) ------------------


def test_the_screenings_decision_record_is_the_saved_one_with_its_rules_version_and_as_of(
    shelter_system, partner_system, open_case
):
    from needsfirst.web.screening.models import Determination

    case = open_case()
    facts = {"as_of": "2025-06-01", "jurisdiction": "GB"}
    saved = shelter_system("PUT", f"/cases/{case.uuid}/screening/", {"facts": facts, "version": 0})
    assert saved.status_code == 200, saved.json()
    read = shelter_system("GET", f"/cases/{case.uuid}/screening/").json()["determination"]
    record = Determination.objects.get(screening__case=case)
    assert read["id"] == str(record.uuid)
    assert (read["as_of"], read["rules_version"]) == ("2025-06-01", record.rules_version)
    assert read["labels"] == record.label_ids
    # the outcome (labels, each with the elements and the law behind it) and the reasons
    assert read["result"] == record.result
    assert {"labels", "summary", "rules_version", "as_of"} <= set(read["result"])
    before = partner_system.refusals()
    assert partner_system("GET", f"/cases/{case.uuid}/screening/").status_code == 404
    assert partner_system.refusals() == before + 1


def test_a_case_handed_over_in_between_takes_no_period_cooperation_or_category(
    shelter_system, open_case, caseworker
):
    from needsfirst.web.cases.models import Case

    case = open_case()
    assessed(case, caseworker)
    Case.objects.filter(pk=case.pk).update(handed_over_at=timezone.now())  # the world changed
    for method, tail, body in (
        ("POST", "reflection-periods/", period_body()),
        ("POST", "cooperation/", cooperation_body()),
        ("PUT", "category/", {"category": "identified_victim"}),
    ):
        response = shelter_system(method, f"/cases/{case.uuid}/{tail}", body)
        assert response.status_code == 400, (tail, response.json())
        assert response.json()["error_codes"]["non_field_errors"] == ["case_read_only"]
    assert not ReflectionPeriod.objects.exists()
    assert not CooperationRecord.objects.exists()
    assert NeedsAssessment.objects.get(case=case).category == "any_migrant"
    assert shelter_system("GET", f"/cases/{case.uuid}/reflection-periods/").status_code == 200
