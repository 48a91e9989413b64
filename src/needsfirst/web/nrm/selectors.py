"""Reads of the NRM app. Two doors, never one: the sending organisation reads its own case's
referrals; a competent authority reads only what a referral carries, only while the referral is
bound to it and the person's consent is in force (a child referred without consent excepted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from needsfirst import nrm
from needsfirst.needs import EntitlementSummary
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, OrganisationType, User
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, ConsentKind, SharingPurpose
from needsfirst.web.nrm.models import (
    ChallengeOutcome,
    CompetentAuthority,
    NrmChallenge,
    NrmDecision,
    NrmKind,
    NrmReferral,
    NrmStatus,
)
from needsfirst.web.screening.models import TraffickingStatus

OPEN = (NrmStatus.AWAITING_FIRST, NrmStatus.AWAITING_CONCLUSIVE)


class ConsentWithdrawn(PermissionDenied):
    """The person withdrew the consent the referral rests on: the authority may not read it."""


def authorities() -> QuerySet[CompetentAuthority]:
    """Designated authorities whose jurisdiction needsfirst holds a mechanism for."""
    codes = nrm.supported_jurisdictions()
    return CompetentAuthority.objects.filter(
        jurisdiction__in=codes, organisation__type=OrganisationType.COMPETENT_AUTHORITY
    ).select_related("organisation")


def is_authority_member(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.role in CASE_ROLES
        and user.organisation is not None
        and user.organisation.type == OrganisationType.COMPETENT_AUTHORITY
    )


def referral_consent(case: Case, authority: CompetentAuthority) -> Any:
    """The person's consent in force to share data with this authority for a referral."""
    return (
        case.consents.filter(
            kind=ConsentKind.DATA_SHARING,
            granted=True,
            withdrawn_on__isnull=True,
            purpose=SharingPurpose.REFERRAL,
            recipient=authority.organisation,
        )
        .order_by("-decided_on", "-recorded_at")
        .first()
    )


def referrals_of_case(case: Case) -> QuerySet[NrmReferral]:
    return case.nrm_referrals.select_related("authority__organisation", "consent").prefetch_related(
        "decisions__authority_decision", "decisions__challenges"
    )


def readable_by_authority(referral: NrmReferral) -> bool:
    """Whether what the referral carries may still be read by its authority."""
    if referral.kind == NrmKind.NOTIFICATION:
        return True  # nothing in it identifies the person
    if referral.consent_id is None:
        return referral.child
    return bool(referral.consent and referral.consent.in_force)


def _bound_to(user: User) -> QuerySet[NrmReferral]:
    if not is_authority_member(user):
        return NrmReferral.objects.none()
    return NrmReferral.objects.filter(authority__organisation=user.organisation).select_related(
        "authority__organisation", "consent"
    )


def referral_for_authority(actor: Actor, referral_uuid: Any) -> NrmReferral:
    """The referral, for a member of the authority it was sent to, while it may be read.

    Another authority's id, another organisation's, or a role that decides nothing: 404 and an
    audit entry. Consent withdrawn since it was sent: refused (403) and an audit entry.
    """
    user = actor.staff
    try:
        referral = _bound_to(user).get(uuid=referral_uuid)
    except (NrmReferral.DoesNotExist, ValueError, ValidationError) as error:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            object_type="nrmreferral",
            object_id=str(referral_uuid),
            detail={"view": "nrm_authority"},
        )
        raise Http404 from error
    if not readable_by_authority(referral):
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            obj=referral,
            detail={"view": "nrm_authority", "reason": "consent_withdrawn"},
        )
        raise ConsentWithdrawn
    return referral


def referral_for_sender(user: User, referral_uuid: Any) -> NrmReferral:
    """A referral of a case the user's organisation holds (a share does not open it)."""
    if user.role not in CASE_ROLES or user.organisation_id is None:
        raise Http404
    try:
        return NrmReferral.objects.select_related("case", "authority__organisation").get(
            uuid=referral_uuid, case__organisation_id=user.organisation_id
        )
    except (NrmReferral.DoesNotExist, ValueError) as error:
        raise Http404 from error


def referrals_held_by(user: User) -> QuerySet[NrmReferral]:
    """The referrals and notifications of every case the user's organisation holds (the
    sender's list; a share of a case does not open its referrals)."""
    if user.role not in CASE_ROLES or user.organisation_id is None:
        return NrmReferral.objects.none()
    return (
        NrmReferral.objects.filter(case__organisation_id=user.organisation_id)
        .select_related("case", "authority__organisation", "consent")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=NrmDecision.objects.select_related("authority_decision").prefetch_related(
                    "challenges"
                ),
            )
        )
    )


