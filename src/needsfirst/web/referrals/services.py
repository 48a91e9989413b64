"""Writing the directory and referrals. Each service is one transaction with its audit entry.

The consent gate lives here, not in a view, so that no path (page, API, command) can send a
referral without it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Role, User
from needsfirst.web.assistance.services import referral_answer_notify
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, CaseShare, CaseShareSection, Consent
from needsfirst.web.cases.services import case_arg, case_of_arg, writes_case
from needsfirst.web.referrals.models import (
    FollowUpTask,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    ServiceProvider,
)
from needsfirst.web.referrals.selectors import referral_consent, referral_consent_holds

PROVIDER_FIELDS = (
    "name",
    "type",
    "organisation",
    "in_needsfirst",
    "domains",
    "languages",
    "country",
    "city",
    "opening_hours",
    "capacity",
    "eligibility",
    "contact",
    "active",
)


# --- the directory ----------------------------------------------------------------------------


def _check_manager(by: User) -> None:
    if by.role != Role.ORGANISATION_ADMIN or by.organisation_id is None:
        raise PermissionDenied


@transaction.atomic
def provider_create(*, actor: Actor, data: Mapping[str, Any]) -> ServiceProvider:
    _check_manager(actor.staff)
    provider = ServiceProvider(owner=actor.staff.organisation, **data)
    provider.full_clean()
    provider.save()
    audit_record(action=AuditAction.CREATE, obj=provider, actor=actor)
    return provider


@transaction.atomic
def provider_update(
    *, actor: Actor, provider: ServiceProvider, data: Mapping[str, Any]
) -> ServiceProvider:
    _check_manager(actor.staff)
    if provider.owner_id != actor.staff.organisation_id:
        raise PermissionDenied
    changed = sorted(name for name, value in data.items() if getattr(provider, name) != value)
    for name, value in data.items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save()
    audit_record(
        action=AuditAction.UPDATE,
        obj=provider,
        actor=actor,
        detail={"fields": changed},
    )
    return provider


# --- referrals --------------------------------------------------------------------------------


def _outside_referral_case(kwargs: Mapping[str, Any]) -> Case | None:
    """An outside partner's referral is completed by the holder (a change to its case); inside
    needsfirst the receiver completes it, which changes nothing of the holder's case."""
    referral = kwargs["referral"]
    return referral.case if referral.outside else None


def _task_case(kwargs: Mapping[str, Any]) -> Case:
    case: Case = kwargs["task"].referral.case
    return case


def _holder(by: User, case: Case) -> None:
    if by.role not in CASE_ROLES or by.organisation_id != case.organisation_id:
        raise PermissionDenied


def _receiver(by: User, referral: Referral) -> None:
    # The recipient bound at sending, not the directory entry's organisation today.
    if (
        by.role not in CASE_ROLES
        or referral.outside
        or referral.recipient_id is None
        or by.organisation_id != referral.recipient_id
    ):
        raise PermissionDenied


def referral_check_actor(*, actor: Actor, referral: Referral, action: str) -> None:
    """PermissionDenied unless the actor may take `action`: the receiver answers, the holder follows
    up and closes, and completion is the receiver's inside needsfirst and the holder's outside."""
    answered_inside = action == "complete" and not referral.outside
    if action in {"accept", "decline"} or answered_inside:
        _receiver(actor.staff, referral)
    else:
        _holder(actor.staff, referral.case)


def _open(referral: Referral) -> None:
    if referral.is_closed:
        raise ValidationError({NON_FIELD_ERRORS: _("This referral is closed.")}, code="closed")


def _send_errors(
    *,
    actor: Actor,
    case: Case,
    provider: ServiceProvider,
    chosen: list[str],
    needs_consent: bool,
    override: bool,
    override_reason: str,
) -> dict[str, str]:
    """Why the referral cannot go, by field (empty when it can); a refused override is audited."""
    errors: dict[str, str] = {}
    if not chosen:
        errors["sections"] = _("Tick at least one section to share.")
    elif not set(chosen) <= set(CaseShareSection.values):
        errors["sections"] = _("Choose sections from the list.")
    if not provider.active:
        errors["provider"] = _("This service is no longer listed in the directory.")
    if needs_consent and not override:
        recipient = provider.organisation.name if provider.organisation else provider.name
        errors[NON_FIELD_ERRORS] = _(
            "Referral refused: the person has not given consent, in force, to share data with "
            "%(recipient)s for a referral. Record the person's consent on the case first."
        ) % {"recipient": recipient}
    if needs_consent and override:
        if not actor.staff.may_override_consent:
            # Refused before anything is written; the attempt itself is on the record.
            audit_record(
                action=AuditAction.ACCESS_DENIED,
                obj=case,
                actor=actor,
                detail={"view": "referral_consent_override"},
            )
            errors["override"] = _(
                "You do not have the permission to send a referral without consent."
            )
        elif not override_reason.strip():
            errors["override_reason"] = _("Write why the referral must go without consent.")
    return errors


