"""How name search and case lists scale: N people with encrypted names and a blind index.

Run: .venv/bin/python bench/case_search.py [--people 20000] (DATABASE_URL selects PostgreSQL)
Prints p50/p99 latency of a tolerant name search and of one page of the case list, and writes
them to bench/results/case_search.txt.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "case_search.txt"
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
    "Omar",
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
]
QUERIES = [
    "Muhammad Haddad",
    "Youssef Okafor",
    "Olena Kovalenko",
    "Mariam Rahman",
    "Ahmad Hussain",
    "Blessing Adeyemi",
    "Fatma Diallo",
    "Ion Popescu",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--searches", type=int, default=200)
    arguments = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="nf-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "needsfirst.web.config.settings.test"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection, transaction

    from needsfirst.web.accounts.models import Organisation, Role, User
    from needsfirst.web.cases.models import Case, NameToken, Person
    from needsfirst.web.cases.selectors import cases_visible_to, people_search
    from needsfirst.web.cases.services import new_case_reference
    from needsfirst.web.common import crypto

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench Shelter", type="Shelter", country="IT")
    user = User.objects.create_user(
        username="bench", role=Role.CASEWORKER, organisation=organisation
    )
    rng = random.Random(7)
    started = time.perf_counter()
    batch = 1000
    for offset in range(0, arguments.people, batch):
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [
                    Person(
                        organisation=organisation,
                        first_name=rng.choice(GIVEN),
                        second_name=rng.choice(FAMILY),
                        estimated_age=rng.randint(16, 60),
                    )
                    for _ in range(min(batch, arguments.people - offset))
                ]
            )
            tokens = []
            for person in people:
                full = f"{person.first_name} {person.second_name}"
                tokens += [
                    NameToken(person=person, organisation=organisation, token=t)
                    for t in crypto.name_tokens([full])
                ]
            NameToken.objects.bulk_create(tokens)
            Case.objects.bulk_create(
                [
                    Case(
                        reference=new_case_reference(),
                        organisation=organisation,
                        person=person,
                        assigned_caseworker=user,
                    )
                    for person in people
                ]
            )
    load_seconds = time.perf_counter() - started

    search_ms: list[float] = []
    for index in range(arguments.searches):
        query = QUERIES[index % len(QUERIES)]
        began = time.perf_counter()
        found = people_search(user, query)
        search_ms.append((time.perf_counter() - began) * 1000)
        assert found, query

    list_ms: list[float] = []
    for page_number in range(1, 101):
        began = time.perf_counter()
        page = Paginator(cases_visible_to(user).order_by("-opened_at", "-id"), 25).get_page(
            page_number * 7
        )
        _ = [case.reference for case in page]
        list_ms.append((time.perf_counter() - began) * 1000)

    lines = [
        f"case_search benchmark ({connection.vendor}, {arguments.people} people, "
        f"{NameToken.objects.count()} index tokens)",
        f"load: {load_seconds:.1f} s ({arguments.people / load_seconds:.0f} people/s, "
        "encryption and blind index included)",
        f"name search ({arguments.searches} searches, results capped at 50): "
        f"p50 {statistics.median(search_ms):.1f} ms, p99 {percentile(search_ms, 0.99):.1f} ms",
        f"case list page of 25: p50 {statistics.median(list_ms):.1f} ms, "
        f"p99 {percentile(list_ms, 0.99):.1f} ms",
    ]
    print("\n".join(lines))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
