"""Writes of the duplicate review: start a run, merge two people, undo a merge, say "not the
same person". Each is one transaction with its audit entry; a refused merge is audited too."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from needsfirst.dedup import find_duplicates
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.common.jobs import enqueue
from needsfirst.web.dedup.models import (
    CandidateStatus,
    DuplicateCandidate,
    DuplicateRun,
    PersonMerge,
    RunStatus,
)
from needsfirst.web.dedup.records import person_record
from needsfirst.web.dedup.selectors import open_candidates

logger = logging.getLogger(__name__)
T = TypeVar("T")


class MergeRefused(Exception):
    """A merge or an undo that may not happen; `code` says why (the page words it)."""

    OTHER_ORGANISATION = "other_organisation"
    ERASED = "erased"
    ALREADY_MERGED = "already_merged"
    DECIDED = "decided"
    SAME_PERSON = "same_person"
    ALREADY_UNDONE = "already_undone"
    CHANGED = "changed"

    def __init__(self, code: str, obj: Any = None) -> None:
        super().__init__(code)
        self.code = code
        self.obj = obj


def _audit_refusals(service: Callable[..., T]) -> Callable[..., T]:
    """Write the refusal's audit entry after the service's transaction has rolled back."""

    @wraps(service)
    def wrapped(*, actor: Actor, **kwargs: Any) -> T:
        try:
            return service(actor=actor, **kwargs)
        except MergeRefused as refused:
            audit_record(
                actor=actor,
                action=AuditAction.ACCESS_DENIED,
                obj=refused.obj,
                holder_id=actor.organisation_id,
                detail={"refused": refused.code},
            )
            raise

    return wrapped


def _staff_of_case_roles(actor: Actor) -> int:
    """The actor's organisation, if the actor is a caseworker or a supervisor of one."""
    if actor.user is None or actor.role not in CASE_ROLES or actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation_id


def _staff_or_audited_refusal(actor: Actor, object_type: str) -> int:
    """As `_staff_of_case_roles`, the refusal on the audit trail (the command line has no
    page decorator to record it)."""
    try:
        return _staff_of_case_roles(actor)
    except PermissionDenied:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            object_type=object_type,
            holder_id=actor.organisation_id,
            detail={"refused": "role"},
        )
        raise


def start_run(*, actor: Actor) -> DuplicateRun:
    """Queue the model over the organisation's people (the job gets ids, never values)."""
    organisation = _staff_of_case_roles(actor)
    run = DuplicateRun.objects.create(organisation_id=organisation, requested_by=actor.staff)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=run, holder_id=actor.organisation_id)
    transaction.on_commit(lambda: enqueue(run_duplicate_detection, run.pk))
    return run


def run_now(*, actor: Actor) -> DuplicateRun:
    """Run the model over the organisation's people here and now (the command line), rather
    than in the worker; the run is recorded and audited as one started from the page."""
    organisation = _staff_or_audited_refusal(actor, "duplicaterun")
    run = DuplicateRun.objects.create(organisation_id=organisation, requested_by=actor.staff)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=run, holder_id=organisation)
    run_duplicate_detection(run.pk)
    run.refresh_from_db()
    return run


def candidate_counts(*, actor: Actor) -> dict[str, int]:
    """How many pairs the organisation has to review, merged and dismissed, and its merges in
    force: counts only, never a name."""
    organisation = _staff_or_audited_refusal(actor, "duplicatecandidate")
    by_status = {
        row["status"]: row["pairs"]
        for row in DuplicateCandidate.objects.filter(organisation_id=organisation)
        .values("status")
        .annotate(pairs=Count("id"))
    }
    counts = {
        # as the review page lists them: without a person erased or handed over since
        "pairs_to_review": open_candidates(actor.staff).count(),
        "pairs_merged": by_status.get(CandidateStatus.MERGED, 0),
        "pairs_not_the_same": by_status.get(CandidateStatus.NOT_SAME, 0),
        "merges_in_force": len(_absorbed_ids(organisation)),
    }
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="duplicatecandidate",
        object_id="counts",
        holder_id=organisation,
        detail=counts,
    )
    return counts


def _absorbed_ids(organisation_id: int) -> set[int]:
    return set(
        PersonMerge.objects.filter(
            organisation_id=organisation_id, undone_at__isnull=True
        ).values_list("absorbed_id", flat=True)
    )


