"""Reads of the registry: look-up by licence number or by a name, with the status on a day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count

from needsfirst.protect.names import POSSIBLE_MATCH, build_query
from needsfirst.recruitment import RecruiterStatus
from needsfirst.web.recruitment.models import (
    STATUS_LABELS,
    CaseParty,
    Licence,
    PartyRole,
    Recruiter,
    RecruiterNameKey,
    licence_key,
)

MAX_QUERY = 120
# Best standing first: one valid licence makes the recruiter licensed today.
STANDING = (
    RecruiterStatus.LICENSED,
    RecruiterStatus.SUSPENDED,
    RecruiterStatus.REVOKED,
    RecruiterStatus.EXPIRED,
    RecruiterStatus.NOT_LISTED,
)


@dataclass(frozen=True)
class LicenceOnDay:
    licence: Licence
    status: RecruiterStatus

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass(frozen=True)
class LookupResult:
    recruiter: Recruiter
    score: float
    status: RecruiterStatus
    licences: tuple[LicenceOnDay, ...]
    event_counts: dict[str, int]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def recruiter_status_on(
    *, recruiter: Recruiter, on: date
) -> tuple[RecruiterStatus, tuple[LicenceOnDay, ...]]:
    licences = tuple(LicenceOnDay(item, item.status_on(on)) for item in recruiter.licences.all())
    if not licences:
        return RecruiterStatus.NOT_LISTED, ()
    best = min((item.status for item in licences), key=STANDING.index)
    return best, licences


def _counts(recruiters: list[Recruiter]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Recruiter.objects.filter(pk__in=[r.pk for r in recruiters])
        .values("pk", "events__kind")
        .annotate(n=Count("events"))
    )
    for row in rows:
        if row["events__kind"]:
            counts[row["pk"]][row["events__kind"]] = row["n"]
    cases = (
        CaseParty.objects.filter(recruiter__in=recruiters)
        .values("recruiter_id")
        .annotate(n=Count("case_id", distinct=True))
    )
    for recruiter_id, n in cases.values_list("recruiter_id", "n"):
        counts[recruiter_id]["cases"] = n
    return counts


def recruiter_lookup(*, query: str, on: date, limit: int = 10) -> list[LookupResult]:
    """Recruiters matching a licence number exactly, else by name (transliteration- and
    typo-tolerant), best first, each with its standing on `on`."""
    query = " ".join(query.split())[:MAX_QUERY]
    if not query:
        return []
    scored: list[tuple[Recruiter, float]] = []
    key = licence_key(query)
    if key:
        by_licence = Recruiter.objects.filter(licences__number_key=key).distinct()
        scored = [(recruiter, 1.0) for recruiter in by_licence[:limit]]
    if not scored:
        name_query = build_query(query)
        if name_query.positions:
            candidate_keys: dict[int, set[str]] = defaultdict(set)
            for recruiter_id, value in RecruiterNameKey.objects.filter(
                key__in=name_query.tokens
            ).values_list("recruiter_id", "key")[:20000]:
                candidate_keys[recruiter_id].add(value)
            ranked = sorted(
                ((rid, name_query.score(keys)) for rid, keys in candidate_keys.items()),
                key=lambda item: -item[1],
            )
            ranked = [(rid, s) for rid, s in ranked if s >= POSSIBLE_MATCH][:limit]
            found = Recruiter.objects.in_bulk([rid for rid, _ in ranked])
            scored = [(found[rid], s) for rid, s in ranked if rid in found]
    recruiters = [recruiter for recruiter, _ in scored]
    prefetched = {
        r.pk: r
        for r in Recruiter.objects.filter(pk__in=[r.pk for r in recruiters]).prefetch_related(
            "licences"
        )
    }
    counts = _counts(recruiters)
    results = []
    for recruiter, score in scored:
        full = prefetched[recruiter.pk]
        status, licences = recruiter_status_on(recruiter=full, on=on)
        results.append(LookupResult(full, score, status, licences, counts.get(full.pk, {})))
    return results


def recruiter_status_for_offer(
    *, name: str | None, licence: str | None, on: date
) -> RecruiterStatus:
    """What the registry says about the recruiter an offer names, for the offer checker."""
    for query in (licence, name):
        if query:
            results = recruiter_lookup(query=query, on=on, limit=1)
            if results:
                return results[0].status
    if not (name or licence) or not Licence.objects.exists():
        return RecruiterStatus.UNKNOWN  # no registry loaded: "not listed" would mislead
    return RecruiterStatus.NOT_LISTED


@dataclass(frozen=True)
class CaseCounts:
    """How many cases name a recruiter: in all organisations (a count only) and in the reader's
    own organisation, with the reader's own links."""

    all_organisations: int
    own: tuple[Any, ...]


def recruiter_case_counts(*, recruiter: Recruiter, organisation_id: int | None) -> CaseCounts:
    links = CaseParty.objects.filter(recruiter=recruiter)
    total = links.values("case_id").distinct().count()
    own = (
        tuple(
            links.filter(case__organisation_id=organisation_id)
            .select_related("case")
            .order_by("case__reference", "role")
        )
        if organisation_id is not None
        else ()
    )
    return CaseCounts(all_organisations=total, own=own)


# HTCDS 2.0 `per_RoleInProcess` for each part a party played; the roles HTCDS has no word for
# (an employer or a sponsor is not an exploiter by being one) are "Other", with our role in
# `per_RoleDetails`.
HTCDS_ROLE_IN_PROCESS = {
    PartyRole.RECRUITER: "RecruiterOrIntermediary",
    PartyRole.SUB_AGENT: "RecruiterOrIntermediary",
    PartyRole.TRANSPORTER: "Transporter",
    PartyRole.EMPLOYER: "Other",
    PartyRole.SPONSOR: "Other",
    PartyRole.EXPLOITER: "Exploiter",
}


@dataclass(frozen=True)
class CasePartyOnDay:
    """A party a case names, with the registry's status of it on the day asked."""

    link: CaseParty
    status: RecruiterStatus
    on: date

    @property
    def recruiter(self) -> Recruiter:
        return self.link.recruiter

    @property
    def role_label(self) -> str:
        return str(self.link.get_role_display())

    @property
    def htcds_role(self) -> str:
        return HTCDS_ROLE_IN_PROCESS[PartyRole(self.link.role)]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def export(self) -> dict[str, Any]:
        """The party as it goes into the holder's exports (HTCDS 2.0 names where there are)."""
        return {
            "per_RoleInProcess": self.htcds_role,
            "per_RoleDetails": self.link.role,
            "name": self.recruiter.name,
            "kind": self.recruiter.kind,
            "licences": [
                {"authority": item.authority, "number": item.number}
                for item in self.recruiter.licences.all()
            ],
            "registry_status": self.status.value,
            "registry_status_on": self.on.isoformat(),
            "registry_id": str(self.recruiter.uuid),
            "recorded_at": self.link.created_at.isoformat(),
        }


def case_parties_on(*, case_id: int, on: date) -> list[CasePartyOnDay]:
    """The recruiters, employers and others a case names, each with its status on `on`.

    No permission check here: callers are the holder's case page and exports, which have
    already established that the reader holds the case.
    """
    links = (
        CaseParty.objects.filter(case_id=case_id)
        .select_related("recruiter")
        .prefetch_related("recruiter__licences")
        .order_by("role", "recruiter__name", "id")
    )
    return [
        CasePartyOnDay(link, recruiter_status_on(recruiter=link.recruiter, on=on)[0], on)
        for link in links
    ]
