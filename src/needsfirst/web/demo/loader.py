"""Demo data: obviously fictitious organisations, staff and people, generated from a fixed seed."""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services
from needsfirst.web.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseShare,
    CaseShareSection,
    CaseStatus,
    Consent,
    ConsentKind,
    EventType,
    Gender,
    Person,
    Sex,
)
from needsfirst.web.demo.assistance import demo_needs
from needsfirst.web.demo.inspection import demo_inspection
from needsfirst.web.demo.referrals import demo_referral, demo_services
from needsfirst.web.demo.screening import demo_screening
from needsfirst.web.referrals.models import Referral

SEED = 20261128
DEMO_PASSWORD = "needsfirst-demo"
DEMO_MARK = "(demo)"

ORGANISATIONS = [
    ("Harbour Light Shelter (demo)", OrganisationType.SHELTER, "IT"),
    ("Riverside Legal Aid (demo)", OrganisationType.LEGAL_SERVICE, "IT"),
    ("Labour Inspectorate of Demoland (demo)", OrganisationType.LABOUR_INSPECTORATE, "IT"),
    ("Regional Analysis Unit (demo)", OrganisationType.INTERNATIONAL_ORGANISATION, "IT"),
]
STAFF = [
    ("amina", "Amina", "Caseworker", Role.CASEWORKER, 0),
    ("sara", "Sara", "Supervisor", Role.SUPERVISOR, 0),
    ("orgadmin", "Olu", "Admin", Role.ORGANISATION_ADMIN, 0),
    ("omar", "Omar", "Lawyer", Role.CASEWORKER, 1),
    ("kofi", "Kofi", "Inspector", Role.LABOUR_INSPECTOR, 2),
    ("lena", "Lena", "Analyst", Role.ANALYST, 3),
    ("rafael", "Rafael", "Sysadmin", Role.SYSTEM_ADMIN, 3),
]
# Given name, sex, nationality, main language: each demo person is consistent with themself.
PEOPLE = [
    ("Mohammed", Sex.MALE, "SY", "ar"),
    ("Olena", Sex.FEMALE, "UA", "uk"),
    ("Yonas", Sex.MALE, "ER", "ti"),
    ("Grace", Sex.FEMALE, "NG", "en"),
    ("Priya", Sex.FEMALE, "IN", "hi"),
    ("Aicha", Sex.FEMALE, "MA", "ar"),
    ("Tomasz", Sex.MALE, "PL", "pl"),
    ("Mariam", Sex.FEMALE, "ET", "am"),
    ("Blessing", Sex.FEMALE, "NG", "en"),
    ("Lan", Sex.FEMALE, "VN", "vi"),
    ("Fatima", Sex.FEMALE, "BD", "bn"),
    ("Ion", Sex.MALE, "RO", "ro"),
    ("Joy", Sex.FEMALE, "GH", "en"),
    ("Ahmed", Sex.MALE, "BD", "bn"),
    ("Ana", Sex.FEMALE, "RO", "ro"),
    ("Kwame", Sex.MALE, "GH", "en"),
    ("Sita", Sex.FEMALE, "NP", "ne"),
    ("Ali", Sex.MALE, "SY", "ar"),
    ("Elena", Sex.FEMALE, "UA", "uk"),
    ("Rahel", Sex.FEMALE, "ER", "ti"),
]
GENDER_OF = {Sex.FEMALE: Gender.FEMININE, Sex.MALE: Gender.MASCULINE}
# International calling codes and the first digits of a mobile number in each country.
MOBILE_PREFIX = {
    "SY": "+963 9",
    "UA": "+380 67",
    "ER": "+291 7",
    "NG": "+234 803",
    "IN": "+91 98",
    "MA": "+212 6",
    "PL": "+48 601",
    "ET": "+251 91",
    "VN": "+84 90",
    "BD": "+880 17",
    "RO": "+40 72",
    "GH": "+233 24",
    "NP": "+977 98",
    "IT": "+39 3",
}
# Cases whose plan is left late on purpose: the dashboard and the team page show them overdue.
OVERDUE_ON_PURPOSE = frozenset({0, 12})
FAMILY = [
    "Demo",
    "Specimen",
    "Example",
    "Sampleton",
    "Fictive",
    "Placeholder",
    "Testwell",
    "Mockford",
    "Dummyson",
    "Exemplar",
]
NOTES = [
    "Arrived at night, referred by the hospital. Needs a bed and a clinic appointment.",
    "Interpreter booked for Thursday. Prefers to be called in the afternoon.",
    "Asked about getting her passport back from the employer.",
    "Follow-up call: feels safer, sleeping better.",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    totp_secret: str
    backup_codes: tuple[str, ...]


def _totp_key(username: str) -> bytes:
    return hashlib.sha256(f"needsfirst-demo-{SEED}-{username}".encode()).digest()[:20]


def _backup_codes(username: str, rng: random.Random) -> tuple[str, ...]:
    return tuple(f"{rng.randrange(10**7, 10**8)}" for _ in range(5))


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    rng = random.Random(SEED)
    organisations = [
        Organisation.objects.get_or_create(name=name, defaults={"type": kind, "country": country})[
            0
        ]
        for name, kind, country in ORGANISATIONS
    ]
    logins = [_demo_user(rng, organisations, *row) for row in STAFF]
    shelter_org = organisations[0]
    if not Person.objects.filter(organisation=shelter_org).exists():
        amina = User.objects.get(username="amina")
        _demo_cases(rng, amina, organisations[1])
    demo_services(organisations)
    if not Referral.objects.filter(case__organisation=shelter_org).exists():
        demo_referral(caseworker=User.objects.get(username="amina"), partner=organisations[1])
    demo_inspection(
        inspector=User.objects.get(username="kofi"),
        partner=shelter_org,
        today=date.today(),  # noqa: DTZ011 - demo dates only
    )
    return logins


def _demo_user(
    rng: random.Random,
    organisations: list[Organisation],
    username: str,
    first: str,
    last: str,
    role: str,
    org_index: int,
) -> DemoLogin:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": f"{last} {DEMO_MARK}",
            "role": role,
            "organisation": organisations[org_index],
            "email": f"{username}@demo.invalid",
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    key = _totp_key(username)
    TOTPDevice.objects.update_or_create(
        user=user, name="demo authenticator", defaults={"key": key.hex(), "confirmed": True}
    )
    static, _ = StaticDevice.objects.get_or_create(user=user, name="demo backup codes")
    static.token_set.all().delete()
    codes = _backup_codes(username, rng)
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return DemoLogin(
        username, role, organisations[org_index].name, base64.b32encode(key).decode("ascii"), codes
    )


def _mobile(rng: random.Random, country: str) -> str:
    """Most people here have an Italian number; some still use the one from home."""
    prefix = MOBILE_PREFIX["IT"] if rng.random() < 0.6 else MOBILE_PREFIX.get(country, "+39 3")
    digits = f"{rng.randint(10_000_000, 99_999_999)}"
    return f"{prefix}{digits[:2]} {digits[2:5]} {digits[5:]}"


def _demo_cases(rng: random.Random, caseworker: User, partner: Organisation) -> None:
    today = date.today()  # noqa: DTZ011 - demo dates only
    for index in range(40):
        given, sex, nationality, language = PEOPLE[index % len(PEOPLE)]
        # Opened first, then everything else happens on or after that day.
        opened = today - timedelta(days=rng.randint(1, 300))
        case = services.case_intake(
            actor=Actor.for_user(caseworker),
            person_data={
                "first_name": given,
                "second_name": rng.choice(FAMILY),
                "estimated_age": rng.randint(15, 55),
                "estimated_age_on": opened,
                "sex": sex,
                "gender": GENDER_OF[sex],
                "citizenship": [nationality],
                "primary_language": language,
                "mobile_phone": _mobile(rng, nationality),
            },
            other_names=[("alias", f"{given[:3]}{rng.choice(['a', 'o', 'i'])} {DEMO_MARK}")],
            assistance_consent=True,
        )
        Case.objects.filter(pk=case.pk).update(
            opened_at=datetime.combine(opened, time(hour=rng.randint(8, 22)), tzinfo=UTC)
        )
        case.refresh_from_db()
        if index % 8 == 0:
            demo_screening(case=case, by=caseworker, index=index // 8)
        demo_needs(
            case=case,
            by=caseworker,
            index=index,
            today=today,
            opened=opened,
            late_on_purpose=index in OVERDUE_ON_PURPOSE,
        )
        case.status = rng.choice(list(CaseStatus))
        if index in OVERDUE_ON_PURPOSE:
            case.status = CaseStatus.ASSISTANCE
        case.save(update_fields=["status"])
        CaseNote.objects.create(
            case=case, body=rng.choice(NOTES), note_date=opened, author=caseworker
        )
        for offset, kind in enumerate(
            [EventType.RECRUITMENT, EventType.TRANSIT, EventType.EXPLOITATION]
        ):
            CaseEvent.objects.create(
                case=case,
                type=kind,
                date=opened - timedelta(days=200 - 60 * offset),  # before the case: its story
                date_is_approximate=True,
                country=rng.choice(["NG", "LY", "IT", "UA", "PL"]),
                city="Demotown",
                description="Fictitious demo event.",
                recorded_by=caseworker,
            )
        if index % 5 == 0:
            consent = Consent.objects.create(
                case=case,
                kind=ConsentKind.DATA_SHARING,
                granted=True,
                purpose="referral",
                recipient=partner,
                method="verbal",
                decided_on=opened,
                recorded_by=caseworker,
            )
            CaseShare.objects.create(
                case=case,
                organisation=partner,
                consent=consent,
                sections=[CaseShareSection.IDENTITY, CaseShareSection.EVENTS],
            )