def run_duplicate_detection(run_id: int) -> int:
    """The job: decrypt the organisation's people in memory, run the model (DuckDB in memory,
    no spilling), store new candidate pairs (ids, score, reason codes). Returns how many."""
    run = DuplicateRun.objects.get(pk=run_id)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        found = _detect(run)
    except Exception as error:  # the run says it failed; no value reaches the log
        logger.error("duplicate detection run %s failed: %s", run.pk, type(error).__name__)
        run.status = RunStatus.FAILED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return 0
    return found


def _detect(run: DuplicateRun) -> int:
    absorbed = _absorbed_ids(run.organisation_id)
    people = (
        Person.objects.filter(organisation_id=run.organisation_id, anonymised_at__isnull=True)
        .exclude(id__in=absorbed)
        .prefetch_related("documents")
    )
    records = [person_record(p) for p in people.iterator(chunk_size=500)]
    result = find_duplicates(records)
    del records
    known = set(
        DuplicateCandidate.objects.filter(organisation_id=run.organisation_id).values_list(
            "person_a_id", "person_b_id"
        )
    )
    new = []
    for pair in result.pairs:
        a, b = sorted((int(pair.left), int(pair.right)))
        if (a, b) in known:
            continue
        known.add((a, b))
        new.append(
            DuplicateCandidate(
                organisation_id=run.organisation_id,
                run=run,
                person_a_id=a,
                person_b_id=b,
                probability=round(pair.probability, 4),
                reasons=pair.reasons,
            )
        )
    with transaction.atomic():
        DuplicateCandidate.objects.bulk_create(new, batch_size=500)
        run.status = RunStatus.DONE
        run.people = len(result.clusters)
        run.candidates = len(new)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "people", "candidates", "finished_at"])
        audit_record(
            actor=Actor.system("duplicate_detection"),
            action=AuditAction.VIEW,
            obj=run,
            holder_id=run.organisation_id,
            detail={"people": run.people, "candidates": run.candidates},
        )
    return len(new)


def _refuse(actor: Actor, code: str, obj: Any) -> MergeRefused:
    return MergeRefused(code, obj)


def _check_people(
    actor: Actor,
    kept: Person,
    absorbed: Person,
    obj: Any,
    expected_versions: dict[int, int] | None = None,
) -> None:
    if kept.pk == absorbed.pk:
        raise _refuse(actor, MergeRefused.SAME_PERSON, obj)
    if {kept.organisation_id, absorbed.organisation_id} != {actor.organisation_id}:
        raise _refuse(actor, MergeRefused.OTHER_ORGANISATION, obj)
    if kept.anonymised_at or absorbed.anonymised_at:
        raise _refuse(actor, MergeRefused.ERASED, obj)
    if PersonMerge.objects.filter(
        Q(absorbed=kept) | Q(absorbed=absorbed), undone_at__isnull=True
    ).exists():
        raise _refuse(actor, MergeRefused.ALREADY_MERGED, obj)
    # Checked last, on the locked rows: an edit since the reader compared them refuses.
    if expected_versions is not None and any(
        expected_versions.get(person.pk) != person.version for person in (kept, absorbed)
    ):
        raise _refuse(actor, MergeRefused.CHANGED, obj)


@_audit_refusals
def merge_people(
    *,
    actor: Actor,
    kept: Person,
    absorbed: Person,
    candidate: DuplicateCandidate | None = None,
    expected_versions: dict[int, int] | None = None,
) -> PersonMerge:
    """`absorbed` is `kept`: move the absorbed person's cases (with their notes, screenings,
    plans) to the kept person and record the mapping. Both people must be held by the actor's
    organisation; nothing is deleted. `expected_versions` (person pk -> version read), when
    given, refuses the merge if either person changed since."""
    organisation = _staff_of_case_roles(actor)
    with transaction.atomic():
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, absorbed.pk])
        }
        kept, absorbed = locked.get(kept.pk, kept), locked.get(absorbed.pk, absorbed)
        _check_people(actor, kept, absorbed, candidate or absorbed, expected_versions)
        moved = list(absorbed.cases.values_list("id", flat=True))
        Case.objects.filter(id__in=moved).update(person=kept, version=F("version") + 1)
        # A new version: a reader of the absorbed person learns that it changed.
        Person.objects.filter(pk=absorbed.pk).update(merged_into=kept, version=F("version") + 1)
        merge = PersonMerge.objects.create(
            organisation_id=organisation,
            kept=kept,
            absorbed=absorbed,
            candidate=candidate,
            moved_case_ids=moved,
            merged_by=actor.staff,
        )
        if candidate is not None:
            candidate.status = CandidateStatus.MERGED
            candidate.decided_by = actor.staff
            candidate.decided_at = timezone.now()
            candidate.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=merge,
            holder_id=actor.organisation_id,
            detail={
                "merged": True,
                "kept": str(kept.uuid),
                "absorbed": str(absorbed.uuid),
                "cases_moved": len(moved),
            },
        )
    return merge


