"""Demo directory entries in fictitious towns, and one referral waiting in the partner's inbox."""

from __future__ import annotations

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, User
from needsfirst.web.cases.models import Consent, ConsentKind, SharingPurpose
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import ServiceProvider

# (name, type, needs, languages, town, eligibility, capacity, inside needsfirst)
DEMO_SERVICES = [
    (
        "Harbour Light night shelter (demo)",
        "shelter",
        ["shelter", "food_and_material", "safety"],
        ["en", "it", "ar"],
        "Demotown",
        ["women", "children"],
        14,
        0,
    ),
    (
        "Riverside Legal Aid clinic (demo)",
        "legal",
        ["legal", "work_and_income"],
        ["en", "it", "fr", "ar"],
        "Demotown",
        ["any"],
        None,
        1,
    ),
    (
        "Hilltop community clinic (demo)",
        "health",
        ["medical_urgent", "medical_non_urgent"],
        ["it", "en"],
        "Sampleford",
        ["any"],
        None,
        None,
    ),
    (
        "Lakeside counselling centre (demo)",
        "mental_health",
        ["psychological"],
        ["it", "uk", "ru"],
        "Exampleton",
        ["any"],
        6,
        None,
    ),
    (
        "Family house Sampleford (demo)",
        "shelter",
        ["shelter", "child_protection"],
        ["it", "en", "ti"],
        "Sampleford",
        ["families", "children"],
        5,
        None,
    ),
    (
        "Demoland interpreters' cooperative (demo)",
        "interpretation",
        ["interpretation"],
        ["ar", "ti", "am", "bn", "ne", "uk"],
        "Exampleton",
        ["any"],
        None,
        None,
    ),
]


def demo_services(organisations: list[Organisation]) -> list[ServiceProvider]:
    """Entries owned by the demo shelter; the legal clinic answers referrals in needsfirst, the
    others are outside partners (their referrals are printed)."""
    providers = []
    for name, kind, needs, languages, town, eligibility, capacity, org in DEMO_SERVICES:
        provider, _ = ServiceProvider.objects.get_or_create(
            name=name,
            defaults={
                "owner": organisations[0 if org is None else org],
                "organisation": None if org is None else organisations[org],
                "in_needsfirst": org is not None,
                "type": kind,
                "domains": needs,
                "languages": languages,
                "country": "IT",
                "city": town,
                "eligibility": eligibility,
                "capacity": capacity,
                "opening_hours": "Mon–Fri 9:00–17:00",
                "contact": "+39 000 0000000 (demo)",
            },
        )
        providers.append(provider)
    return providers


def demo_referral(*, caseworker: User, partner: Organisation) -> None:
    """One referral, under a consent to share with the partner, waiting for its answer."""
    provider = ServiceProvider.objects.get(name=DEMO_SERVICES[1][0])
    consent = (
        Consent.objects.filter(
            case__organisation=caseworker.organisation,
            kind=ConsentKind.DATA_SHARING,
            purpose=SharingPurpose.REFERRAL,
            recipient=partner,
            granted=True,
            withdrawn_on__isnull=True,
        )
        .select_related("case")
        .first()
    )
    if consent is None or consent.case.referrals.exists():
        return
    services.referral_send(
        actor=Actor.for_user(caseworker),
        case=consent.case,
        provider=provider,
        sections=["identity", "events"],
        domain="legal",
        message="Unpaid wages for six months; wants advice on a claim. (demo)",
    )
