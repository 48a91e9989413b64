"""Reads of the duplicate review, each starting from the user's organisation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.dedup.models import (
    CandidateStatus,
    DuplicateCandidate,
    DuplicateRun,
    PersonMerge,
)


def _organisation(user: User) -> int | None:
    """The organisation whose people the user reviews; None for roles that review nobody."""
    if user.role not in CASE_ROLES:
        return None
    return user.organisation_id


def open_candidates(user: User) -> QuerySet[DuplicateCandidate]:
    organisation = _organisation(user)
    if organisation is None:
        return DuplicateCandidate.objects.none()
    return DuplicateCandidate.objects.filter(
        organisation_id=organisation,
        status=CandidateStatus.OPEN,
        # a person erased, or handed over to another organisation, since the run is not shown
        person_a__organisation_id=organisation,
        person_b__organisation_id=organisation,
        person_a__anonymised_at__isnull=True,
        person_b__anonymised_at__isnull=True,
    ).select_related("person_a", "person_b")


def _of_organisation(user: User, records: QuerySet[Any], record_uuid: Any) -> Any:
    """The record with this uuid, if the user's organisation holds it; otherwise 404."""
    organisation = _organisation(user)
    if organisation is None:
        raise Http404
    try:
        return records.get(uuid=record_uuid, organisation_id=organisation)
    except (ObjectDoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error


def candidate_for(user: User, candidate_uuid: Any) -> DuplicateCandidate:
    """The candidate, if the user's organisation holds it; otherwise 404."""
    records = DuplicateCandidate.objects.select_related("person_a", "person_b")
    candidate: DuplicateCandidate = _of_organisation(user, records, candidate_uuid)
    return candidate


def merges_of(user: User) -> QuerySet[PersonMerge]:
    """The merges of the user's organisation whose two people it still holds, newest first."""
    organisation = _organisation(user)
    if organisation is None:
        return PersonMerge.objects.none()
    return PersonMerge.objects.filter(
        organisation_id=organisation,
        kept__organisation_id=organisation,
        absorbed__organisation_id=organisation,
    ).select_related("kept", "absorbed", "merged_by", "undone_by", "candidate")


def recent_merges(user: User, *, limit: int = 20) -> QuerySet[PersonMerge]:
    return merges_of(user)[:limit]


def merge_for(user: User, merge_uuid: Any) -> PersonMerge:
    """The merge, if the user's organisation made it; otherwise 404."""
    records = PersonMerge.objects.select_related("kept", "absorbed")
    merge: PersonMerge = _of_organisation(user, records, merge_uuid)
    return merge


def latest_run(user: User) -> DuplicateRun | None:
    organisation = _organisation(user)
    if organisation is None:
        return None
    return DuplicateRun.objects.filter(organisation_id=organisation).first()
