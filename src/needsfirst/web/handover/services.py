"""Writing hand-overs. Each service is one transaction with its audit entries on both sides.

The consent gate lives here, not in a view, so that no path can hand a case over without it:
a data-sharing consent in force on the case, naming the receiving organisation, for the purpose
"hand-over", checked when the case is sent and again when it is accepted.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any, NoReturn

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Organisation
from needsfirst.web.assistance.models import OPEN_STATUSES
from needsfirst.web.assistance.services.plan import plan_action_add
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, CaseStatus, ClosureCode, ConsentKind, SharingPurpose
from needsfirst.web.handover.models import (
    FOLLOW_UP_MONTHS,
    FollowUp,
    FollowUpOutcome,
    Handover,
    HandoverKind,
    HandoverSection,
    HandoverStatus,
)
from needsfirst.web.handover.selectors import follow_up_consent, transfer_consent
from needsfirst.web.screening.models import Determination
from needsfirst.web.screening.selectors import status_of_labels
from needsfirst.web.screening.services import authority_decision_record

IDENTITY_FIELDS = (
    "first_name",
    "middle_name",
    "second_name",
    "birthdate",
    "estimated_age",
    "estimated_age_on",
    "sex",
    "gender",
    "citizenship",
    "primary_language",
    "secondary_language",
    "identity_number",
)
CONTACT_FIELDS = (
    "email",
    "mobile_phone",
    "home_phone",
    "mailing_street",
    "mailing_city",
    "mailing_country",
    "safe_contact",
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 months: 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _both_sides(
    actor: Actor, handover: Handover, action: str, detail: dict[str, Any], obj: Any = None
) -> None:
    """One entry on the sending organisation's trail and one on the receiving one's."""
    target = obj if obj is not None else handover
    audit_record(actor=actor, action=action, obj=target, detail=detail)
    audit_record(
        actor=actor, action=action, obj=target, detail=detail, holder_id=handover.recipient_id
    )


def _check_sender(actor: Actor, case: Case) -> None:
    staff = actor.staff
    if staff.role not in CASE_ROLES or staff.organisation_id != case.organisation_id:
        raise PermissionDenied


def _check_receiver(actor: Actor, handover: Handover) -> None:
    # The recipient bound at sending; a user who moved to another organisation is not it.
    staff = actor.staff
    if staff.role not in CASE_ROLES or staff.organisation_id != handover.recipient_id:
        raise PermissionDenied


def _refuse(actor: Actor, obj: Any, reason: str, message: str) -> NoReturn:
    """Record the refused attempt (outside any transaction, so it stays) and say why."""
    audit_record(
        actor=actor,
        action=AuditAction.ACCESS_DENIED,
        obj=obj,
        detail={"view": "handover", "reason": reason},
    )
    # The code on the message itself (a dict's own `code` is not kept): the API answers it.
    raise ValidationError({NON_FIELD_ERRORS: ValidationError(message, code=reason)})


def _check_send(case: Case, recipient: Organisation, kind: str, chosen: list[str]) -> None:
    errors: dict[str, str] = {}
    if not chosen:
        errors["sections"] = _("Tick at least one section to hand over.")
    elif not set(chosen) <= set(HandoverSection.values):
        errors["sections"] = _("Choose sections from the list.")
    if kind not in HandoverKind.values:
        errors["kind"] = _("Choose the kind of move from the list.")
    if recipient.pk == case.organisation_id:
        errors["recipient"] = _("Choose another organisation: your own already holds the case.")
    if case.status == CaseStatus.CLOSED:
        errors[NON_FIELD_ERRORS] = _("A closed case cannot be handed over. Reopen it first.")
    elif case.handovers_out.filter(status=HandoverStatus.SENT).exists():
        errors[NON_FIELD_ERRORS] = _(
            "This case is already waiting for an answer to a hand-over. Wait for it first."
        )
    if errors:
        raise ValidationError(errors)


def handover_send(
    *,
    actor: Actor,
    case: Case,
    recipient: Organisation,
    kind: str,
    sections: Iterable[str],
    message: str = "",
) -> Handover:
    """Send the case to `recipient`, behind the consent gate. Nothing is copied yet: the
    receiving organisation accepts (a new case is opened there) or declines."""
    _check_sender(actor, case)
    chosen = sorted(set(sections))
    _check_send(case, recipient, kind, chosen)
    consent = transfer_consent(case, recipient.pk)
    if consent is None:
        _refuse(
            actor,
            case,
            "no_consent",
            _(
                "Hand-over refused: the person has not given consent, in force, to hand the case "
                "over to %(recipient)s. Record the person's consent on the case first."
            )
            % {"recipient": recipient.name},
        )
    screening_status, screened_on = "", None
    if HandoverSection.SCREENING in chosen:
        latest = Determination.objects.filter(screening__case=case).first()
        if latest is not None:
            screening_status = status_of_labels(list(latest.label_ids))
            screened_on = latest.created_at.date()
    with transaction.atomic():
        handover = Handover.objects.create(
            case=case,
            recipient=recipient,
            recipient_country=recipient.country,
            consent=consent,
            kind=kind,
            sections=chosen,
            message=message.strip(),
            sent_by=actor.staff,
            screening_status=screening_status,
            screened_on=screened_on,
        )
        _both_sides(
            actor,
            handover,
            AuditAction.CREATE,
            {"case": str(case.uuid), "sections": chosen, "recipient": str(recipient.uuid)},
        )
    return handover


def handover_check_answerer(*, actor: Actor, handover: Handover) -> None:
    """PermissionDenied unless the actor may answer the hand-over (a case role in the receiving
    organisation bound at sending): checked before the answer's input is read."""
    _check_receiver(actor, handover)


