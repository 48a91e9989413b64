from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance import services
from needsfirst.web.assistance.models import NeedsAssessment
from needsfirst.web.cases.models import Case


@pytest.fixture
def assess(caseworker: Any) -> Callable[..., NeedsAssessment]:
    def make(case: Case, jurisdiction: str = "IT", **answers: str) -> NeedsAssessment:
        return services.assessment_record(
            actor=Actor.for_user(caseworker),
            case=case,
            answers=answers,
            assessed_on=date.today(),
            jurisdiction=jurisdiction,
        )

    return make
