"""The demo tells a believable story: people consistent with themselves, dates in order."""

from __future__ import annotations

import pytest
from django.utils import timezone

from needsfirst.web.assistance.models import OPEN_STATUSES, PlanItem
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.demo.loader import GENDER_OF, MOBILE_PREFIX, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()


def test_every_demo_persons_gender_matches_their_sex(demo):
    for person in Person.objects.all():
        assert person.gender == GENDER_OF[person.sex], person.first_name


def test_every_demo_phone_number_starts_with_the_prefix_of_italy_or_the_persons_country(demo):
    for person in Person.objects.all():
        allowed = (MOBILE_PREFIX["IT"], MOBILE_PREFIX[person.citizenship[0]])
        assert person.mobile_phone.startswith(allowed), person.mobile_phone


def test_no_demo_action_falls_due_before_its_case_opened(demo):
    for item in PlanItem.objects.select_related("case"):
        assert item.due_on >= item.case.opened_at.date()


def test_a_few_demo_cases_are_overdue_on_purpose_and_not_the_rest(demo):
    today = timezone.localdate()
    late = (
        PlanItem.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)
        .values_list("case_id", flat=True)
        .distinct()
    )
    assert 1 <= len(set(late)) <= 3
    assert Case.objects.count() == 40