def _open_for_answer(actor: Actor, handover: Handover) -> None:
    _check_receiver(actor, handover)
    if handover.status != HandoverStatus.SENT:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This hand-over was already answered.")}, code="answered"
        )


EVENT_FIELDS = (
    "type",
    "date",
    "date_is_approximate",
    "country",
    "state",
    "city",
    "street",
    "description",
)


def _person_data(handover: Handover) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    person = handover.case.person
    went = set(handover.sections)
    data: dict[str, Any] = {}
    other_names: list[tuple[str, str]] = []
    if HandoverSection.IDENTITY in went:
        data.update({name: getattr(person, name) for name in IDENTITY_FIELDS})
        other_names = [(other.kind, other.value) for other in person.other_names.all()]
    if HandoverSection.CONTACT in went:
        data.update({name: getattr(person, name) for name in CONTACT_FIELDS})
    return data, other_names


def _copy_records(actor: Actor, old: Case, case: Case, went: set[str], today: date) -> None:
    if HandoverSection.DOCUMENTS in went:
        for document in old.person.documents.all():
            data: dict[str, Any] = {
                "type": document.type,
                "number": document.number,
                "issuing_country": document.issuing_country,
                "held_by": document.held_by,
            }
            case_services.document_add(actor=actor, case=case, data=data)
    if HandoverSection.EVENTS in went:
        for event in old.events.all():
            data = {name: getattr(event, name) for name in EVENT_FIELDS}
            case_services.event_add(actor=actor, case=case, data=data)
    if HandoverSection.NOTES in went:
        for note in old.notes.all():
            case_services.note_add(actor=actor, case=case, body=note.body, on=note.note_date)
    _copy_plan_and_screening(actor, old, case, went, today)


def _copy_plan_and_screening(
    actor: Actor, old: Case, case: Case, went: set[str], today: date
) -> None:
    if HandoverSection.PLAN in went:
        for item in old.plan_items.filter(status__in=OPEN_STATUSES):
            plan_action_add(
                actor=actor,
                case=case,
                domain=item.domain,
                action=item.action,
                role=item.role,
                due_on=max(item.due_on, today),
                urgency=item.urgency,
                support_plan_type=item.support_plan_type,
                today=today,
            )
    if HandoverSection.SCREENING in went:
        for decision in old.authority_decisions.all():
            decision_data: dict[str, Any] = {
                "status": decision.status,
                "decision_making_org": decision.decision_making_org,
                "organisation_name": decision.organisation_name,
                "decided_on": decision.decided_on,
            }
            authority_decision_record(actor=actor, case=case, data=decision_data)


def _copy_case(actor: Actor, handover: Handover, today: date) -> Case:
    """A new case at the receiving organisation, with only the sections that went."""
    old = handover.case
    data, other_names = _person_data(handover)
    case = case_services.case_intake(actor=actor, person_data=data, other_names=other_names)
    _copy_records(actor, old, case, set(handover.sections), today)
    # The person's wish that the follow-up be seen back by the sender travels with the case.
    wish = follow_up_consent(old, old.organisation_id)
    if wish is not None:
        case_services.consent_record(
            actor=actor,
            case=case,
            data={
                "kind": ConsentKind.DATA_SHARING,
                "granted": True,
                "purpose": SharingPurpose.FOLLOW_UP_BACK,
                "recipient": old.organisation,
                "method": wish.method,
                "decided_on": wish.decided_on,
            },
        )
    return case