def decisions_of(referral: NrmReferral) -> list[NrmDecision]:
    """In the order taken; read from the prefetch when the caller made one (the queue)."""
    return list(referral.decisions.all())


def latest_decision(referral: NrmReferral, stage: str | None = None) -> NrmDecision | None:
    decisions = [d for d in decisions_of(referral) if stage is None or d.stage == stage]
    return decisions[-1] if decisions else None


def is_positive(decision: NrmDecision) -> bool:
    """The outcome, read from the one place it is kept: the authority decision's status."""
    return decision.authority_decision.status != TraffickingStatus.NOT_A_VICTIM


def pending_challenges(referral: NrmReferral) -> QuerySet[NrmChallenge]:
    return NrmChallenge.objects.filter(
        decision__referral=referral, outcome=ChallengeOutcome.PENDING
    ).select_related("decision")


# ------------------------------------------------------------------------------ the queue


@dataclass(frozen=True)
class QueueRow:
    referral: NrmReferral
    stage: str
    deadline: nrm.Deadline | None
    readable: bool

    @property
    def overdue(self) -> bool:
        return bool(self.deadline and self.deadline.overdue)


def _started_on(referral: NrmReferral, stage: str) -> date:
    if stage == nrm.StageName.CONCLUSIVE_GROUNDS:
        first = latest_decision(referral, nrm.StageName.REASONABLE_GROUNDS)
        if first is not None:
            return first.authority_decision.decided_on
    return referral.received_on


def stage_deadline(referral: NrmReferral, today: date) -> tuple[str, nrm.Deadline | None]:
    stage = (
        nrm.StageName.CONCLUSIVE_GROUNDS
        if referral.status == NrmStatus.AWAITING_CONCLUSIVE
        else nrm.StageName.REASONABLE_GROUNDS
    )
    started = _started_on(referral, stage)
    try:
        mechanism = nrm.mechanism_on(referral.jurisdiction, started)
        return stage, nrm.deadline_for(
            mechanism, stage, started_on=started, today=max(today, started)
        )
    except nrm.NrmInputError:
        return stage, None


def authority_queue(user: User, today: date) -> list[QueueRow]:
    """The authority's open referrals: overdue first, then by due date, then longest waiting.

    A referral whose consent was withdrawn stays listed (the authority must know it stopped)
    but without what it carried.
    """
    rows = []
    referrals = (
        _bound_to(user)
        .filter(kind=NrmKind.REFERRAL, status__in=OPEN)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=NrmDecision.objects.select_related("authority_decision"),
            )
        )
    )
    for referral in referrals:
        stage, deadline = stage_deadline(referral, today)
        rows.append(QueueRow(referral, stage, deadline, readable_by_authority(referral)))

    def order(row: QueueRow) -> tuple[int, date, int]:
        due = row.deadline.due_on if row.deadline and row.deadline.due_on else date.max
        waited = row.deadline.waited_days if row.deadline else 0
        return (0 if row.overdue else 1, due, -waited)

    return sorted(rows, key=order)


def authority_notifications(user: User) -> QuerySet[NrmReferral]:
    return _bound_to(user).filter(kind=NrmKind.NOTIFICATION).order_by("-sent_at")


def entitlements_for(referral: NrmReferral, today: date) -> EntitlementSummary | None:
    """What the latest decision gives, from the needs package (None before any decision)."""
    decision = latest_decision(referral)
    if decision is None:
        return None
    try:
        mechanism = nrm.mechanism_on(referral.jurisdiction, decision.authority_decision.decided_on)
    except nrm.NrmInputError:
        return None
    return nrm.entitlements_after(
        mechanism, decision.stage, positive=is_positive(decision), on=today, child=referral.child
    )


def appeal_by(decision: NrmDecision) -> date | None:
    """The last day to appeal a negative decision, where the law sets a time limit."""
    if is_positive(decision):
        return None
    decided_on = decision.authority_decision.decided_on
    try:
        mechanism = nrm.mechanism_on(decision.referral.jurisdiction, decided_on)
    except nrm.NrmInputError:
        return None
    return nrm.appeal_by(mechanism, decided_on)


def mechanism_for(referral: NrmReferral) -> nrm.Mechanism | None:
    try:
        return nrm.mechanism_on(referral.jurisdiction, referral.received_on)
    except nrm.NrmInputError:
        return None
