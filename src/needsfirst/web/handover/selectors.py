"""Reading hand-overs: the sending organisation sees its own, the receiving one those sent to
it; anyone else gets 404 (another organisation's ids are not revealed)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.cases.models import Case, Consent, ConsentKind, SharingPurpose
from needsfirst.web.handover.models import FollowUp, Handover


def _works_on_cases(user: User) -> bool:
    return bool(user.is_authenticated and user.role in CASE_ROLES and user.organisation_id)


def handovers_visible_to(user: User) -> QuerySet[Handover]:
    if not _works_on_cases(user):
        return Handover.objects.none()
    return (
        Handover.objects.filter(
            Q(case__organisation=user.organisation) | Q(recipient=user.organisation)
        )
        .select_related("case", "case__organisation", "recipient", "new_case", "consent")
        .order_by("-sent_at")
    )


def handover_get_for(user: User, handover_uuid: UUID | str) -> Handover:
    try:
        return handovers_visible_to(user).get(uuid=handover_uuid)
    except (Handover.DoesNotExist, ValueError) as error:
        raise Http404 from error


def transfer_consent(case: Case, recipient_id: int) -> Consent | None:
    """The newest data-sharing consent in force on the case naming the recipient for a
    hand-over, or None."""
    return (
        case.consents.filter(
            kind=ConsentKind.DATA_SHARING,
            purpose=SharingPurpose.TRANSFER,
            granted=True,
            withdrawn_on__isnull=True,
            recipient_id=recipient_id,
        )
        .order_by("-decided_on", "-recorded_at")
        .first()
    )


def follow_up_consent(case: Case, sending_organisation_id: int) -> Consent | None:
    """The consent in force on `case` to share its follow-up with the sending organisation."""
    return (
        case.consents.filter(
            kind=ConsentKind.DATA_SHARING,
            purpose=SharingPurpose.FOLLOW_UP_BACK,
            granted=True,
            withdrawn_on__isnull=True,
            recipient_id=sending_organisation_id,
        )
        .order_by("-decided_on", "-recorded_at")
        .first()
    )


def follow_up_shared_back(handover: Handover) -> bool:
    """Whether the sending organisation may read the follow-up now: only while the person's
    consent, recorded on the new case, names it. Withdrawal stops it at once."""
    if handover.new_case is None:
        return False
    return follow_up_consent(handover.new_case, handover.case.organisation_id) is not None


def follow_ups_for(user: User, handover: Handover) -> list[FollowUp]:
    """The follow-ups the user's organisation may read: all of them for the receiver, for the
    sender only as far as the person consented (nothing otherwise)."""
    new_case = handover.new_case
    if new_case is not None and new_case.organisation_id == user.organisation_id:
        return list(handover.follow_ups.all())
    if handover.case.organisation_id == user.organisation_id and follow_up_shared_back(handover):
        return list(handover.follow_ups.all())
    return []