def handover_accept(*, actor: Actor, handover: Handover) -> Handover:
    """The receiving organisation takes the case: a new case opens there with what went, the
    follow-ups at 3, 6 and 12 months are set, and the sending case is closed as its history.

    Refused, with nothing written, if the consent was withdrawn since sending, or if the
    receiving organisation is no longer where it was when the case was sent."""
    _open_for_answer(actor, handover)
    consent = type(handover.consent).objects.get(pk=handover.consent_id)
    if not consent.in_force or consent.recipient_id != handover.recipient_id:
        _refuse(
            actor,
            handover,
            "consent_withdrawn",
            _(
                "Acceptance refused: the person's consent to this hand-over is no longer in "
                "force. Nothing was copied; the sending organisation still holds the case."
            ),
        )
    recipient = Organisation.objects.get(pk=handover.recipient_id)
    if recipient.country != handover.recipient_country:
        _refuse(
            actor,
            handover,
            "recipient_moved",
            _(
                "Acceptance refused: your organisation's country changed after the case was "
                "sent, and the person consented to a hand-over to the organisation as it was. "
                "The sending organisation must ask the person again."
            ),
        )
    today = timezone.localdate()
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.status != HandoverStatus.SENT:
            raise ValidationError({NON_FIELD_ERRORS: _("This hand-over was already answered.")})
        new_case = _copy_case(actor, handover, today)
        handover.status = HandoverStatus.ACCEPTED
        handover.answered_by = actor.staff
        handover.answered_at = timezone.now()
        handover.accepted_on = today
        handover.new_case = new_case
        handover.save()
        FollowUp.objects.bulk_create(
            [
                FollowUp(handover=handover, months=months, due_on=add_months(today, months))
                for months in FOLLOW_UP_MONTHS
            ]
        )
        old = handover.case
        # The sending organisation keeps its case as history, closed and read-only; it holds it
        # no more.
        case_services.case_update(
            actor=Actor.system("handover_accept"),
            case=old,
            data={
                "status": CaseStatus.CLOSED,
                # a code, said in each reader's language (Case.closure_said)
                "closure_code": ClosureCode.HANDED_OVER,
                # from now on every change to it is refused (cases.services.writes_case)
                "handed_over_at": timezone.now(),
            },
            expected_version=Case.objects.values_list("version", flat=True).get(pk=old.pk),
        )
        _both_sides(
            actor,
            handover,
            AuditAction.UPDATE,
            {"status": "accepted", "case": str(old.uuid), "new_case": str(new_case.uuid)},
        )
    return handover


@transaction.atomic
def handover_decline(*, actor: Actor, handover: Handover, reason: str) -> Handover:
    """The receiving organisation declines; the sending organisation keeps the case."""
    _open_for_answer(actor, handover)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hand-over is declined.")})
    handover.status = HandoverStatus.DECLINED
    handover.answered_by = actor.staff
    handover.answered_at = timezone.now()
    handover.decline_reason = reason.strip()
    handover.save()
    _both_sides(actor, handover, AuditAction.UPDATE, {"status": "declined"})
    return handover


@transaction.atomic
def follow_up_record(
    *, actor: Actor, follow_up: FollowUp, done_on: date, outcome: str, note: str = ""
) -> FollowUp:
    """The receiving organisation records a follow-up: when, what it found."""
    handover = follow_up.handover
    new_case = handover.new_case
    staff = actor.staff
    if (
        new_case is None
        or staff.role not in CASE_ROLES
        or staff.organisation_id != new_case.organisation_id
    ):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if outcome not in FollowUpOutcome.values:
        errors["outcome"] = _("Choose what the follow-up found.")
    assert handover.accepted_on is not None
    if done_on > timezone.localdate() or done_on < handover.accepted_on:
        errors["done_on"] = _(
            "The date of the follow-up must be between the acceptance of the case and today."
        )
    if errors:
        raise ValidationError(errors)
    follow_up.done_on = done_on
    follow_up.outcome = outcome
    follow_up.note = note.strip()
    follow_up.recorded_by = staff
    follow_up.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=follow_up,
        detail={"case": str(new_case.uuid), "months": follow_up.months},
        holder_id=new_case.organisation_id,
    )
    return follow_up
