"""Reads of the inspection app. Every read starts from the workplaces of the actor's own
organisation (`workplaces_visible_to`); another organisation's record answers 404."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from needsfirst.inspection import Ranked, WorkplaceSignals, rank
from needsfirst.inspection.targeting import Backtest, backtest
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.common.registry_links import RegistryEntry, registry_links
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


@dataclass(frozen=True)
class RegistryView:
    """What the recruiter registry says today of a workplace's employer and recruiters."""

    employer: RegistryEntry | None
    recruiters: tuple[RegistryEntry, ...]
    missing: int  # entries linked but no longer in the registry


def _entry_ids(workplace: Workplace) -> list[str]:
    ids = [str(item) for item in workplace.recruiter_entries or []]
    return [workplace.employer_entry, *ids] if workplace.employer_entry else ids


def _registry_read(
    workplaces: list[Workplace], *, on: date
) -> tuple[dict[str, RegistryEntry], dict[str, int]]:
    """The registry entries of these workplaces and how many cases name each employer entry,
    asked once through the look-up the recruitment app registers (nothing without it)."""
    links = registry_links()
    ids = sorted({entry for item in workplaces for entry in _entry_ids(item)})
    employers = sorted({item.employer_entry for item in workplaces if item.employer_entry})
    if links is None:
        return {}, {}
    entries = links.entries(ids, on=on) if ids else {}
    counts = links.case_counts(employers) if employers else {}
    return entries, counts


def registry_view(
    workplace: Workplace, *, on: date, entries: dict[str, RegistryEntry] | None = None
) -> RegistryView:
    """The workplace's registry entries with their standing on `on`."""
    if entries is None:
        entries, _counts = _registry_read([workplace], on=on)
    recruiters = tuple(
        entries[str(item)] for item in workplace.recruiter_entries or [] if str(item) in entries
    )
    return RegistryView(
        employer=entries.get(workplace.employer_entry) if workplace.employer_entry else None,
        recruiters=recruiters,
        missing=sum(1 for item in _entry_ids(workplace) if item not in entries),
    )


def signals_of(
    workplace: Workplace,
    *,
    on: date,
    registry: tuple[dict[str, RegistryEntry], dict[str, int]] | None = None,
) -> WorkplaceSignals:
    """What the targeting score reads of a workplace: counts and a share, never a person.

    Unlicensed recruiters: the registry entries without a licence in force on `on`, plus the
    plain records marked unlicensed. Case signals: how many cases, in any organisation, name
    the workplace's employer entry as a party (a count from the registry's look-up; the
    inspectorate never learns which cases)."""
    entries, counts = registry if registry is not None else _registry_read([workplace], on=on)
    view = registry_view(workplace, on=on, entries=entries)
    plain: list[dict[str, Any]] = workplace.recruiters or []
    return WorkplaceSignals(
        key=str(workplace.uuid),
        isic=workplace.isic,
        complaints=workplace.complaints,
        earlier_findings=earlier_findings(workplace),
        unlicensed_recruiters=sum(1 for item in plain if item.get("licensed") is False)
        + sum(1 for entry in view.recruiters if not entry.licensed),
        migrant_share=workplace.migrant_share,
        case_signals=counts.get(workplace.employer_entry, 0) if workplace.employer_entry else 0,
    )


def ranked_workplaces(actor: Actor, *, on: date) -> list[tuple[Ranked, Workplace]]:
    """The organisation's workplaces ranked by the targeting score, with its reasons."""
    workplaces = {str(item.uuid): item for item in workplaces_visible_to(actor)}
    registry = _registry_read(list(workplaces.values()), on=on)
    ranked = rank(
        (signals_of(item, on=on, registry=registry) for item in workplaces.values()), on=on
    )
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


def visit_found_forced_labour(visit: Visit) -> bool:
    return any(item.indicators for item in visit.findings.all())


def backtest_of(actor: Actor, *, on: date, top: int = 5) -> Backtest | None:
    """How the score would have ranked the organisation's workplaces before their latest done
    visit, against what that visit found. Earlier findings count only visits done before it;
    the other signals are as recorded now (a workplace's record keeps no history). None when
    no visit is done yet."""
    history: list[tuple[WorkplaceSignals, bool]] = []
    workplaces = list(workplaces_visible_to(actor))
    registry = _registry_read(workplaces, on=on)
    for workplace in workplaces:
        done = list(
            workplace.visits.filter(status=VisitStatus.DONE)
            .prefetch_related("findings")
            .order_by("-done_on", "-id")
        )
        if not done:
            continue
        last, earlier = done[0], done[1:]
        signals = signals_of(workplace, on=on, registry=registry)
        before = sum(
            1
            for visit in earlier
            if visit.done_on is not None
            and last.done_on is not None
            and visit.done_on < last.done_on
            and visit_found_forced_labour(visit)
        )
        history.append((replace(signals, earlier_findings=before), visit_found_forced_labour(last)))
    if not history:
        return None
    return backtest(history, on=on, top=top)


@dataclass(frozen=True)
class ReferralStatus:
    """What the inspectorate sees of a referral it made: the label, the partner, the day of
    consent and whether (and when) the partner opened a case; never the case itself."""

    worker_label: str
    partner: str
    consent_on: date
    opened_on: date | None


def visit_referrals(visit: Visit) -> list[ReferralStatus]:
    rows = (
        WorkerReferral.objects.filter(visit=visit)
        .order_by("created_at", "id")
        .values_list("worker_label", "partner__name", "consent_on", "opened_at")
    )
    return [
        ReferralStatus(label, partner, consent_on, opened.date() if opened else None)
        for label, partner, consent_on, opened in rows
    ]
