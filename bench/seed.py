"""Fill PostgreSQL with a national case load of synthetic people, for the scale benchmarks.

Run: .venv/bin/python bench/seed.py --people 1000000 --reset
     (--people 100000 for a quick run; DATABASE_URL selects the database, by default nf_scale)

50 organisations, the largest holding 30 % of the people (300,000 of 1,000,000), the others a
long tail; caseworkers, a supervisor and an analyst in each, all with an authenticator (TOTP
device) and the password `bench-password-not-for-real-use`. Each person comes in through the
real bulk import (`cases.imports`: model validation, the fields' encryption, the blind index),
with a case (a status and an opening day spread over three years); then in bulk: screenings
with their determination (facts from bench/generate_screening_records.py, screened by the real
engine), needs assessments with one to three plan actions, notes, referrals to another
organisation's service under a consent, and audit entries. All names are fictitious.

Prints the time of each phase and writes bench/results/seed.txt.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import cProfile
import multiprocessing
import os
import pstats
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "seed.txt"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/nf_scale"
# A fixed, public benchmark key: never use it for real data.
BENCH_KEY = "YmVuY2htYXJrLWtleS1ub3QtZm9yLXJlYWwtZGF0YSE="
PASSWORD = "bench-password-not-for-real-use"
ORGANISATIONS = 50
LARGEST_SHARE = 0.3
CHUNK = 20_000

GIVEN = [
    "Mohammed",
    "Muhammad",
    "Ahmed",
    "Ali",
    "Omar",
    "Yusuf",
    "Ibrahim",
    "Hassan",
    "Hussein",
    "Mustafa",
    "Abdullah",
    "Khalid",
    "Tariq",
    "Samir",
    "Karim",
    "Rashid",
    "Bilal",
    "Hamza",
    "Idris",
    "Suleiman",
    "Abdulrahman",
    "Jamal",
    "Nabil",
    "Walid",
    "Faisal",
    "Fatima",
    "Aisha",
    "Mariam",
    "Amina",
    "Khadija",
    "Zainab",
    "Hawa",
    "Halima",
    "Salma",
    "Nour",
    "Layla",
    "Rania",
    "Samira",
    "Yasmin",
    "Olena",
    "Oksana",
    "Iryna",
    "Tetiana",
    "Natalia",
    "Svitlana",
    "Andriy",
    "Oleksandr",
    "Serhiy",
    "Mykola",
    "Ivan",
    "Dmytro",
    "Ion",
    "Maria",
    "Elena",
    "Ana",
    "Andrei",
    "Mihai",
    "Florin",
    "Gheorghe",
    "Ioana",
    "Adriana",
    "Vasile",
    "Cristina",
    "Alina",
    "Blessing",
    "Grace",
    "Joy",
    "Precious",
    "Favour",
    "Mercy",
    "Peace",
    "Gift",
    "Chidi",
    "Emeka",
    "Chinedu",
    "Ngozi",
    "Adaeze",
    "Uche",
    "Oluwaseun",
    "Tunde",
    "Kemi",
    "Funmilayo",
    "Bola",
    "Kwame",
    "Kofi",
    "Ama",
    "Akosua",
    "Yaw",
    "Kojo",
    "Abena",
    "Esi",
    "Kwabena",
    "Priya",
    "Sita",
    "Anjali",
    "Pooja",
    "Ravi",
    "Rajesh",
    "Suresh",
    "Ramesh",
    "Anil",
    "Deepak",
    "Sunita",
    "Geeta",
    "Lakshmi",
    "Arjun",
    "Nguyen",
    "Thi",
    "Van",
    "Minh",
    "Thanh",
    "Hoa",
    "Lan",
    "Mai",
    "Tuan",
    "Dung",
    "Hung",
    "Linh",
    "Huong",
    "Phuong",
    "Quang",
    "Duc",
    "Rahel",
    "Selam",
    "Tsegay",
    "Yonas",
    "Mehari",
    "Senait",
    "Helen",
    "Meron",
    "Dawit",
    "Biniam",
    "Tesfay",
    "Hiwet",
    "Filmon",
    "Tomasz",
    "Piotr",
    "Krzysztof",
    "Agnieszka",
    "Katarzyna",
    "Magdalena",
    "Pawel",
    "Marek",
    "Joanna",
    "Ewa",
    "Anna",
    "Rosa",
    "Carmen",
    "Lucia",
    "Juan",
    "Jose",
    "Luis",
    "Carlos",
    "Miguel",
    "Jorge",
    "Pedro",
    "Gabriela",
    "Daniela",
    "Sofia",
    "Ahmad",
    "Mahmoud",
    "Youssef",
    "Mehmet",
    "Emre",
    "Ayse",
    "Elif",
    "Zeynep",
    "Murat",
    "Kemal",
    "Hatice",
    "Fatma",
    "Ramazan",
]
FAMILY = [
    "Haddad",
    "Okafor",
    "Kovalenko",
    "Sharma",
    "Nowak",
    "Mensah",
    "Tesfaye",
    "Popescu",
    "Nguyen",
    "Rahman",
    "Diallo",
    "Hussein",
    "Adeyemi",
    "Petrova",
    "Bakr",
    "Tadesse",
    "Ahmed",
    "Ali",
    "Khan",
    "Hassan",
    "Ibrahim",
    "Mohamed",
    "Abdi",
    "Osman",
    "Yusuf",
    "Farah",
    "Musa",
    "Bello",
    "Okonkwo",
    "Eze",
    "Nwosu",
    "Obi",
    "Chukwu",
    "Adebayo",
    "Ogunleye",
    "Balogun",
    "Oyelaran",
    "Boateng",
    "Owusu",
    "Asante",
    "Appiah",
    "Darko",
    "Agyeman",
    "Shevchenko",
    "Bondarenko",
    "Tkachenko",
    "Kravchenko",
    "Melnyk",
    "Boyko",
    "Koval",
    "Oliynyk",
    "Lysenko",
    "Moroz",
    "Rudenko",
    "Ionescu",
    "Popa",
    "Dumitru",
    "Stan",
    "Stoica",
    "Gheorghe",
    "Matei",
    "Ciobanu",
    "Rusu",
    "Munteanu",
    "Patel",
    "Singh",
    "Kumar",
    "Gupta",
    "Verma",
    "Reddy",
    "Nair",
    "Iyer",
    "Das",
    "Bose",
    "Chatterjee",
    "Tran",
    "Le",
    "Pham",
    "Hoang",
    "Phan",
    "Vu",
    "Dang",
    "Bui",
    "Do",
    "Ho",
    "Ngo",
    "Duong",
    "Ly",
    "Gebremedhin",
    "Haile",
    "Kidane",
    "Berhe",
    "Tekle",
    "Woldu",
    "Asfaw",
    "Mekonnen",
    "Girma",
    "Bekele",
    "Kowalski",
    "Wisniewski",
    "Wojcik",
    "Kaminski",
    "Lewandowski",
    "Zielinski",
    "Szymanski",
    "Garcia",
    "Rodriguez",
    "Martinez",
    "Lopez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
    "Rivera",
    "Gomez",
    "Diaz",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Sahin",
    "Celik",
    "Yildiz",
    "Aydin",
    "Ozturk",
    "Arslan",
    "Dogan",
    "Alvarez",
    "Mendoza",
    "Castillo",
    "Morales",
    "Ortiz",
    "Cruz",
    "Reyes",
    "Gutierrez",
    "Chavez",
    "Ramos",
    "Vargas",
    "Herrera",
    "Mahmoud",
    "Saleh",
    "Nasser",
    "Khalil",
    "Aziz",
    "Karimi",
    "Hosseini",
    "Ahmadi",
    "Rezaei",
    "Mohammadi",
    "Sultani",
    "Haidari",
    "Mwangi",
    "Otieno",
    "Kamau",
    "Njoroge",
    "Wanjiru",
    "Ochieng",
    "Odhiambo",
    "Kiprono",
    "Chebet",
    "Mutua",
    "Kariuki",
    "Wambui",
    "Sesay",
    "Kamara",
    "Conteh",
    "Bangura",
    "Koroma",
    "Jalloh",
    "Bah",
    "Barry",
    "Sow",
    "Camara",
    "Toure",
    "Traore",
    "Keita",
    "Coulibaly",
]
ORIGINS = ["NG", "VN", "RO", "UA", "ER", "ET", "GH", "IN", "PL", "SY", "AF", "MA", "AL", "PH"]
LANGUAGES = ["ar", "uk", "ro", "en", "ti", "am", "vi", "hi", "pl", "fr", "es", "tr", "fa"]
STATUSES = [("open", 8), ("screening", 6), ("assistance", 14), ("follow_up", 5), ("closed", 17)]
DOMAINS = ["shelter", "medical_non_urgent", "legal", "psychological", "interpretation"]
ROLES_FOR = {
    "shelter": "shelter_provider",
    "medical_non_urgent": "health_professional",
    "legal": "lawyer",
    "psychological": "mental_health_professional",
    "interpretation": "interpreter",
}
NOTES = [
    "Met at the shelter; the person is tired but wants to talk again next week.",
    "Phoned the labour inspectorate about the unpaid wages; waiting for an answer.",
    "Accompanied to the clinic. Next appointment in two weeks.",
    "Asked about the reflection period and what it means; explained with the interpreter.",
    "The person would like to contact family at home; we discussed a safe way to do it.",
]


def organisation_sizes(people: int, count: int) -> list[int]:
    """The largest holds 30 %; the rest shrink along a long tail (weights 1/rank)."""
    largest = int(people * LARGEST_SHARE)
    weights = [1 / rank for rank in range(1, count)]
    total = sum(weights)
    rest = [int((people - largest) * weight / total) for weight in weights]
    rest[0] += people - largest - sum(rest)
    return [largest, *rest]


def _canonical(value: Any) -> str:
    """The text an encrypted JSON field stores (its own `value_to_text`), made once a sample."""
    from needsfirst.web.screening.models import Screening

    return str(Screening._meta.get_field("facts").value_to_text(value))


def encrypt_column(model: Any, name: str, rows: list[dict[str, Any]]) -> None:
    """The canonical JSON texts of column `name` of `rows` encrypted as the field would (a fresh
    nonce a row, the same key ring and context), the whole column in one call."""
    from needsfirst.web.common import bulk, crypto

    field = model._meta.get_field(name)
    tokens = crypto.encrypt_many([row[name] for row in rows], context=field.crypto_context)
    for row, token in zip(rows, tokens, strict=True):
        row[name] = bulk.Prepared(token)


def bulk_load_session() -> None:
    """Settings of the seed's own session: no wait for the disk at each commit, and the
    foreign-key triggers off (the seed makes every reference itself, in order)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET session_replication_role = replica")


