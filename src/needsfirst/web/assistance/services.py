"""Writes of the needs-first pages. Each service is one transaction and leaves its audit entry.

The plan is produced from the needs assessment alone: nothing here reads or waits for screening.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from needsfirst import law, needs
from needsfirst.web.accounts.models import CASE_ROLES, Role, User
from needsfirst.web.assistance.errors import as_validation_error
from needsfirst.web.assistance.models import (
    NOTIFICATION_TEXTS,
    OPEN_STATUSES,
    CooperationRecord,
    NeedsAssessment,
    Notification,
    NotificationKind,
    PlanItem,
    ReflectionPeriod,
)
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, CaseStatus


def _reasons(reasons: tuple[needs.Reason, ...]) -> list[dict[str, Any]]:
    return [
        {
            "rule_id": reason.rule_id,
            "text": reason.text,
            "urgency": int(reason.urgency),
            "facts": [[name, answer.value] for name, answer in reason.facts],
            "source": reason.source.cite(),
            "url": reason.source.url,
        }
        for reason in reasons
    ]


def facts_for(case: Case, answers: Mapping[str, Any]) -> needs.AssessmentFacts:
    """The core's facts: the answers, with the person's estimated age and language as context."""
    raw: dict[str, Any] = dict(answers)
    person = case.person
    if person.estimated_age is not None:
        raw["age_estimate"] = person.estimated_age
    if person.primary_language:
        raw["language"] = person.primary_language
    return needs.facts_from_mapping(raw)


@transaction.atomic
def assessment_record(
    *,
    request: HttpRequest | None,
    by: User,
    case: Case,
    answers: Mapping[str, str],
    assessed_on: date,
    jurisdiction: str,
    category: str = needs.Category.ANY_MIGRANT.key,
    today: date | None = None,
) -> NeedsAssessment:
    """Assess needs and write the plan: one item per suggested action, at once, for everyone.

    Open items of an earlier assessment are kept; a still-open action the new assessment asks
    for again is raised to the new urgency and the earlier due date, never lowered.
    """
    today = today or timezone.localdate()
    try:
        facts = facts_for(case, answers)
        core_category = needs.Category.from_key(category)
        assessment = needs.needs_assess(facts)
        plan = needs.plan_build(
            assessment,
            assessed_on=assessed_on,
            today=today,
            jurisdiction=jurisdiction,
            category=core_category,
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    except ValueError as error:  # Category.from_key
        raise ValidationError({"category": _("Choose a category from the list.")}) from error

    version = (case.needs_assessments.aggregate(n=Max("version"))["n"] or 0) + 1
    record = NeedsAssessment.objects.create(
        case=case,
        answers={name: facts.answer(name).value for name in needs.fact_names()},
        assessed_on=assessed_on,
        assessed_by=by,
        jurisdiction=jurisdiction.strip().upper(),
        category=core_category.key,
        version=version,
        rules_version=law.rules_version()[:80],
    )
    open_items = {
        item.key: item for item in case.plan_items.filter(origin="triage", status__in=OPEN_STATUSES)
    }
    created = raised = 0
    for core_item in plan.items:
        existing = open_items.get(core_item.id)
        if existing is None:
            PlanItem.objects.create(
                case=case,
                assessment=record,
                key=core_item.id,
                origin="triage",
                domain=core_item.domain.value,
                action=core_item.action,
                role=core_item.role.value,
                due_on=core_item.due_on,
                urgency=int(core_item.urgency),
                support_plan_type=core_item.support_plan_type.value,
                reasons=_reasons(core_item.reasons),
            )
            created += 1
        elif int(core_item.urgency) > existing.urgency or core_item.due_on < existing.due_on:
            existing.urgency = max(existing.urgency, int(core_item.urgency))
            existing.due_on = min(existing.due_on, core_item.due_on)
            existing.reasons = _reasons(core_item.reasons)
            existing.assessment = record
            existing.save()
            raised += 1
    if case.status == CaseStatus.OPEN:
        # Assistance starts with the plan, whatever any screening says or has not said yet.
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.ASSISTANCE)
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        obj=record,
        actor=by,
        detail={"case": str(case.uuid), "items_created": created, "items_raised": raised},
    )
    return record


def _core_item(item: PlanItem) -> needs.PlanItem:
    return needs.PlanItem(
        id=item.key,
        domain=needs.Domain(item.domain),
        action=item.action,
        role=needs.Role(item.role),
        support_plan_type=needs.SupportPlanType(item.support_plan_type),
        urgency=needs.Urgency(item.urgency),
        due_on=item.due_on,
        status=needs.ActionStatus(item.status),
        reasons=(),
        origin=item.origin,
    )


def core_plan(case: Case, assessed_on: date) -> needs.AssistancePlan:
    """The stored plan as the core's value, so that the core's rules judge every change."""
    items = tuple(_core_item(item) for item in case.plan_items.all())
    return needs.AssistancePlan(
        assessed_on=assessed_on,
        category=needs.Category.ANY_MIGRANT,
        items=items,
        entitlements=None,
    )


@transaction.atomic
def plan_action_add(
    *,
    request: HttpRequest | None,
    by: User,
    case: Case,
    domain: str,
    action: str,
    role: str,
    due_on: date,
    urgency: int,
    support_plan_type: str,
    responsible: User | None = None,
    today: date | None = None,
) -> PlanItem:
    """Add an action a caseworker decided on. A due date in the past is refused on `due_on`."""
    today = today or timezone.localdate()
    if responsible is not None and (
        responsible.organisation_id != case.organisation_id or responsible.role not in CASE_ROLES
    ):
        raise ValidationError({"responsible": _("Choose a member of your own organisation.")})
    before = core_plan(case, today)
    try:
        after = needs.plan_action_add(
            before,
            domain=needs.Domain(domain),
            action=action,
            role=needs.Role(role),
            due_on=due_on,
            today=today,
            support_plan_type=needs.SupportPlanType(support_plan_type),
            urgency=needs.Urgency(int(urgency)),
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    except ValueError as error:
        raise ValidationError(_("A value is not one of the choices.")) from error
    known = {item.id for item in before.items}
    new = next(item for item in after.items if item.id not in known)
    latest = case.needs_assessments.first()
    item = PlanItem.objects.create(
        case=case,
        assessment=latest,
        key=new.id,
        origin="caseworker",
        domain=new.domain.value,
        action=new.action,
        role=new.role.value,
        responsible=responsible,
        due_on=new.due_on,
        urgency=int(new.urgency),
        support_plan_type=new.support_plan_type.value,
    )
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        obj=item,
        actor=by,
        detail={"case": str(case.uuid)},
    )
    return item


@transaction.atomic
def plan_item_status_set(
    *, request: HttpRequest | None, by: User, item: PlanItem, status: str
) -> PlanItem:
    """Record progress, or that the person declined (their consent decides, CoE Art. 12(7))."""
    try:
        changed = needs.plan_action_status_set(
            core_plan(item.case, timezone.localdate()),
            item_id=item.key,
            status=needs.ActionStatus(status),
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    except ValueError as error:
        raise ValidationError({"status": _("Choose a status from the list.")}) from error
    item.status = changed.item(item.key).status.value
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        obj=item,
        actor=by,
        detail={"case": str(item.case.uuid), "fields": ["status"]},
    )
    return item


@transaction.atomic
def plan_item_assign(
    *, request: HttpRequest | None, by: User, item: PlanItem, responsible: User | None
) -> PlanItem:
    """Name the staff member who carries out an open action (or nobody: the role stands).

    Only active case staff of the organisation holding the case; refused on `responsible`."""
    case = item.case
    if responsible is not None and (
        responsible.organisation_id != case.organisation_id
        or responsible.role not in CASE_ROLES
        or not responsible.is_active
    ):
        raise ValidationError({"responsible": _("Choose a member of your own organisation.")})
    if not item.is_open:
        raise ValidationError({"responsible": _("This action is no longer open.")})
    before = item.responsible_id
    item.responsible = responsible
    item.save(update_fields=["responsible", "updated_at"])
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        obj=item,
        actor=by,
        detail={
            "case": str(case.uuid),
            "fields": ["responsible"],
            "from": before,
            "to": responsible.pk if responsible is not None else None,
        },
    )
    return item


@transaction.atomic
def plan_item_reschedule(
    *,
    request: HttpRequest | None,
    by: User,
    item: PlanItem,
    due_on: date,
    today: date | None = None,
) -> PlanItem:
    """Move an action's due date (the core's rule: never into the past, refused on `due_on`)."""
    today = today or timezone.localdate()
    try:
        changed = needs.plan_action_reschedule(
            core_plan(item.case, today), item_id=item.key, due_on=due_on, today=today
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    before = item.due_on
    item.due_on = changed.item(item.key).due_on
    item.save(update_fields=["due_on", "updated_at"])
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        obj=item,
        actor=by,
        detail={
            "case": str(item.case.uuid),
            "fields": ["due_on"],
            "from": before.isoformat(),
            "to": item.due_on.isoformat(),
        },
    )
    return item


@transaction.atomic
def category_set(
    *, request: HttpRequest | None, by: User, assessment: NeedsAssessment, category: str
) -> NeedsAssessment:
    """The category the caseworker chose for the entitlements panel. It changes no need."""
    try:
        assessment.category = needs.Category.from_key(category).key
    except ValueError as error:
        raise ValidationError({"category": _("Choose a category from the list.")}) from error
    assessment.save(update_fields=["category"])
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        obj=assessment,
        actor=by,
        detail={"case": str(assessment.case.uuid), "fields": ["category"]},
    )
    return assessment


@transaction.atomic
def reflection_period_start(
    *,
    request: HttpRequest | None,
    by: User,
    case: Case,
    jurisdiction: str,
    starts_on: date,
    variant: str = "default",
    decision_on: date | None = None,
) -> ReflectionPeriod:
    """Record a period computed by the core. No cooperation is read: it cannot change the period."""
    try:
        period = needs.reflection_period_compute(
            jurisdiction=jurisdiction,
            starts_on=starts_on,
            variant=variant or "default",
            decision_on=decision_on,
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    record = ReflectionPeriod.objects.create(
        case=case,
        jurisdiction=period.jurisdiction,
        variant=period.variant,
        starts_on=period.starts_on,
        ends_on=period.last_day,
        open_ended=period.open_ended,
        decision_on=period.decision_on,
        title=period.rule.title[:200],
        length=period.rule.length.describe()[:60],
        length_is=period.rule.length_is.value,
        basis=period.basis,
        source=period.source.cite()[:400],
        source_url=period.source.url[:400],
        effective_from=period.effective_from,
        notes=list(period.notes),
        reminder_dates=[day.isoformat() for day in period.reminders],
        recorded_by=by,
    )
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        obj=record,
        actor=by,
        detail={"case": str(case.uuid)},
    )
    return record


@transaction.atomic
def cooperation_record(
    *,
    request: HttpRequest | None,
    by: User,
    case: Case,
    status: str,
    recorded_on: date,
    note: str = "",
) -> CooperationRecord:
    """The person's choice about cooperating with the police, apart from everything else."""
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("This date is in the future.")})
    try:
        needs.CooperationStatus(status)
    except ValueError as error:
        raise ValidationError({"status": _("Choose a value from the list.")}) from error
    record = CooperationRecord.objects.create(
        case=case, status=status, recorded_on=recorded_on, note=note, recorded_by=by
    )
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        obj=record,
        actor=by,
        detail={"case": str(case.uuid)},
    )
    return record