@_audit_refusals
def merge_candidate(
    *,
    actor: Actor,
    candidate_uuid: Any,
    keep: str,
    versions: tuple[int, int] | None = None,
) -> PersonMerge:
    """Merge the two people of a candidate pair, keeping `keep` ("a" or "b"); `versions`, the
    versions of person a and person b the reader compared, refuses if either changed."""
    organisation = _staff_of_case_roles(actor)
    with transaction.atomic():
        candidate = (
            DuplicateCandidate.objects.select_for_update()
            .select_related("person_a", "person_b")
            .get(uuid=candidate_uuid, organisation_id=organisation)
        )
        if candidate.status != CandidateStatus.OPEN:
            raise _refuse(actor, MergeRefused.DECIDED, candidate)
        kept, absorbed = (
            (candidate.person_a, candidate.person_b)
            if keep == "a"
            else (candidate.person_b, candidate.person_a)
        )
        expected = (
            None
            if versions is None
            else {candidate.person_a_id: versions[0], candidate.person_b_id: versions[1]}
        )
        return merge_people(
            actor=actor,
            kept=kept,
            absorbed=absorbed,
            candidate=candidate,
            expected_versions=expected,
        )


@_audit_refusals
def not_the_same(*, actor: Actor, candidate_uuid: Any) -> DuplicateCandidate:
    organisation = _staff_of_case_roles(actor)
    with transaction.atomic():
        candidate = DuplicateCandidate.objects.select_for_update().get(
            uuid=candidate_uuid, organisation_id=organisation
        )
        if candidate.status != CandidateStatus.OPEN:
            raise _refuse(actor, MergeRefused.DECIDED, candidate)
        candidate.status = CandidateStatus.NOT_SAME
        candidate.decided_by = actor.staff
        candidate.decided_at = timezone.now()
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=candidate,
            holder_id=actor.organisation_id,
            detail={"not_the_same_person": True},
        )
    return candidate


@_audit_refusals
def undo_merge(*, actor: Actor, merge_uuid: Any) -> PersonMerge:
    """Move the cases back to the absorbed person and reopen the candidate."""
    organisation = _staff_of_case_roles(actor)
    with transaction.atomic():
        merge = (
            PersonMerge.objects.select_for_update()
            .select_related("kept", "absorbed")
            .get(uuid=merge_uuid, organisation_id=organisation)
        )
        if merge.undone_at is not None:
            raise _refuse(actor, MergeRefused.ALREADY_UNDONE, merge)
        kept, absorbed = merge.kept, merge.absorbed
        if {kept.organisation_id, absorbed.organisation_id} != {actor.organisation_id}:
            raise _refuse(actor, MergeRefused.OTHER_ORGANISATION, merge)
        if kept.anonymised_at or absorbed.anonymised_at:
            raise _refuse(actor, MergeRefused.ERASED, merge)
        returned = Case.objects.filter(id__in=merge.moved_case_ids, person=kept).update(
            person=absorbed, version=F("version") + 1
        )
        Person.objects.filter(pk=absorbed.pk, merged_into=kept).update(
            merged_into=None, version=F("version") + 1
        )
        merge.undone_at = timezone.now()
        merge.undone_by = actor.staff
        merge.save(update_fields=["undone_at", "undone_by"])
        if merge.candidate_id is not None:
            DuplicateCandidate.objects.filter(pk=merge.candidate_id).update(
                status=CandidateStatus.OPEN, decided_by=None, decided_at=None
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=merge,
            holder_id=actor.organisation_id,
            detail={"undone": True, "cases_moved_back": returned},
        )
    return merge
