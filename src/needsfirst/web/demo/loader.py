"""Demo data: obviously fictitious organisations, staff and people, generated from a fixed seed."""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services
from needsfirst.web.cases.models import (
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
GIVEN = [
    "Mohammed",
    "Olena",
    "Yusuf",
    "Grace",
    "Priya",
    "Aisha",
    "Tomasz",
    "Mariam",
    "Blessing",
    "Nguyen",
    "Fatima",
    "Ion",
    "Joy",
    "Ahmed",
    "Ana",
    "Kwame",
    "Sita",
    "Ali",
    "Elena",
    "Rahel",
]
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
NATIONALITIES = ["NG", "UA", "SY", "NP", "IN", "BD", "PL", "ET", "GH", "VN", "RO", "ER", "MA"]
LANGUAGES = ["en", "ar", "uk", "ne", "hi", "bn", "pl", "am", "fr", "vi", "ro", "ti"]
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


def _demo_cases(rng: random.Random, caseworker: User, partner: Organisation) -> None:
    today = date.today()  # noqa: DTZ011 - demo dates only
    for index in range(40):
        given = GIVEN[index % len(GIVEN)]
        case = services.case_intake(
            actor=Actor.for_user(caseworker),
            person_data={
                "first_name": given,
                "second_name": rng.choice(FAMILY),
                "estimated_age": rng.randint(15, 55),
                "sex": rng.choice([Sex.FEMALE, Sex.MALE]),
                "gender": rng.choice([Gender.FEMININE, Gender.MASCULINE, Gender.UNKNOWN]),
                "citizenship": [rng.choice(NATIONALITIES)],
                "primary_language": rng.choice(LANGUAGES),
                "mobile_phone": f"+39 000 {rng.randint(1000000, 9999999)}",
            },
            other_names=[("alias", f"{given[:3]}{rng.choice(['a', 'o', 'i'])} {DEMO_MARK}")],
            assistance_consent=True,
        )
        if index % 8 == 0:
            demo_screening(case=case, by=caseworker, index=index // 8)
        demo_needs(case=case, by=caseworker, index=index, today=today)
        case.status = rng.choice(list(CaseStatus))
        case.save(update_fields=["status"])
        opened = today - timedelta(days=rng.randint(1, 300))
        CaseNote.objects.create(
            case=case, body=rng.choice(NOTES), note_date=opened, author=caseworker
        )
        for offset, kind in enumerate(
            [EventType.RECRUITMENT, EventType.TRANSIT, EventType.EXPLOITATION]
        ):
            CaseEvent.objects.create(
                case=case,
                type=kind,
                date=opened - timedelta(days=200 - 60 * offset),
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