@transaction.atomic
def notification_mark_read(*, by: User, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


# --- reminders --------------------------------------------------------------------------------


def _recipients(case: Case) -> list[User]:
    """The assigned caseworker; without one, the supervisors of the holding organisation."""
    if case.assigned_caseworker is not None and case.assigned_caseworker.is_active:
        return [case.assigned_caseworker]
    return list(
        User.objects.filter(
            organisation_id=case.organisation_id, role=Role.SUPERVISOR, is_active=True
        )
    )


def _notify(
    user: User,
    *,
    kind: str,
    code: str,
    params: dict[str, str],
    case: Case,
    due: date | None,
    key: str,
) -> Notification | None:
    notification, created = Notification.objects.get_or_create(
        user=user,
        dedupe_key=key,
        defaults={
            "kind": kind,
            "text_code": code,
            "params": params,
            "case": case,
            "due_on": due,
        },
    )
    return notification if created else None


def _email(notification: Notification) -> None:
    user = notification.user
    if not user.email:
        return
    with translation.override(user.preferred_language or "en"):
        subject = _("needsfirst: %(kind)s") % {"kind": notification.get_kind_display()}
        body = str(NOTIFICATION_TEXTS[notification.text_code]) % notification.params
    send_mail(subject, body, None, [user.email])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])


