"""Reads of the inspection app. Every read starts from the workplaces of the actor's own
organisation (`workplaces_visible_to`); another organisation's record answers 404."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from needsfirst.inspection import Ranked, WorkplaceSignals, rank
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.inspection.models import (
    Finding,
    Sanction,
    Visit,
    VisitStatus,
    WorkerReferral,
    Workplace,
)


def workplaces_visible_to(actor: Actor) -> QuerySet[Workplace]:
    if actor.organisation_id is None:
        return Workplace.objects.none()
    return Workplace.objects.filter(organisation_id=actor.organisation_id)


def workplace_get(actor: Actor, workplace_uuid: UUID | str) -> Workplace:
    found = workplaces_visible_to(actor).filter(uuid=workplace_uuid).first()
    if found is None:
        raise Http404
    return found


def visit_get(actor: Actor, visit_uuid: UUID | str) -> Visit:
    found = (
        Visit.objects.filter(workplace__in=workplaces_visible_to(actor), uuid=visit_uuid)
        .select_related("workplace")
        .first()
    )
    if found is None:
        raise Http404
    return found


def sanction_get(actor: Actor, sanction_uuid: UUID | str) -> Sanction:
    found = (
        Sanction.objects.filter(
            visit__workplace__in=workplaces_visible_to(actor), uuid=sanction_uuid
        )
        .select_related("visit", "visit__workplace")
        .first()
    )
    if found is None:
        raise Http404
    return found


def earlier_findings(workplace: Workplace) -> int:
    """Done visits at which a forced-labour indicator was found."""
    return (
        Visit.objects.filter(
            workplace=workplace,
            status=VisitStatus.DONE,
            findings__in=Finding.objects.exclude(indicators=[]),
        )
        .distinct()
        .count()
    )


def signals_of(workplace: Workplace) -> WorkplaceSignals:
    """What the targeting score reads of a workplace: counts and a share, never a person.

    Case signals are 0: counting cases that point to a workplace needs a link from cases to
    workplaces that does not exist yet (see docs/inspection.md)."""
    recruiters: list[dict[str, Any]] = workplace.recruiters or []
    return WorkplaceSignals(
        key=str(workplace.uuid),
        isic=workplace.isic,
        complaints=workplace.complaints,
        earlier_findings=earlier_findings(workplace),
        unlicensed_recruiters=sum(1 for item in recruiters if item.get("licensed") is False),
        migrant_share=workplace.migrant_share,
        case_signals=0,
    )


def ranked_workplaces(actor: Actor, *, on: date) -> list[tuple[Ranked, Workplace]]:
    """The organisation's workplaces ranked by the targeting score, with its reasons."""
    workplaces = {str(item.uuid): item for item in workplaces_visible_to(actor)}
    ranked = rank((signals_of(item) for item in workplaces.values()), on=on)
    return [(item, workplaces[item.score.key]) for item in ranked]


def referral_partners(actor: Actor) -> QuerySet[Organisation]:
    """The organisations a worker may be referred to: any but the inspectorate itself."""
    partners = Organisation.objects.order_by("name")
    if actor.organisation_id is None:
        return partners
    return partners.exclude(pk=actor.organisation_id)


def worker_referrals_to(actor: Actor) -> QuerySet[WorkerReferral]:
    """Referrals from an inspection to the actor's organisation, not yet opened as a case."""
    if actor.organisation_id is None:
        return WorkerReferral.objects.none()
    return WorkerReferral.objects.filter(
        partner_id=actor.organisation_id, opened_at__isnull=True
    ).select_related("visit", "visit__workplace")


def worker_referral_get(actor: Actor, referral_uuid: UUID | str) -> WorkerReferral:
    try:
        wanted = UUID(str(referral_uuid))
    except ValueError as error:
        raise Http404 from error
    found = worker_referrals_to(actor).filter(uuid=wanted).first()
    if found is None:
        raise Http404
    return found


def sanctions_outstanding(actor: Actor, *, on: date) -> list[Sanction]:
    """Fines and back-pay orders of the organisation not paid in full, the most overdue first:
    the follow-up list until each is paid."""
    found = (
        Sanction.objects.filter(
            visit__workplace__in=workplaces_visible_to(actor), amount__isnull=False
        )
        .select_related("visit", "visit__workplace")
        .order_by("due_on", "id")
    )
    return [item for item in found if not item.settled]
