"""The one-way counts the dashboard reads (`StatisticsCount`), kept in step with `CaseFacts`.

`rebuild_counts` recounts every dimension with a GROUP BY in the database (after a refresh);
`move_counts` adds or takes one case when its consent to statistics changes, in the same
transaction as the change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, QuerySet, Value, When

from needsfirst.needs.model import ActionStatus
from needsfirst.web.referrals.models import ReferralOutcome
from needsfirst.web.statistics.models import CaseFacts, StatisticsCount

DIMENSIONS = (
    "exploitation",
    "sector",
    "nationality",
    "route",
    "age_band",
    "gender",
    "identification",
    "opened_month",
    "bucket",
)
TOTAL = ""
# Dimensions where a case may hold several values (a set written ",a,b,"): each value counts
# the cases that hold it, so these tables have no total.
SET_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "needs": tuple(status.value for status in ActionStatus),
    "referral_outcomes": (*ReferralOutcome.values, "pending"),
    "claims": ("filed", "decided", "recovered"),
}


def as_set(values: Iterable[object]) -> str:
    items = sorted({str(v) for v in values})
    return f",{','.join(items)}," if items else ""


# Days from first contact to first assistance, in the buckets the dashboard shows.
DELAY_BUCKETS = (
    ("0-1", 0, 1),
    ("2-7", 2, 7),
    ("8-30", 8, 30),
    ("31-90", 31, 90),
    ("91+", 91, None),
)


def bucket_of(days: int | None) -> int:
    if days is None:
        return -1
    for i, (_key, low, high) in enumerate(DELAY_BUCKETS):
        if days >= low and (high is None or days <= high):
            return i
    return -1


def _with_bucket(queryset: QuerySet[CaseFacts]) -> QuerySet[CaseFacts]:
    whens = [
        When(days_to_assistance__gte=low, days_to_assistance__lte=high, then=Value(i))
        if high is not None
        else When(days_to_assistance__gte=low, then=Value(i))
        for i, (_key, low, high) in enumerate(DELAY_BUCKETS)
    ]
    return queryset.annotate(bucket=When_(*whens, default=Value(-1), output_field=IntegerField()))


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _grouped_counts(counted: QuerySet[CaseFacts], dimension: str) -> list[tuple[str, int]]:
    """(value, cases) of one dimension over `counted` (annotated with its bucket)."""
    if dimension == TOTAL:
        return [("", counted.count())]
    if dimension in SET_DIMENSIONS:
        return [
            (value, counted.filter(**{f"{dimension}__contains": f",{value},"}).count())
            for value in SET_DIMENSIONS[dimension]
        ]
    grouped = counted.values_list(dimension).annotate(n=Count("id")).order_by()
    return [(_as_text(value), n) for value, n in grouped]


@transaction.atomic  # reads the facts just refreshed on the primary, never a lagging replica
def rebuild_counts() -> None:
    counted = _with_bucket(CaseFacts.objects.filter(statistical_use=True))
    rows = [
        StatisticsCount(dimension=dimension, value=value, count=n)
        for dimension in (TOTAL, *DIMENSIONS, *SET_DIMENSIONS)
        for value, n in _grouped_counts(counted, dimension)
    ]
    with transaction.atomic():
        StatisticsCount.objects.all().delete()
        StatisticsCount.objects.bulk_create(rows)


def _values_of(facts: CaseFacts) -> dict[str, str]:
    values = {d: _as_text(getattr(facts, d, None)) for d in DIMENSIONS if d != "bucket"}
    values["bucket"] = str(bucket_of(facts.days_to_assistance))
    values[TOTAL] = ""
    return values


def _set_values(facts: CaseFacts) -> list[tuple[str, str]]:
    return [
        (dimension, value)
        for dimension in SET_DIMENSIONS
        for value in str(getattr(facts, dimension) or "").strip(",").split(",")
        if value
    ]


def move_counts(facts: CaseFacts, delta: int) -> None:
    """Add (+1) or take (-1) one case in every dimension."""
    with transaction.atomic():
        for dimension, value in [*_values_of(facts).items(), *_set_values(facts)]:
            row, _created = StatisticsCount.objects.select_for_update().get_or_create(
                dimension=dimension, value=value
            )
            StatisticsCount.objects.filter(pk=row.pk).update(count=F("count") + delta)


Counts = Callable[[str], list[tuple[str, int]]]


def counts(dimension: str) -> list[tuple[str, int]]:
    """Every organisation's counted cases, from the table kept in step."""
    return list(
        StatisticsCount.objects.filter(dimension=dimension, count__gt=0).values_list(
            "value", "count"
        )
    )


def organisation_counts(organisation_id: int | None) -> Counts:
    """The counts of one organisation's counted cases, grouped when asked (the table kept in
    step holds every organisation's together). No organisation: nothing is counted."""
    facts = CaseFacts.objects.filter(statistical_use=True)
    if organisation_id is None:
        facts = facts.none()
    else:
        facts = facts.filter(case__organisation_id=organisation_id)
    counted = _with_bucket(facts)

    def of(dimension: str) -> list[tuple[str, int]]:
        return [(value, n) for value, n in _grouped_counts(counted, dimension) if n > 0]

    return of
