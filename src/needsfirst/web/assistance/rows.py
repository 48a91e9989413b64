"""People, not codes: what a list shows of each case (name, age, nationality, most urgent need).

Lists are built from a page of cases already fetched with their person (`select_related`), so
only the page's rows are decrypted; the needs of the whole page come in one query and the shares
in another, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.utils.translation import ngettext

from needsfirst.web.accounts.models import User
from needsfirst.web.assistance.models import DOMAIN_LABELS, OPEN_STATUSES, URGENCY_LABELS, PlanItem
from needsfirst.web.cases.models import Case, CaseShare, CaseShareSection, Person
from needsfirst.web.common.validators import country_name

_DOMAIN_LABELS: dict[str, Any] = {str(key): label for key, label in DOMAIN_LABELS.items()}


@dataclass(frozen=True)
class Need:
    """The most urgent open action of a case: what need, how urgent, by when."""

    domain: str
    urgency: str
    urgency_level: int
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class CaseRow:
    case: Case
    name: str | None  # None: the user may not see who the person is
    age: str
    nationality: str
    need: Need | None


def age_of(person: Person, today: date) -> str:
    """The age in years, from the date of birth, or "about N" from an estimate (aged since)."""
    if person.birthdate:
        born = cast(date, person.birthdate)  # an encrypted date field: a date once read
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return ngettext("%(age)s year old", "%(age)s years old", years) % {"age": years}
    if person.estimated_age is not None:
        years = person.estimated_age
        if person.estimated_age_on:
            years += max(0, (today - person.estimated_age_on).days // 365)
        return ngettext("about %(age)s year old", "about %(age)s years old", years) % {"age": years}
    return ""


def _identity_shared(user: User, cases: list[Case]) -> set[int]:
    """Ids of the cases held elsewhere whose identity section is shared with the user's
    organisation under a consent in force."""
    foreign = [c.pk for c in cases if c.organisation_id != user.organisation_id]
    if not foreign or user.organisation_id is None:
        return set()
    shares = CaseShare.objects.filter(
        case_id__in=foreign,
        organisation_id=user.organisation_id,
        revoked_at__isnull=True,
        consent__granted=True,
        consent__withdrawn_on__isnull=True,
    ).values_list("case_id", "sections")
    return {case_id for case_id, sections in shares if CaseShareSection.IDENTITY in sections}


def _most_urgent_needs(user: User, cases: list[Case], today: date) -> dict[int, Need]:
    """Needs are worked on by the holding organisation only: a partner sees none of them."""
    own = [c.pk for c in cases if c.organisation_id == user.organisation_id]
    if not own:
        return {}
    items = (
        PlanItem.objects.filter(case_id__in=own, status__in=OPEN_STATUSES)
        .order_by("case_id", "-urgency", "due_on", "id")
        .values_list("case_id", "domain", "urgency", "due_on")
    )
    needs: dict[int, Need] = {}
    for case_id, domain, urgency, due_on in items:
        if case_id in needs:
            continue
        needs[case_id] = Need(
            domain=str(_DOMAIN_LABELS.get(domain, domain)),
            urgency=str(_urgency_label(urgency)),
            urgency_level=int(urgency),
            due_on=due_on,
            overdue=due_on < today,
        )
    return needs


def _urgency_label(level: int) -> Any:
    for urgency, label in URGENCY_LABELS.items():
        if int(urgency) == int(level):
            return label
    return ""


def case_rows(user: User, cases: Iterable[Case], today: date) -> list[CaseRow]:
    """One row per case, in the given order. `cases` must carry their person (select_related)."""
    cases = list(cases)
    if not cases:
        return []
    shared_identity = _identity_shared(user, cases)
    needs = _most_urgent_needs(user, cases, today)
    rows = []
    for case in cases:
        person = case.person
        sees_identity = case.organisation_id == user.organisation_id or case.pk in shared_identity
        nationality = ", ".join(country_name(code) for code in person.citizenship or [])
        rows.append(
            CaseRow(
                case=case,
                name=person.display_name() if sees_identity else None,
                age=age_of(person, today) if sees_identity else "",
                nationality=nationality if sees_identity else "",
                need=needs.get(case.pk),
            )
        )
    return rows
