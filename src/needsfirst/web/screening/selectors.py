"""Reading screenings. Only the organisation holding the case sees them: a screening is not a
section another organisation can be given through a share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from needsfirst.screening import Determination as Result
from needsfirst.screening import screen
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.selectors import case_get_for
from needsfirst.web.screening.models import (
    AuthorityDecision,
    Determination,
    Screening,
    TraffickingStatus,
)

# How a screening reads in HTCDS vic_TraffickingStatus terms, as the engine compares them
# (a presumed victim is the screening's "actual", a possible victim its "possible").
STATUS_OF_LABEL = {
    "presumed_trafficking_victim": TraffickingStatus.ACTUAL,
    "possible_trafficking_victim": TraffickingStatus.POSSIBLE,
}


def screening_case_get_for(user: User, case_uuid: str) -> Case:
    """The case, if the user works on it in the holding organisation; otherwise 404."""
    case = case_get_for(user, case_uuid)
    if case.organisation_id != user.organisation_id:
        raise Http404
    return case


def screening_of(case: Case) -> Screening | None:
    return Screening.objects.filter(case=case).first()


def determinations_of(screening: Screening | None) -> QuerySet[Determination]:
    if screening is None:
        return Determination.objects.none()
    return screening.determinations.select_related("created_by")


def authority_decisions_of(case: Case) -> QuerySet[AuthorityDecision]:
    return AuthorityDecision.objects.filter(case=case).select_related("recorded_by")


def authority_status_latest(case: Case) -> str | None:
    """The HTCDS status of the competent authority's latest decision on the case, if any."""
    latest = authority_decisions_of(case).first()
    return latest.status if latest is not None else None


def screening_preview(facts: Mapping[str, Any]) -> Result:
    """What the engine concludes from unsaved facts; raises ScreeningInputError."""
    return screen(facts)


@dataclass(frozen=True)
class Comparison:
    decision: AuthorityDecision
    screening_status: str
    differs: bool

    @property
    def screening_status_label(self) -> str:
        return str(TraffickingStatus(self.screening_status).label)


def status_of_labels(label_ids: list[str]) -> str:
    for label, status in STATUS_OF_LABEL.items():
        if label in label_ids:
            return status.value
    return TraffickingStatus.NOT_A_VICTIM.value


def decision_comparisons(
    decisions: QuerySet[AuthorityDecision], latest: Determination | None
) -> list[Comparison]:
    """Each decision beside the latest screening, and whether the two differ."""
    if latest is None:
        return []
    status = status_of_labels(list(latest.label_ids))
    return [
        Comparison(decision=decision, screening_status=status, differs=decision.status != status)
        for decision in decisions
    ]