BIG_TABLES = [
    "cases_person",
    "cases_nametoken",
    "cases_case",
    "cases_casenote",
    "cases_consent",
    "screening_screening",
    "screening_determination",
    "assistance_needsassessment",
    "assistance_planitem",
    "referrals_referral",
    "audit_auditentry",
]


# The import looks new case references up in this index (random references collide).
KEEP = {"cases_case_reference_key"}


def drop_secondary_indexes() -> list[str]:
    """Into an empty database: drop the big tables' secondary indexes and unique constraints,
    to build each once, sorted, after the load (`restore`), instead of row by row during it.
    Returns the statements that put them back, exactly as the migrations made them."""
    from django.db import connection

    restore: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)",
            [BIG_TABLES],
        )
        for table, name, definition in cursor.fetchall():
            if name in KEEP:
                continue
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " AND tablename = ANY(%s) AND indexname NOT LIKE '%%_pkey'"
            " AND NOT indexname = ANY(%s)",
            [BIG_TABLES, list(KEEP)],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            restore.append(definition)
    return restore


def restore_indexes(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for statement in statements:
            cursor.execute(statement)


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_KEY)
    os.environ["DJANGO_SETTINGS_MODULE"] = "needsfirst.web.config.settings.local"
    import django

    django.setup()


def reset_schema() -> None:
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


