"""Reading the directory and referrals: each read starts from what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.cases.models import Case, Consent, ConsentKind, SharingPurpose
from needsfirst.web.referrals.models import (
    FollowUpTask,
    Referral,
    ReferralStatus,
    ServiceProvider,
)


def providers_query(
    *,
    domain: str = "",
    language: str = "",
    country: str = "",
    city: str = "",
    include_inactive: bool = False,
) -> QuerySet[ServiceProvider]:
    """Directory entries meeting a need, speaking a language, in a place (no personal data),
    filtered by the database so that the directory can be read a page at a time.

    Needs and languages are JSON lists of codes; SQLite cannot look inside a JSON list, so an
    entry is matched on the code in quotes within the list's text (`"legal"` in
    `["legal", "shelter"]`), which means the same on both databases: the codes are plain words.
    """
    providers = ServiceProvider.objects.select_related("organisation", "owner")
    if not include_inactive:
        providers = providers.filter(active=True)
    if country:
        providers = providers.filter(country=country.upper())
    if city:
        providers = providers.filter(city__icontains=city.strip())
    if domain:
        providers = providers.filter(domains__icontains=f'"{domain}"')
    if language:
        providers = providers.filter(languages__icontains=f'"{language.lower()}"')
    return providers


def providers_search(
    *,
    domain: str = "",
    language: str = "",
    country: str = "",
    city: str = "",
    include_inactive: bool = False,
) -> list[ServiceProvider]:
    """Every directory entry meeting the filters (for the API and the referral form)."""
    found = providers_query(
        domain=domain,
        language=language,
        country=country,
        city=city,
        include_inactive=include_inactive,
    )
    # A code is matched inside the list's text: keep only exact members (a code never holds a
    # quote, so this only guards against text that is not a list of codes).
    if domain:
        found = [p for p in found if domain in p.domains]  # type: ignore[assignment]
    if language:
        code = language.lower()
        found = [p for p in found if code in p.languages]  # type: ignore[assignment]
    return list(found)


def providers_managed_by(user: User) -> QuerySet[ServiceProvider]:
    if user.organisation_id is None:
        return ServiceProvider.objects.none()
    return ServiceProvider.objects.filter(owner=user.organisation)


def provider_get_managed(user: User, provider_uuid: Any) -> ServiceProvider:
    try:
        return providers_managed_by(user).get(uuid=provider_uuid)
    except (ServiceProvider.DoesNotExist, ValueError) as error:
        raise Http404 from error


def _referral_consents(case: Case) -> QuerySet[Consent]:
    return Consent.objects.filter(
        case=case,
        kind=ConsentKind.DATA_SHARING,
        granted=True,
        withdrawn_on__isnull=True,
        purpose=SharingPurpose.REFERRAL,
    ).order_by("-decided_on", "-recorded_at")


def referral_consent(case: Case, provider: ServiceProvider) -> Consent | None:
    """The newest data-sharing consent in force to refer to this provider: naming its
    organisation, or, for an outside provider with no organisation in needsfirst, naming the
    directory entry itself."""
    consents = _referral_consents(case)
    if provider.organisation_id is not None:
        return consents.filter(recipient_id=provider.organisation_id).first()
    return consents.filter(recipient__isnull=True, recipient_service=provider.uuid).first()


def referral_consent_holds(referral: Referral) -> bool:
    """Whether the consent a referral was sent under is still in force for the recipient it
    was bound to, and for a referral (read afresh: it may have been withdrawn since)."""
    if referral.consent_id is None:
        return False
    return (
        _referral_consents(referral.case)
        .filter(pk=referral.consent_id, recipient_id=referral.recipient_id)
        .exists()
    )


def outside_recipients() -> list[tuple[str, str]]:
    """Listed directory entries with no organisation in needsfirst, which a consent may name."""
    entries = ServiceProvider.objects.filter(active=True, organisation__isnull=True)
    return [
        (str(entry.uuid), f"{entry.name} · {entry.city} ({entry.country})")
        for entry in entries.order_by("name", "city")
    ]


def _receiving(user: User) -> Q:
    # The recipient bound when the referral was sent, never the entry's organisation now.
    return Q(recipient=user.organisation, outside=False)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals of the user's organisation's cases, and those sent to it inside needsfirst."""
    if not user.is_authenticated or user.role not in CASE_ROLES or user.organisation is None:
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(case__organisation=user.organisation) | _receiving(user)
    ).select_related("case", "provider", "recipient", "consent")


def referral_get_for(user: User, referral_uuid: Any) -> Referral:
    try:
        return referrals_visible_to(user).get(uuid=referral_uuid)
    except (Referral.DoesNotExist, ValueError) as error:
        raise Http404 from error


def referral_inbox(user: User, *, open_only: bool = True) -> QuerySet[Referral]:
    """Referrals sent to the user's organisation; open ones are unanswered or in progress."""
    if user.role not in CASE_ROLES or user.organisation is None:
        return Referral.objects.none()
    referrals = Referral.objects.filter(_receiving(user)).select_related(
        "case", "case__person", "case__organisation", "provider"
    )
    if open_only:
        referrals = referrals.filter(
            closed_at__isnull=True,
            status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
        )
    return referrals.order_by("-sent_at", "-id")


def tasks_of(referral: Referral) -> QuerySet[FollowUpTask]:
    return referral.tasks.all()