def _already_sent(case: Case, idempotency_key: uuid.UUID | None) -> Referral | None:
    """The referral of this case sent by the form with this one-time value, if any."""
    if idempotency_key is None:
        return None
    return Referral.objects.filter(case=case, idempotency_key=idempotency_key).first()


@writes_case("referral_send", case_arg)
def referral_send(
    *,
    actor: Actor,
    case: Case,
    provider: ServiceProvider,
    sections: Iterable[str],
    domain: str = "",
    message: str = "",
    override: bool = False,
    override_reason: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Referral:
    """Refer the case to a provider, behind the consent gate.

    Refused, with nothing written, unless the case holds a data-sharing consent in force naming
    the provider's organisation (or, for an outside provider with no organisation, the directory
    entry) for the purpose "referral". A service of the case's own organisation needs no
    consent: nothing leaves the organisation. An override needs the user's
    `may_override_consent` permission and a written reason; it leaves a distinct audit entry.

    The referral is bound to the recipient as it is now (organisation, outside or not, the
    entry's name and contact): a later change of the directory entry never moves it.

    `idempotency_key`, the one-time value of the form: if a referral of this case was already
    sent with it (the same form sent twice), that referral is returned and nothing is written.
    """
    _holder(actor.staff, case)
    if (already := _already_sent(case, idempotency_key)) is not None:
        return already
    chosen = sorted(set(sections))
    internal = (
        provider.organisation_id is not None and provider.organisation_id == case.organisation_id
    )
    consent = None if internal else referral_consent(case, provider)
    needs_consent = consent is None and not internal
    errors = _send_errors(
        actor=actor,
        case=case,
        provider=provider,
        chosen=chosen,
        needs_consent=needs_consent,
        override=override,
        override_reason=override_reason,
    )
    if errors:
        raise ValidationError(errors)
    try:
        return _referral_create(
            actor=actor,
            case=case,
            provider=provider,
            chosen=chosen,
            domain=domain,
            message=message,
            consent=consent,
            internal=internal,
            needs_consent=needs_consent,
            override_reason=override_reason,
            idempotency_key=idempotency_key,
        )
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request wrote it first.
        if idempotency_key is None:
            raise
        return Referral.objects.get(case=case, idempotency_key=idempotency_key)


def _referral_create(
    *,
    actor: Actor,
    case: Case,
    provider: ServiceProvider,
    chosen: list[str],
    domain: str,
    message: str,
    consent: Consent | None,
    internal: bool,
    needs_consent: bool,
    override_reason: str,
    idempotency_key: uuid.UUID | None,
) -> Referral:
    with transaction.atomic():
        referral = Referral.objects.create(
            idempotency_key=idempotency_key,
            case=case,
            provider=provider,
            recipient=provider.organisation,
            outside=provider.outside,
            provider_snapshot={
                "name": provider.name,
                "city": provider.city,
                "country": provider.country,
                "contact": provider.contact,
            },
            domain=domain,
            sections=chosen,
            message=message,
            consent=consent,
            overridden=needs_consent,
            override_reason=override_reason.strip() if needs_consent else "",
            sent_by=actor.staff,
        )
        audit_record(
            action=AuditAction.CREATE,
            obj=referral,
            actor=actor,
            detail={
                "case": str(case.uuid),
                "provider": str(provider.uuid),
                "sections": chosen,
                "outside": provider.outside,
                "recipient": str(provider.organisation.uuid) if provider.organisation else None,
                "internal": internal,
                "consent": str(consent.uuid) if consent else None,
            },
        )
        if needs_consent:
            audit_record(
                action=AuditAction.CREATE,
                object_type="consent_override",
                object_id=str(referral.uuid),
                actor=actor,
                detail={"case": str(case.uuid), "referral": str(referral.uuid)},
            )
    return referral


def _record(actor: Actor, referral: Referral, **detail: Any) -> None:
    audit_record(
        action=AuditAction.UPDATE,
        obj=referral,
        actor=actor,
        detail={"case": str(referral.case.uuid), **detail},
    )


def _tell_referrer(referral: Referral) -> None:
    """The partner's answer, to the referring caseworker and the case's assigned caseworker."""
    if referral.outside:
        return  # the holding organisation recorded it itself
    referral_answer_notify(
        case=referral.case,
        status=referral.status,
        referring=referral.sent_by,
        referral_id=str(referral.uuid),
    )


@transaction.atomic
def referral_accept(*, actor: Actor, referral: Referral) -> Referral:
    """The receiving organisation accepts: it sees the referred sections of the case from now,
    through a share resting on the same consent (withdrawing the consent revokes it)."""
    _receiver(actor.staff, referral)
    _open(referral)
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Only a referral waiting for an answer can be accepted.")}
        )
    if referral.internal:
        pass  # the organisation already holds the case: nothing to share
    elif referral.consent_id is not None:
        # Re-checked now, for the recipient bound at sending: the person may have withdrawn.
        if not referral_consent_holds(referral):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "The person withdrew the consent this referral rested on; it can no "
                        "longer be accepted."
                    )
                }
            )
        recipient, consent = referral.recipient, referral.consent
        # Both set: _receiver checked the recipient, referral_consent_holds the consent.
        assert recipient is not None
        assert consent is not None
        referral.share = CaseShare.objects.create(
            case=referral.case,
            organisation=recipient,
            consent=consent,
            sections=list(referral.sections),
        )
    referral.status = ReferralStatus.ACCEPTED
    referral.answered_by = actor.staff
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "answered_by", "answered_at", "share"])
    _record(actor, referral, status=referral.status, sections=list(referral.sections))
    _tell_referrer(referral)
    return referral