# What a worker returns for a chunk: wall and CPU seconds by phase, rows by phase or model, and
# (its database backend's process id, the CPU seconds that backend used so far).
Chunk = tuple[dict[str, float], dict[str, float], dict[str, int], tuple[int, float]]


def database_cpu_seconds() -> tuple[int, float]:
    """This connection's PostgreSQL backend (its process id) and the CPU seconds it has used so
    far (a local server: read from /proc; 0 if it cannot be read), so that the figures count
    the database's work too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return pid, 0.0
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_WORKER_SEEDER: Seeder | None = None


def _load_chunk(task: tuple[int, int, int]) -> Chunk:
    """A chunk in a worker, by the worker's own seeder (forked once): passing `load_chunk`
    itself to the pool would send a fresh copy with each task, so each chunk would open a new
    connection and start with an empty cache of name tokens."""
    assert _WORKER_SEEDER is not None
    return _WORKER_SEEDER.load_chunk(task)


def chunks(made: list[tuple[Any, list[Any], Any, int]]) -> list[tuple[int, int, int]]:
    """The load's tasks: (number, organisation id, people), at most CHUNK people each."""
    tasks: list[tuple[int, int, int]] = []
    for organisation, _workers, _provider, size in made:
        for start in range(0, size, CHUNK):
            tasks.append((len(tasks), organisation.pk, min(CHUNK, size - start)))
    return tasks


