"""The assistance plan: actions, roles, due dates from urgency, status, and refusing the past."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from needsfirst.needs import (
    ActionStatus,
    Answer,
    AssessmentFacts,
    Category,
    Domain,
    ErrorCode,
    NeedsInputError,
    Role,
    SupportPlanType,
    Urgency,
    needs_assess,
    plan_action_add,
    plan_action_reschedule,
    plan_action_status_set,
    plan_build,
)

DAY = date(2026, 3, 10)
HTCDS = Path("/work/shared/reference/data/htcds-2.0/field-standards-2.0.csv")


def _plan(**answers: Answer) -> object:
    return plan_build(needs_assess(AssessmentFacts(**answers)), assessed_on=DAY, today=DAY)


def test_a_threat_gives_a_safety_action_due_on_the_day_of_the_assessment() -> None:
    plan = plan_build(
        needs_assess(AssessmentFacts(threat_from_exploiter=Answer.YES)), assessed_on=DAY, today=DAY
    )
    item = plan.item("safety-plan")
    assert (item.urgency, item.due_on, item.role) == (Urgency.NOW, DAY, Role.CASEWORKER)
    assert item.status is ActionStatus.TO_DO
    assert item.reasons[0].rule_id == "SAFE-THREAT"


@pytest.mark.parametrize(
    ("urgency", "days"),
    [
        (Urgency.NOW, 0),
        (Urgency.WITHIN_24_HOURS, 1),
        (Urgency.WITHIN_A_WEEK, 7),
        (Urgency.PLANNED, 30),
    ],
)
def test_the_due_date_follows_the_urgency(urgency: Urgency, days: int) -> None:
    plan = plan_build(
        needs_assess(
            AssessmentFacts(
                injury=Answer.YES,
                pregnant=Answer.YES,
                wants_to_stay=Answer.YES,
                acute_distress=Answer.YES,
            )
        ),
        assessed_on=DAY,
        today=DAY,
    )
    items = [item for item in plan.items if item.urgency is urgency]
    assert items
    assert all((item.due_on - DAY).days == days for item in items)


def test_a_plan_is_made_for_a_person_about_whom_nothing_is_known_yet() -> None:
    plan = plan_build(needs_assess(AssessmentFacts()), assessed_on=DAY, today=DAY)
    ids = {item.id for item in plan.items}
    assert {"rights-information", "safety-review", "future-options"} <= ids


def test_an_action_due_in_the_past_is_refused_naming_the_field() -> None:
    plan = plan_build(needs_assess(AssessmentFacts()), assessed_on=DAY, today=DAY)
    with pytest.raises(NeedsInputError) as error:
        plan_action_add(
            plan,
            domain=Domain.LEGAL,
            action="Call the lawyer",
            role=Role.LAWYER,
            due_on=date(2026, 3, 9),
            today=DAY,
            support_plan_type=SupportPlanType.LEGAL,
        )
    assert error.value.field == "due_on"
    assert error.value.code is ErrorCode.DATE_IN_PAST
    assert "due_on" in str(error.value)


def test_an_action_due_today_is_added_and_sorted_by_due_date() -> None:
    plan = plan_build(needs_assess(AssessmentFacts()), assessed_on=DAY, today=DAY)
    plan = plan_action_add(
        plan,
        domain=Domain.LEGAL,
        action="Call the lawyer",
        role=Role.LAWYER,
        due_on="2026-03-10",
        today=DAY,
        support_plan_type=SupportPlanType.LEGAL,
        urgency=Urgency.NOW,
    )
    assert plan.items[0].id == "custom-1"
    assert plan.items[0].origin == "caseworker"


def test_an_action_without_text_or_with_a_malformed_date_is_refused_naming_the_field() -> None:
    plan = plan_build(needs_assess(AssessmentFacts()), assessed_on=DAY, today=DAY)
    kwargs = {
        "domain": Domain.LEGAL,
        "role": Role.LAWYER,
        "today": DAY,
        "support_plan_type": SupportPlanType.LEGAL,
    }
    with pytest.raises(NeedsInputError) as error:
        plan_action_add(plan, action="  ", due_on=DAY, **kwargs)  # type: ignore[arg-type]
    assert error.value.field == "action"
    with pytest.raises(NeedsInputError) as error:
        plan_action_add(plan, action="x", due_on="10/03/2026", **kwargs)  # type: ignore[arg-type]
    assert error.value.field == "due_on"


def test_rescheduling_into_the_past_is_refused_and_into_the_future_accepted() -> None:
    plan = plan_build(needs_assess(AssessmentFacts()), assessed_on=DAY, today=DAY)
    with pytest.raises(NeedsInputError) as error:
        plan_action_reschedule(plan, item_id="future-options", due_on=date(2026, 1, 1), today=DAY)
    assert error.value.field == "due_on"
    moved = plan_action_reschedule(
        plan, item_id="future-options", due_on=date(2026, 6, 1), today=DAY
    )
    assert moved.item("future-options").due_on == date(2026, 6, 1)


def test_an_assessment_dated_in_the_future_is_refused_naming_the_field() -> None:
    with pytest.raises(NeedsInputError) as error:
        plan_build(needs_assess(AssessmentFacts()), assessed_on=date(2026, 3, 11), today=DAY)
    assert error.value.field == "assessed_on"
    assert error.value.code is ErrorCode.DATE_IN_FUTURE


def test_items_from_an_older_assessment_are_kept_and_shown_overdue() -> None:
    plan = plan_build(
        needs_assess(AssessmentFacts(injury=Answer.YES)), assessed_on=date(2026, 3, 1), today=DAY
    )
    assert plan.item("injury-care") in plan.overdue(DAY)
    done = plan_action_status_set(plan, item_id="injury-care", status=ActionStatus.DONE)
    assert done.item("injury-care") not in done.overdue(DAY)


def test_the_person_may_decline_an_action_and_the_plan_records_it() -> None:
    plan = plan_build(
        needs_assess(AssessmentFacts(wants_to_return=Answer.YES)), assessed_on=DAY, today=DAY
    )
    plan = plan_action_status_set(
        plan, item_id="voluntary-return", status=ActionStatus.DECLINED_BY_PERSON
    )
    assert plan.item("voluntary-return").status is ActionStatus.DECLINED_BY_PERSON
    with pytest.raises(NeedsInputError) as error:
        plan_action_status_set(plan, item_id="nothing", status=ActionStatus.DONE)
    assert error.value.field == "item_id"


def test_the_plan_lists_entitlements_now_and_more_if_identified() -> None:
    plan = plan_build(
        needs_assess(AssessmentFacts()),
        assessed_on=DAY,
        today=DAY,
        jurisdiction="IT",
        category=Category.ANY_MIGRANT,
    )
    assert plan.entitlements is not None
    assert plan.entitlements.owed_now("it-urgent-essential-care")
    assert not plan.entitlements.owed_now("coe-art14-residence-permit")
    assert plan.entitlements.owed_if(Category.IDENTIFIED_VICTIM, "coe-art14-residence-permit")


@pytest.mark.skipif(not HTCDS.exists(), reason="HTCDS reference file not present")
def test_support_plan_types_are_exactly_the_htcds_2_picklist() -> None:
    with HTCDS.open(encoding="utf-8") as handle:
        row = next(
            r for r in csv.DictReader(handle) if r["Field Name including Prefix"] == "spl_Type"
        )
    picklist = {
        value.strip() for value in row["Value Names (if picklist)"].split("\n") if value.strip()
    }
    assert {member.value for member in SupportPlanType} == picklist