REFERRAL_ANSWER_CODES = {
    "accepted": "referral_accepted",
    "declined": "referral_declined",
    "completed": "referral_completed",
}


def referral_answer_notify(
    *, case: Case, status: str, referring: User, referral_id: str
) -> list[Notification]:
    """Tell the referring caseworker and the case's assigned caseworker that a referral was
    accepted, declined or completed: in the app, and by e-mail once the answer is committed.

    Only staff of the organisation holding the case are told, never the answering organisation;
    the text holds the case reference and the status, no personal data.
    """
    code = REFERRAL_ANSWER_CODES[status]
    recipients: dict[int, User] = {}
    for user in (referring, case.assigned_caseworker):
        if (
            user is not None
            and user.is_active
            and user.role in CASE_ROLES
            and user.organisation_id == case.organisation_id
        ):
            recipients[user.pk] = user
    created: list[Notification] = []
    for user in recipients.values():
        made = _notify(
            user,
            kind=NotificationKind.REFERRAL_ANSWER,
            code=code,
            params={"reference": case.reference, "referral": referral_id},
            case=case,
            due=None,
            key=f"{code}:{referral_id}",
        )
        if made:
            created.append(made)

    def send() -> None:
        for notification in created:
            _email(notification)

    transaction.on_commit(send)
    return created


