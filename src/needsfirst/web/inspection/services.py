"""Writes of the inspection app: each one transaction with its audit entry, taking an `Actor`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from needsfirst.i18n import render
from needsfirst.inspection import household_entry
from needsfirst.inspection.household import ilo_indicators
from needsfirst.inspection.referral import screening_facts_from_checklist
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.audit.actor_record import audit_actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_intake
from needsfirst.web.common.registry_links import registry_links
from needsfirst.web.inspection.errors import InspectionError
from needsfirst.web.inspection.models import (
    ChecklistSubmission,
    Finding,
    FindingScope,
    JointPartner,
    Sanction,
    SanctionKind,
    Visit,
    VisitStatus,
    WorkerReferral,
    Workplace,
)
from needsfirst.web.screening.services import screening_save

WORKPLACE_FIELDS = (
    "name",
    "jurisdiction",
    "area",
    "address",
    "isic",
    "employer",
    "size",
    "migrant_share",
    "recruiters",
    "is_household",
    "complaints",
)


def _registry_links_of(data: dict[str, Any]) -> dict[str, Any]:
    """The registry entries named by `employer_registry` (one licence number or name) and
    `registry_recruiters` (a list of them), as entry ids; one that matches nothing is refused
    naming its field, so the inspector records it as a plain record instead."""
    employer_query = str(data.get("employer_registry") or "").strip()
    recruiter_queries = [str(item) for item in data.get("registry_recruiters") or []]
    if not employer_query and not recruiter_queries:
        return {}
    links = registry_links()
    if links is None:
        field = "employer_registry" if employer_query else "registry_recruiters"
        raise InspectionError(field, _("No recruiter registry is installed on this service."))
    today = timezone.localdate()
    out: dict[str, Any] = {}
    if employer_query:
        found = links.find(employer_query, on=today)
        if found is None:
            raise InspectionError(
                "employer_registry",
                _("No registry entry matches this; leave it empty and give the employer."),
            )
        out["employer_entry"] = found.id
    entries: list[str] = []
    for query in recruiter_queries:
        found = links.find(query, on=today)
        if found is None:
            raise InspectionError(
                "registry_recruiters",
                _("No registry entry matches one of the lines; record it under recruiters used."),
            )
        if found.id not in entries:
            entries.append(found.id)
    out["recruiter_entries"] = entries
    return out


@transaction.atomic
def workplace_register(*, actor: Actor, data: dict[str, Any]) -> Workplace:
    if not 0 <= int(data.get("migrant_share", 0)) <= 100:
        raise InspectionError("migrant_share", _("A share is a percentage from 0 to 100."))
    linked = _registry_links_of(data)
    organisation = actor.staff.organisation
    if organisation is None:
        raise InspectionError(
            "organisation", _("Only a member of an inspectorate records workplaces.")
        )
    workplace = Workplace.objects.create(
        organisation=organisation,
        created_by=actor.staff,
        **{key: data[key] for key in WORKPLACE_FIELDS if key in data},
        **linked,
    )
    audit_actor(actor=actor, action=AuditAction.CREATE, obj=workplace)
    return workplace


@transaction.atomic
def visit_plan(
    *,
    actor: Actor,
    workplace: Workplace,
    planned_on: date,
    joint_with: Sequence[str] = (),
    entry_bases: Sequence[str] = (),
) -> Visit:
    """Plan a visit. A private household is entered only on a basis its country's law accepts
    (consent, warrant): without one the visit is refused, naming what the law requires."""
    unknown = set(joint_with) - set(JointPartner.values)
    if unknown:
        raise InspectionError("joint_with", _("Choose the partners from the list."))
    if workplace.is_household:
        ruling = household_entry(workplace.jurisdiction, planned_on, bases=list(entry_bases))
        if not ruling.allowed:
            raise InspectionError("entry_bases", render(ruling.explanation, gettext))
    visit = Visit.objects.create(
        workplace=workplace,
        planned_on=planned_on,
        joint_with=list(joint_with),
        entry_bases=list(entry_bases) if workplace.is_household else [],
        created_by=actor.staff,
    )
    audit_actor(
        actor=actor, action=AuditAction.CREATE, obj=visit, detail={"workplace": str(workplace.uuid)}
    )
    return visit


@transaction.atomic
def visit_done(*, actor: Actor, visit: Visit, done_on: date) -> Visit:
    if done_on > timezone.localdate():
        raise InspectionError("done_on", _("A visit cannot be done in the future."))
    visit.status, visit.done_on = VisitStatus.DONE, done_on
    visit.save(update_fields=["status", "done_on"])
    audit_actor(actor=actor, action=AuditAction.UPDATE, obj=visit, detail={"status": "done"})
    return visit


@transaction.atomic
def finding_add(
    *,
    actor: Actor,
    visit: Visit,
    scope: str,
    worker_label: str = "",
    indicators: Sequence[str] = (),
    none_found: bool = False,
    note: str = "",
) -> Finding:
    """A finding about the workplace or one worker (by label). Contradictions are refused,
    naming the field: indicators and "none found" together, or a worker found both with and
    without indicators at the same visit."""
    if visit.status != VisitStatus.DONE:
        raise InspectionError("visit", _("Record the visit as done before its findings."))
    if scope not in FindingScope.values:
        raise InspectionError("scope", _("Choose what the finding is about."))
    label = worker_label.strip()
    if scope == FindingScope.WORKER and not label:
        raise InspectionError("worker_label", _("Give the worker a label such as Worker 2."))
    if scope == FindingScope.WORKPLACE and label:
        raise InspectionError("worker_label", _("A finding about the workplace names no worker."))
    unknown = set(indicators) - set(ilo_indicators())
    if unknown:
        raise InspectionError("indicators", _("Choose the indicators from the list."))
    if none_found and indicators:
        raise InspectionError(
            "none_found", _("A finding cannot both list indicators and say none was found.")
        )
    if not none_found and not indicators:
        raise InspectionError(
            "indicators", _("Choose the indicators found, or say none was found.")
        )
    earlier = visit.findings.filter(scope=scope, worker_label=label)
    if none_found and any(item.indicators for item in earlier):
        raise InspectionError(
            "none_found",
            _("Indicators were already recorded for this worker or workplace at this visit."),
        )
    if indicators and earlier.filter(none_found=True).exists():
        raise InspectionError(
            "indicators",
            _("No indicator was already recorded for this worker or workplace at this visit."),
        )
    finding = Finding.objects.create(
        visit=visit,
        scope=scope,
        worker_label=label,
        indicators=list(indicators),
        none_found=none_found,
        note=note,
        created_by=actor.staff,
    )
    audit_actor(
        actor=actor, action=AuditAction.CREATE, obj=finding, detail={"visit": str(visit.uuid)}
    )
    return finding


@transaction.atomic
def sanction_impose(
    *,
    actor: Actor,
    visit: Visit,
    kind: str,
    amount: Decimal | None = None,
    currency: str = "",
    workers: int = 0,
    due_on: date | None = None,
) -> Sanction:
    if visit.status != VisitStatus.DONE:
        raise InspectionError("visit", _("Record the visit as done before its sanctions."))
    if kind not in SanctionKind.values:
        raise InspectionError("kind", _("Choose the kind of sanction."))
    if kind in (SanctionKind.FINE, SanctionKind.BACK_PAY):
        if amount is None or amount <= 0:
            raise InspectionError("amount", _("Give the amount to pay."))
        if not currency:
            raise InspectionError("currency", _("Give the currency of the amount."))
        if due_on is None:
            raise InspectionError("due_on", _("Give the day the amount is due."))
    if due_on is not None and visit.done_on is not None and due_on < visit.done_on:
        raise InspectionError("due_on", _("The amount cannot be due before the visit."))
    if kind == SanctionKind.BACK_PAY and workers < 1:
        raise InspectionError("workers", _("Say how many workers are owed wages."))
    sanction = Sanction.objects.create(
        visit=visit,
        kind=kind,
        amount=amount,
        currency=currency,
        workers=workers,
        due_on=due_on,
        created_by=actor.staff,
    )
    audit_actor(
        actor=actor, action=AuditAction.CREATE, obj=sanction, detail={"visit": str(visit.uuid)}
    )
    return sanction


@transaction.atomic
def sanction_payment(
    *, actor: Actor, sanction: Sanction, amount: Decimal, paid_on: date
) -> Sanction:
    """Record a payment towards a fine or a back-pay order, until it is paid in full."""
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if sanction.amount is None:
        raise InspectionError("amount", _("This sanction has no amount to pay."))
    if amount <= 0:
        raise InspectionError("amount", _("Give the amount paid."))
    if sanction.paid + amount > sanction.amount:
        raise InspectionError("amount", _("More cannot be paid than the amount ordered."))
    if sanction.visit.done_on is not None and paid_on < sanction.visit.done_on:
        raise InspectionError("paid_on", _("A payment cannot come before the visit."))
    if paid_on > timezone.localdate():
        raise InspectionError("paid_on", _("A payment cannot be in the future."))
    sanction.paid += amount
    sanction.paid_on = paid_on
    sanction.save(update_fields=["paid", "paid_on"])
    audit_actor(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=sanction,
        detail={"payment": str(amount), "settled": sanction.settled},
    )
    return sanction


MAX_WORKERS = 20


def _partner(raw: Any, where: str, actor: Actor) -> Organisation:
    try:
        partner = Organisation.objects.get(uuid=str(raw))
    except (Organisation.DoesNotExist, ValueError, ValidationError) as error:
        raise InspectionError(where, _("Choose a partner organisation from the list.")) from error
    if partner.pk == actor.organisation_id:
        raise InspectionError(where, _("The referral goes to a partner, not to the inspectorate."))
    return partner


def _checked_worker(
    raw: Any, where: str, actor: Actor, known: set[str]
) -> tuple[str, list[str], Organisation | None]:
    if not isinstance(raw, dict):
        raise InspectionError(where, _("Send between one and twenty workers."))
    label = str(raw.get("label", "")).strip()[:40]
    if not label:
        raise InspectionError(f"{where}.label", _("Give the worker a label such as Worker 2."))
    indicators = raw.get("indicators") or []
    if not isinstance(indicators, list) or set(map(str, indicators)) - known:
        raise InspectionError(f"{where}.indicators", _("Choose the indicators from the list."))
    consent = raw.get("consent") is True
    partner = _partner(raw.get("partner"), f"{where}.partner", actor) if consent else None
    return label, [str(code) for code in indicators], partner


def _checked_workers(
    workers: Sequence[Any], actor: Actor
) -> list[tuple[str, list[str], Organisation | None]]:
    """Every worker of a sending checked before anything is written; errors name the field."""
    if not isinstance(workers, list) or not 1 <= len(workers) <= MAX_WORKERS:
        raise InspectionError("workers", _("Send between one and twenty workers."))
    known = set(ilo_indicators())
    rows: list[tuple[str, list[str], Organisation | None]] = []
    for index, raw in enumerate(workers):
        row = _checked_worker(raw, f"workers[{index}]", actor, known)
        if any(row[0] == earlier[0] for earlier in rows):
            raise InspectionError(f"workers[{index}].label", _("Two workers have the same label."))
        rows.append(row)
    return rows


def checklist_receive(
    *, actor: Actor, visit: Visit, submission: str, workers: Sequence[Any]
) -> tuple[ChecklistSubmission, bool]:
    """Store the on-site checklist of a visit: a finding per worker and, where the worker
    consented, a referral to the partner chosen. Returns the submission and whether it is new:
    a replayed sending (same `submission`) stores nothing again.

    Every entry is checked before anything is written; an error names its field
    (`workers[1].indicators`)."""
    try:
        submission_id = uuid.UUID(str(submission))
    except ValueError as error:
        raise InspectionError("submission", _("The sending has no valid identifier.")) from error
    with transaction.atomic():
        existing = ChecklistSubmission.objects.filter(uuid=submission_id).first()
        if existing is not None:
            if existing.visit_id != visit.pk:
                raise InspectionError("submission", _("The sending has no valid identifier."))
            return existing, False
        if visit.status != VisitStatus.DONE:
            raise InspectionError("visit", _("Record the visit as done before its findings."))
        rows = _checked_workers(workers, actor)
        saved = ChecklistSubmission.objects.create(
            uuid=submission_id, visit=visit, workers=len(rows), created_by=actor.staff
        )
        today = timezone.localdate()
        for label, indicators, partner in rows:
            Finding.objects.create(
                visit=visit,
                scope=FindingScope.WORKER,
                worker_label=label,
                indicators=indicators,
                none_found=not indicators,
                created_by=actor.staff,
            )
            if partner is not None:
                WorkerReferral.objects.create(
                    visit=visit,
                    submission=saved,
                    worker_label=label,
                    indicators=indicators,
                    partner=partner,
                    consent_on=today,
                )
        audit_actor(
            actor=actor,
            action=AuditAction.CREATE,
            obj=saved,
            detail={
                "visit": str(visit.uuid),
                "workers": len(rows),
                "referrals": sum(1 for row in rows if row[2] is not None),
            },
        )
    return saved, True


@transaction.atomic
def worker_referral_open(*, actor: Actor, referral: WorkerReferral, first_name: str) -> Case:
    """The partner opens the worker's case from the referral: a person with the name the worker
    gives, and a screening started from the indicators found on site (reviewed and completed
    by the caseworker). The inspectorate never sees the case."""
    referral = (
        WorkerReferral.objects.select_for_update()
        .select_related("visit__workplace")
        .get(pk=referral.pk)
    )
    if referral.case_id is not None or referral.opened_at is not None:
        raise InspectionError("referral", _("A case was already opened from this referral."))
    name = first_name.strip()
    if not name:
        raise InspectionError("first_name", _("Give the name the worker wants to be known by."))
    case = case_intake(actor=actor, person_data={"first_name": name[:100]})
    visit = referral.visit
    start = screening_facts_from_checklist(
        visit.workplace.jurisdiction, referral.indicators, as_of=visit.done_on or visit.planned_on
    )
    screening_save(actor=actor, case=case, facts=start.facts, expected_version=0)
    referral.case = case
    referral.opened_at = timezone.now()
    referral.save(update_fields=["case", "opened_at"])
    audit_actor(
        actor=actor, action=AuditAction.UPDATE, obj=referral, detail={"case": str(case.uuid)}
    )
    return case