class Seeder:
    def __init__(self, people: int, seed: int, *, samples: int = 400) -> None:
        from needsfirst.web.cases.imports import TokenCache

        self.people = people
        self.rng = random.Random(seed)
        self.tokens = TokenCache()
        self.timings: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.database_cpu: dict[int, float] = {}  # a backend's process id -> its CPU seconds
        self.now = datetime.now(UTC)
        self.screening_samples = self._screening_samples(samples)

    @contextlib.contextmanager
    def phase(self, name: str, rows: int = 0) -> Iterator[None]:
        """Time a phase: wall clock and this process's CPU seconds (the machine is shared)."""
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - wall
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
        self.counts[name] = self.counts.get(name, 0) + rows

    def _screening_samples(self, count: int) -> list[tuple[str, str, str, str, list[str]]]:
        """A few hundred real screenings (facts and the engine's result), reused round-robin."""
        from generate_screening_records import record

        from needsfirst.screening import screen
        from needsfirst.screening.rules import load_rules

        indicator_ids = sorted(load_rules().indicators)
        samples = []
        rng = random.Random(2009)
        for number in range(count):
            facts = record(rng, number, indicator_ids)
            facts.pop("record_id", None)
            try:
                result = screen(facts)
            except ValueError:
                continue
            samples.append(
                (
                    _canonical(facts),
                    _canonical(result.as_dict()),
                    result.rules_version,
                    result.as_of,
                    list(result.label_ids),
                )
            )
        return samples

    def organisations(self) -> list[tuple[Any, list[Any], Any, int]]:
        from django.contrib.auth.hashers import make_password
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from needsfirst.web.accounts.models import Organisation, Role, User
        from needsfirst.web.referrals.models import ServiceProvider

        hashed = make_password(PASSWORD)
        made = []
        for number, size in enumerate(organisation_sizes(self.people, ORGANISATIONS)):
            organisation = Organisation.objects.create(
                name=f"Bench organisation {number:02d}",
                type="ngo" if number % 3 else "shelter",
                country=self.rng.choice(["IT", "GB", "DE", "ES", "FR", "NL"]),
            )
            workers = max(2, min(150, size // 2000))
            users = [
                User(
                    username=f"cw{number:02d}-{index:03d}",
                    password=hashed,
                    role=Role.CASEWORKER,
                    organisation=organisation,
                )
                for index in range(workers)
            ]
            users += [
                User(
                    username=f"sup{number:02d}",
                    password=hashed,
                    role=Role.SUPERVISOR,
                    organisation=organisation,
                ),
                User(
                    username=f"analyst{number:02d}",
                    password=hashed,
                    role=Role.ANALYST,
                    organisation=organisation,
                ),
            ]
            users = User.objects.bulk_create(users)
            TOTPDevice.objects.bulk_create(
                [TOTPDevice(user=user, name="authenticator", confirmed=True) for user in users]
            )
            provider = ServiceProvider.objects.create(
                owner=organisation,
                organisation=organisation,
                in_needsfirst=True,
                name=f"Bench service {number:02d}",
                type="social",
                domains=DOMAINS,
                languages=["en"],
                country=organisation.country,
                city="Bench town",
            )
            workers_made = [user for user in users if user.role == Role.CASEWORKER]
            made.append((organisation, workers_made, provider, size))
        return made

    def person_row(self) -> dict[str, Any]:
        rng = self.rng
        row: dict[str, Any] = {
            "first_name": rng.choice(GIVEN),
            "second_name": rng.choice(FAMILY),
            "sex": rng.choice(["female", "male", "female", "male", "unknown"]),
            "citizenship": rng.choice(ORIGINS),
            "primary_language": rng.choice(LANGUAGES),
        }
        if rng.random() < 0.1:
            row["middle_name"] = rng.choice(GIVEN)
        if rng.random() < 0.3:
            row["birthdate"] = date(rng.randint(1965, 2008), rng.randint(1, 12), rng.randint(1, 28))
        else:
            row["estimated_age"] = rng.randint(14, 60)
        if rng.random() < 0.5:
            row["mobile_phone"] = f"+39 3{rng.randint(10, 99)} {rng.randint(1000000, 9999999)}"
        return row

    def case_fields(self) -> dict[str, Any]:
        status = self.rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        opened = self.now - timedelta(minutes=self.rng.randint(0, 3 * 365 * 24 * 60))
        fields: dict[str, Any] = {"status": status, "opened_at": opened, "updated_at": opened}
        if status == "closed":
            fields["closed_at"] = opened + timedelta(days=self.rng.randint(10, 300))
        return fields

    def import_people(self, organisation: Any, workers: list[Any], count: int) -> list[Any]:
        from django.db import transaction

        from needsfirst.web.accounts.actor import Actor
        from needsfirst.web.cases.imports import people_validate, people_write

        actor = Actor.for_user(workers[0])
        rows = [self.person_row() for _ in range(count)]
        fields = [self.case_fields() for _ in range(count)]
        assigned = [self.rng.choice(workers) for _ in range(count)]
        with self.phase("import: validate the rows", count):
            people = people_validate(rows, organisation_id=organisation.pk)
        writing = self.phase("import: write (encrypt, index, cases, audit)", count)
        with writing, transaction.atomic():
            result = people_write(
                actor=actor,
                people=people,
                assigned=assigned,
                tokens=self.tokens,
                case_fields=fields,
            )
        return list(zip(result.cases, assigned, fields, result.case_uuids, strict=True))

    def case_records(self, organisation: Any, cases: list[Any], providers: list[Any]) -> None:
        with self.phase("case records (screenings, needs, notes, referrals, audit)", len(cases)):
            self._case_records(organisation, cases, providers)

    def _case_records(self, organisation: Any, cases: list[Any], providers: list[Any]) -> None:
        from django.db import transaction

        from needsfirst.web.assistance.models import NeedsAssessment, PlanItem
        from needsfirst.web.audit.models import AuditEntry
        from needsfirst.web.cases.models import CaseNote, Consent
        from needsfirst.web.common import bulk
        from needsfirst.web.referrals.models import Referral
        from needsfirst.web.screening.models import Determination, Screening

        rng = self.rng
        screenings, determinations, assessments, items, notes = [], [], [], [], []
        consents, referrals, audit = [], [], []
        screened = [case for case in cases if rng.random() < 0.35]
        screening_ids = bulk.reserve_ids(Screening, len(screened))
        for (case_id, worker, fields, _uuid), screening_id in zip(
            screened, screening_ids, strict=True
        ):
            facts, result, rules_version, as_of, labels = rng.choice(self.screening_samples)
            at = fields["opened_at"] + timedelta(days=rng.randint(1, 20))
            screenings.append(
                {
                    "id": screening_id,
                    "case_id": case_id,
                    "facts": facts,
                    "created_at": at,
                    "updated_at": at,
                }
            )
            determinations.append(
                {
                    "screening_id": screening_id,
                    "facts": facts,
                    "result": result,
                    "rules_version": rules_version,
                    "as_of": date.fromisoformat(as_of),
                    "label_ids": labels,
                    "created_by_id": worker.pk,
                    "created_at": at,
                }
            )
        assessed = [case for case in cases if rng.random() < 0.7]
        assessment_ids = bulk.reserve_ids(NeedsAssessment, len(assessed))
        for (case_id, worker, fields, _uuid), assessment_id in zip(
            assessed, assessment_ids, strict=True
        ):
            day = (fields["opened_at"] + timedelta(days=rng.randint(0, 5))).date()
            assessments.append(
                {
                    "id": assessment_id,
                    "case_id": case_id,
                    "answers": {},
                    "assessed_on": day,
                    "assessed_by_id": worker.pk,
                    "jurisdiction": organisation.country,
                }
            )
            for domain in rng.sample(DOMAINS, rng.randint(1, 3)):
                done = fields["status"] == "closed" or rng.random() < 0.4
                items.append(
                    {
                        "case_id": case_id,
                        "assessment_id": assessment_id,
                        "key": f"bench-{domain}",
                        "origin": "triage",
                        "domain": domain,
                        "action": "Arrange the service with the person.",
                        "role": ROLES_FOR[domain],
                        "due_on": day + timedelta(days=rng.randint(1, 60)),
                        "urgency": rng.randint(1, 4),
                        "status": "done" if done else "to_do",
                        "support_plan_type": "SocialCare",
                        "reasons": [],
                    }
                )
        for case_id, worker, fields, case_uuid in cases:
            for _ in range(rng.randint(0, 3)):
                day = fields["opened_at"] + timedelta(days=rng.randint(0, 200))
                notes.append(
                    {
                        "case_id": case_id,
                        "body": rng.choice(NOTES),
                        "note_date": day.date(),
                        "author_id": worker.pk,
                        "written_at": day,
                    }
                )
            audit.append(
                {
                    "at": fields["opened_at"] + timedelta(hours=1),
                    "actor_id": worker.pk,
                    "actor_username": worker.username,
                    "organisation_id": organisation.pk,
                    "holder_id": organisation.pk,
                    "action": "view",
                    "object_type": "case",
                    "object_id": str(case_uuid),
                    "detail": {"sections": []},
                }
            )
        referred = [case for case in cases if rng.random() < 0.08]
        consent_ids = bulk.reserve_ids(Consent, len(referred))
        for (case_id, worker, fields, _uuid), consent_id in zip(referred, consent_ids, strict=True):
            recipient, provider = rng.choice(providers)
            day = fields["opened_at"] + timedelta(days=rng.randint(1, 30))
            consents.append(
                {
                    "id": consent_id,
                    "case_id": case_id,
                    "kind": "data_sharing",
                    "granted": True,
                    "purpose": "referral",
                    "recipient_id": recipient.pk,
                    "method": "verbal",
                    "decided_on": day.date(),
                    "recorded_by_id": worker.pk,
                    "recorded_at": day,
                }
            )
            referrals.append(
                {
                    "case_id": case_id,
                    "provider_id": provider.pk,
                    "recipient_id": recipient.pk,
                    "provider_snapshot": {"name": provider.name},
                    "domain": rng.choice(DOMAINS),
                    "sections": ["identity"],
                    "message": "Please call before the visit.",
                    "consent_id": consent_id,
                    "status": "sent",
                    "sent_by_id": worker.pk,
                    "sent_at": day,
                }
            )
        encrypt_column(Screening, "facts", screenings)
        encrypt_column(Determination, "facts", determinations)
        encrypt_column(Determination, "result", determinations)
        with transaction.atomic():
            for model, rows, with_id in (
                (Screening, screenings, True),
                (Determination, determinations, False),
                (NeedsAssessment, assessments, True),
                (PlanItem, items, False),
                (CaseNote, notes, False),
                (Consent, consents, True),
                (Referral, referrals, False),
                (AuditEntry, audit, False),
            ):
                bulk.insert_rows(model, rows, with_id=with_id)
                self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(rows)

    def load_chunk(self, task: tuple[int, int, int]) -> Chunk:
        """One chunk (in a worker process, on its own connection): what `load` did, timed."""
        from django.db import connection

        if not getattr(self, "_session", False):
            connection.close()  # a fresh connection in this process, with the seed's settings
            bulk_load_session()
            self._session = True
        self.load(task)
        return self.timings, self.cpu, self.counts, database_cpu_seconds()

    def load(self, task: tuple[int, int, int]) -> None:
        """Import one chunk of one organisation's people, then give them their records."""
        from needsfirst.web.accounts.models import Organisation, Role, User
        from needsfirst.web.referrals.models import ServiceProvider

        number, organisation_id, count = task
        self.rng = random.Random(number * 7919 + 13)
        self.timings, self.cpu, self.counts = {}, {}, {}
        organisation = Organisation.objects.get(pk=organisation_id)
        workers = list(User.objects.filter(organisation=organisation, role=Role.CASEWORKER))
        providers = [
            (provider.organisation, provider)
            for provider in ServiceProvider.objects.exclude(
                organisation=organisation
            ).select_related("organisation")
        ]
        cases = self.import_people(organisation, workers, count)
        self.case_records(organisation, cases, providers)

    def add(self, chunk: Chunk) -> None:
        timings, cpu, counts, (backend, database_cpu) = chunk
        for name, seconds in timings.items():
            self.timings[name] = self.timings.get(name, 0.0) + seconds
        for name, seconds in cpu.items():
            self.cpu[name] = self.cpu.get(name, 0.0) + seconds
        for name, rows in counts.items():
            self.counts[name] = self.counts.get(name, 0) + rows
        self.database_cpu[backend] = database_cpu  # cumulative over the backend's chunks

    def run(self, restore: list[str], processes: int) -> None:
        began = time.perf_counter()
        with self.phase("organisations, users, services"):
            made = self.organisations()
        tasks = chunks(made)
        from django.db import connection

        connection.close()
        done = 0
        with contextlib.ExitStack() as stack:
            if processes > 0:
                global _WORKER_SEEDER
                _WORKER_SEEDER = self  # each forked worker keeps this one: caches, connection
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(processes))
                results = pool.imap_unordered(_load_chunk, tasks)
            else:  # in this process (--processes 0): what --profile measures
                # Each chunk on a copy, as in a worker: its timings add up here, once.
                results = (copy.copy(self).load_chunk(task) for task in tasks)
            for chunk in results:
                self.add(chunk)
                done += 1
                if done % 10 == 0 or done == len(tasks):
                    print(
                        f"  {done}/{len(tasks)} chunks, {time.perf_counter() - began:.0f} s",
                        flush=True,
                    )
        self.timings["load (wall clock)"] = time.perf_counter() - began
        bulk_load_session()
        backend, before = database_cpu_seconds()
        with self.phase("build the indexes"):
            restore_indexes(restore)
        with self.phase("vacuum and analyze"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.database_cpu[backend] = database_cpu_seconds()[1] - before
        self.timings["total"] = time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--reset",
        action="store_true",
        help="drop every table and migrate first; then the indexes are built after the load",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="worker processes loading chunks side by side (0: in this process); two keep both"
        " cores busy, each worker's Python and its database backend taking turns",
    )
    parser.add_argument("--output", default=str(RESULTS), help="where to write the figures")
    parser.add_argument(
        "--profile",
        default="",
        help="a file: profile the load (in this process) and print where the time goes",
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    arguments = parser.parse_args()
    setup(arguments.database_url)
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench/seed.py needs PostgreSQL (set DATABASE_URL).", file=sys.stderr)
        return 2
    load_before = f"{os.getloadavg()[0]:.1f}"
    if arguments.reset:
        reset_schema()
    bulk_load_session()
    seeder = Seeder(arguments.people, arguments.seed)
    restore = drop_secondary_indexes() if arguments.reset else []
    if arguments.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        seeder.run(restore, 0)
        profiler.disable()
        profiler.dump_stats(arguments.profile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
    else:
        seeder.run(restore, arguments.processes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    total = seeder.timings["total"]
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    database_cpu = sum(seeder.database_cpu.values())
    lines = [
        f"seed benchmark (PostgreSQL, {arguments.people} people, {ORGANISATIONS} organisations, "
        f"largest {organisation_sizes(arguments.people, ORGANISATIONS)[0]}, "
        f"{arguments.processes} worker processes, {date.today()})",
        f"load average at the start {load_before}, at the end {os.getloadavg()[0]:.1f} "
        f"(2 cores, shared)",
        f"total: {total:.0f} s wall ({arguments.people / total:.0f} people/s, everything "
        f"included); database size {size}",
        f"CPU: seed processes {client_cpu:.0f} s, their PostgreSQL backends {database_cpu:.0f} s, "
        f"together {client_cpu + database_cpu:.0f} s "
        f"({(client_cpu + database_cpu) / arguments.people * 1000:.2f} ms a person)",
        "phases (wall s summed over the workers; CPU s of the seed's own processes):",
    ]
    for phase, seconds in seeder.timings.items():
        if phase == "total":
            continue
        rows = seeder.counts.get(phase, 0)
        cpu = seeder.cpu.get(phase)
        cpu_text = f", CPU {cpu:.1f} s" if cpu is not None else ""
        rate = f", {rows / cpu:.0f} people per CPU second" if rows and cpu else ""
        lines.append(f"  {phase}: {seconds:.1f} s{cpu_text}{rate}")
    lines.append(
        "rows: "
        + ", ".join(f"{name} {count}" for name, count in seeder.counts.items() if name[0].isupper())
    )
    print("\n".join(lines))
    output = Path(arguments.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