def _referral_tasks_notify(today: date) -> list[Notification]:
    """Referral follow-up tasks due by tomorrow or overdue, not done, on open referrals of open
    cases: the staff member who set the task if still active case staff of the holding
    organisation, else the assigned caseworker, else the supervisors. The text holds the case
    reference, the due date and a link to the referral, never the task's (encrypted) text."""
    from needsfirst.web.referrals.models import FollowUpTask  # referrals imports this module

    created: list[Notification] = []
    tasks = (
        FollowUpTask.objects.filter(
            done_at__isnull=True,
            referral__closed_at__isnull=True,
            due_on__lte=today + timedelta(days=1),
        )
        .exclude(referral__case__status=CaseStatus.CLOSED)
        .select_related(
            "created_by", "referral", "referral__case", "referral__case__assigned_caseworker"
        )
        .order_by("due_on", "id")
    )
    for task in tasks:
        case = task.referral.case
        setter = task.created_by
        users = (
            [setter]
            if setter.is_active
            and setter.role in CASE_ROLES
            and setter.organisation_id == case.organisation_id
            else _recipients(case)
        )
        code = "referral_task_overdue" if task.due_on < today else "referral_task_due"
        for user in users:
            made = _notify(
                user,
                kind=NotificationKind.REFERRAL_TASK,
                code=code,
                params={
                    "reference": case.reference,
                    "due": task.due_on.isoformat(),
                    "referral": str(task.referral.uuid),
                },
                case=case,
                due=task.due_on,
                key=f"{code}:{task.uuid}:{task.due_on.isoformat()}",
            )
            if made:
                created.append(made)
    return created


# Other apps' reminders (the claims app's deadlines), registered from their `ready()`: each
# takes today's date and returns the notifications it created, not yet e-mailed.
REMINDER_SOURCES: list[Callable[[date], list[Notification]]] = []


def register_reminders(source: Callable[[date], list[Notification]]) -> None:
    if source not in REMINDER_SOURCES:
        REMINDER_SOURCES.append(source)


def reminders_send(today: date | None = None) -> dict[str, int]:
    """Notify due and overdue plan actions and referral follow-up tasks, and reflection periods
    ending soon; e-mail each once.

    Idempotent: a notification is keyed by its user and event, so a second run creates and sends
    nothing new. Texts carry the case reference and dates only.
    """
    today = today or timezone.localdate()
    created: list[Notification] = []
    with transaction.atomic():
        items = PlanItem.objects.filter(
            status__in=OPEN_STATUSES, due_on__lte=today + timedelta(days=1)
        ).select_related("case", "case__assigned_caseworker", "responsible")
        for item in items:
            if item.case.status == CaseStatus.CLOSED:
                continue
            code = "task_overdue" if item.due_on < today else "task_due"
            users = [item.responsible] if item.responsible else _recipients(item.case)
            for user in users:
                made = _notify(
                    user,
                    kind=NotificationKind.TASK_DUE,
                    code=code,
                    params={"reference": item.case.reference, "due": item.due_on.isoformat()},
                    case=item.case,
                    due=item.due_on,
                    key=f"{code}:{item.uuid}:{item.due_on.isoformat()}",
                )
                if made:
                    created.append(made)
        created += _referral_tasks_notify(today)
        for source in REMINDER_SOURCES:
            created += source(today)
        periods = ReflectionPeriod.objects.filter(
            open_ended=False, ends_on__gte=today
        ).select_related("case", "case__assigned_caseworker")
        for period in periods:
            # One notice at each reminder date the core computed (14, 7 and 1 days before).
            passed = [day for day in period.reminder_dates if date.fromisoformat(day) <= today]
            if not passed or period.case.status == CaseStatus.CLOSED:
                continue
            for user in _recipients(period.case):
                made = _notify(
                    user,
                    kind=NotificationKind.REFLECTION_ENDING,
                    code="reflection_ending",
                    params={"reference": period.case.reference, "ends": period.ends_on.isoformat()},
                    case=period.case,
                    due=period.ends_on,
                    key=f"reflection_ending:{period.uuid}:{max(passed)}",
                )
                if made:
                    created.append(made)
    emailed = 0
    for notification in created:
        _email(notification)
        emailed += 1 if notification.emailed_at else 0
    return {"created": len(created), "emailed": emailed}