@transaction.atomic
def referral_decline(*, actor: Actor, referral: Referral, reason: str) -> Referral:
    _receiver(actor.staff, referral)
    _open(referral)
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Only a referral waiting for an answer can be declined.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason.strip()
    referral.answered_by = actor.staff
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "decline_reason", "answered_by", "answered_at"])
    _record(actor, referral, status=referral.status)
    _tell_referrer(referral)
    return referral


@writes_case("referral_complete", _outside_referral_case)
@transaction.atomic
def referral_complete(*, actor: Actor, referral: Referral) -> Referral:
    """The service was given. Inside needsfirst the receiver says so; for an outside partner,
    the holding organisation records it. Completing ends nothing else: the share stays."""
    if referral.outside:
        _holder(actor.staff, referral.case)
        allowed_from = {ReferralStatus.SENT, ReferralStatus.ACCEPTED}
    else:
        _receiver(actor.staff, referral)
        allowed_from = {ReferralStatus.ACCEPTED}
    _open(referral)
    if referral.status not in allowed_from:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Only an accepted referral can be marked as completed.")}
        )
    referral.status = ReferralStatus.COMPLETED
    referral.completed_at = timezone.now()
    referral.save(update_fields=["status", "completed_at"])
    _record(actor, referral, status=referral.status)
    _tell_referrer(referral)
    return referral


@writes_case("referral_close", case_of_arg("referral"))
@transaction.atomic
def referral_close(*, actor: Actor, referral: Referral, outcome: str, note: str = "") -> Referral:
    _holder(actor.staff, referral.case)
    _open(referral)
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the referral.")})
    referral.outcome = outcome
    referral.outcome_note = note.strip()
    referral.closed_by = actor.staff
    referral.closed_at = timezone.now()
    referral.save(update_fields=["outcome", "outcome_note", "closed_by", "closed_at"])
    _record(actor, referral, closed=True, outcome=outcome)
    return referral


@writes_case("task_add", case_of_arg("referral"))
@transaction.atomic
def task_add(*, actor: Actor, referral: Referral, description: str, due_on: date) -> FollowUpTask:
    _holder(actor.staff, referral.case)
    _open(referral)
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Say what is to be done.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("A follow-up cannot be due in the past.")
    if errors:
        raise ValidationError(errors)
    task = FollowUpTask.objects.create(
        referral=referral, description=description.strip(), due_on=due_on, created_by=actor.staff
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=task,
        actor=actor,
        detail={"referral": str(referral.uuid), "due_on": due_on.isoformat()},
    )
    return task


@writes_case("task_done", _task_case)
@transaction.atomic
def task_done(*, actor: Actor, task: FollowUpTask) -> FollowUpTask:
    _holder(actor.staff, task.referral.case)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor.staff
        task.save(update_fields=["done_at", "done_by"])
        audit_record(
            action=AuditAction.UPDATE,
            obj=task,
            actor=actor,
            detail={"referral": str(task.referral.uuid), "done": True},
        )
    return task


def referral_form_exported(*, actor: Actor, referral: Referral) -> None:
    """The printed form for an outside partner is an export of personal data: on the record."""
    _holder(actor.staff, referral.case)
    audit_record(
        action=AuditAction.EXPORT,
        obj=referral,
        actor=actor,
        detail={
            "case": str(referral.case.uuid),
            "format": "pdf",
            "sections": list(referral.sections),
        },
    )
