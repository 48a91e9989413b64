"""Aggregates for analysts: counts over the cases, never a row of one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from needsfirst.web.cases.models import Case, CaseStatus

SMALL_CELL = 5  # a count under this is not shown: a small number can point at a person


@dataclass(frozen=True)
class StatusCount:
    status: CaseStatus
    count: int | None  # None: fewer than SMALL_CELL, suppressed


def case_counts_by_status() -> list[StatusCount]:
    counts = Case.objects.values("status").annotate(n=Count("id")).order_by("status")
    return [
        StatusCount(CaseStatus(row["status"]), row["n"] if row["n"] >= SMALL_CELL else None)
        for row in counts
    ]
