"""The demo screenings are valid records and give the IOM situations' labels."""

from __future__ import annotations

import pytest

from needsfirst.web.demo.screening import DEMO_FACTS, demo_screening
from needsfirst.web.screening.models import Determination

pytestmark = pytest.mark.django_db


def test_each_demo_screening_saves_with_the_label_of_its_situation(open_case, caseworker):
    expected = ["exploited_migrant", "presumed_trafficking_victim", "smuggled_migrant_aggravated"]
    for index, label in enumerate(expected):
        case = open_case()
        demo_screening(case=case, by=caseworker, index=index)
        assert label in Determination.objects.get(screening__case=case).label_ids
    assert len(DEMO_FACTS) == len(expected)
