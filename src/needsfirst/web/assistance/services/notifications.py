"""Notifications in the app and by e-mail: each keyed by its user and event, so never sent twice.

Texts carry the case reference and dates only, never personal data.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Role, User
from needsfirst.web.assistance.models import (
    NOTIFICATION_TEXTS,
    Notification,
    NotificationKind,
)
from needsfirst.web.cases.models import Case
from needsfirst.web.common.jobs import enqueue


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one's own notification read; another person's is refused."""
    if notification.user_id != actor.staff.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def case_staff(case: Case) -> list[User]:
    """The assigned caseworker; without one, the supervisors of the holding organisation."""
    if case.assigned_caseworker is not None and case.assigned_caseworker.is_active:
        return [case.assigned_caseworker]
    return list(
        User.objects.filter(
            organisation_id=case.organisation_id, role=Role.SUPERVISOR, is_active=True
        )
    )


def notify(
    user: User,
    *,
    kind: str,
    code: str,
    params: dict[str, str],
    case: Case | None,
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


def email(notification: Notification) -> None:
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
        made = notify(
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
            email(notification)

    transaction.on_commit(send)
    return created


def credential_notify(
    sender: object, *, user: User, change: str, key: str, params: dict[str, str], **kwargs: object
) -> Notification | None:
    """A credential of `user` changed (accounts.signals.credential_changed): a notification in
    the app, and an e-mail through the jobs queue once the change commits. The key makes both
    happen once: the same event twice creates nothing, and the e-mail job carries the
    notification's id as its once_key, so a second delivery of the job sends nothing."""
    made = notify(
        user,
        kind=NotificationKind.ACCOUNT_SECURITY,
        code=change,
        params=params,
        case=None,
        due=None,
        key=key[:120],
    )
    if made is not None:
        transaction.on_commit(
            lambda: enqueue(credential_email, made.pk, once_key=f"credential-email:{made.uuid}")
        )
    return made


def credential_email(notification_id: int) -> None:
    """The job: e-mail one credential notification (the jobs queue retries it on failure)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is not None and notification.emailed_at is None:
        email(notification)
