"""The registry look-up other apps use through `needsfirst.web.common.registry_links`
(registered from `RecruitmentConfig.ready()`), so that the inspection app can link a workplace
to its employer and recruiters without importing this app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from django.db.models import Count

from needsfirst.web.common.registry_links import RegistryEntry
from needsfirst.web.recruitment.models import STATUS_LABELS, CaseParty, PartyKind, Recruiter
from needsfirst.web.recruitment.selectors import recruiter_lookup, recruiter_status_on


def _ids(ids: Sequence[str]) -> list[UUID]:
    out = []
    for raw in ids:
        try:
            out.append(UUID(str(raw)))
        except ValueError:
            continue
    return out


def _entry(recruiter: Recruiter, *, on: date) -> RegistryEntry:
    status, _licences = recruiter_status_on(recruiter=recruiter, on=on)
    return RegistryEntry(
        id=str(recruiter.uuid),
        name=recruiter.name,
        kind=recruiter.kind,
        kind_label=str(PartyKind(recruiter.kind).label),
        status=status.value,
        status_label=str(STATUS_LABELS[status]),
    )


class RecruiterRegistryLinks:
    def entries(self, ids: Sequence[str], *, on: date) -> dict[str, RegistryEntry]:
        found = Recruiter.objects.filter(uuid__in=_ids(ids)).prefetch_related("licences")
        return {str(item.uuid): _entry(item, on=on) for item in found}

    def find(self, query: str, *, on: date) -> RegistryEntry | None:
        results = recruiter_lookup(query=query, on=on, limit=1)
        return _entry(results[0].recruiter, on=on) if results else None

    def case_counts(self, ids: Sequence[str]) -> dict[str, int]:
        rows = (
            CaseParty.objects.filter(recruiter__uuid__in=_ids(ids))
            .values("recruiter__uuid")
            .annotate(n=Count("case_id", distinct=True))
        )
        return {str(row["recruiter__uuid"]): row["n"] for row in rows}
