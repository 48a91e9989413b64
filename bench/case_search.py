"""How name search and case lists scale: N people with encrypted names and a blind index.

Run: .venv/bin/python bench/case_search.py [--people 20000] (DATABASE_URL selects PostgreSQL)
Prints p50/p99 latency of a tolerant name search and of one page of the case list, and writes
them to bench/results/case_search.txt.

Or, on a database filled by bench/seed.py (1,000,000 people, 50 organisations):
     .venv/bin/python bench/case_search.py --seeded [--label 1M]
measures, for the largest organisation and a small one, before (page-number pagination with a
COUNT and an OFFSET; the unbounded token look-up) and after (keyset pages; the capped, bounded
look-up), p50/p95/p99, and writes bench/results/case_search_seeded_<label>.txt.
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


MISSPELT = [
    "Muhamad Hadad",
    "Olena Kovalenko",
    "Fatma Diallo",
    "Blesing Okafor",
    "Ion Popesku",
    "Mariam Rahmann",
    "Yusuf Okafor",
    "Aisha Mensa",
    "Ahmad Husein",
    "Oluwasuen Adeyemi",
]


# The name each misspelt search means (given names that count, family name).
INTENDED = {
    "Muhamad Hadad": ({"Mohammed", "Muhammad"}, "Haddad"),
    "Olena Kovalenko": ({"Olena"}, "Kovalenko"),
    "Fatma Diallo": ({"Fatma", "Fatima"}, "Diallo"),
    "Blesing Okafor": ({"Blessing"}, "Okafor"),
    "Ion Popesku": ({"Ion"}, "Popescu"),
    "Mariam Rahmann": ({"Mariam"}, "Rahman"),
    "Yusuf Okafor": ({"Yusuf"}, "Okafor"),
    "Aisha Mensa": ({"Aisha"}, "Mensah"),
    "Ahmad Husein": ({"Ahmad", "Ahmed"}, "Hussein"),
    "Oluwasuen Adeyemi": ({"Oluwaseun"}, "Adeyemi"),
}


def _meant(query: str, person: object) -> bool:
    given, family = INTENDED[query]
    return (
        getattr(person, "first_name", "") in given and getattr(person, "second_name", "") == family
    )


def _legacy_search(user: object, text: str) -> list[object]:
    """The search before issue 13 (kept here as the baseline): every token of the query, every
    matching row of the organisation, grouped and sorted in the database."""
    from django.db.models import Count, Q

    from needsfirst.web.cases.models import NameToken, Person
    from needsfirst.web.common import crypto

    tokens = crypto.query_tokens(text)
    in_scope = Q(organisation=user.organisation)  # type: ignore[attr-defined]
    candidate_ids = list(
        NameToken.objects.filter(in_scope, token__in=tokens)
        .values("person")
        .annotate(shared=Count("id"))
        .order_by("-shared", "person")
        .values_list("person", flat=True)[:200]
    )
    stored: dict[int, set[str]] = {person_id: set() for person_id in candidate_ids}
    for person_id, token in NameToken.objects.filter(person__in=candidate_ids).values_list(
        "person", "token"
    ):
        stored[person_id].add(token)
    ranked = crypto.rank_candidates(text, stored)[:50]
    people = Person.objects.in_bulk([person_id for person_id, _score in ranked])
    return [people[person_id] for person_id, _score in ranked if person_id in people]


def figures(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, "
        f"p99 {percentile(values, 0.99):.1f} ms"
    )


def seeded(arguments: argparse.Namespace) -> int:
    """Before/after on a database filled by bench/seed.py."""
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nf_scale")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2htYXJrLWtleS1ub3QtZm9yLXJlYWwtZGF0YSE=")
    os.environ["DJANGO_SETTINGS_MODULE"] = "needsfirst.web.config.settings.local"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.paginator import Paginator
    from django.db.models import Count

    from needsfirst.web.accounts.models import Role, User
    from needsfirst.web.cases.models import Case
    from needsfirst.web.cases.selectors import case_list_page, cases_visible_to, people_search

    sizes = list(
        Case.objects.values("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
    )
    total = sum(row["n"] for row in sizes)
    chosen = [sizes[0], sizes[len(sizes) // 2]]
    lines = [f"case_search on a seeded database ({total} cases, {len(sizes)} organisations)"]
    for row in chosen:
        user = User.objects.filter(
            organisation_id=row["organisation"], role=Role.CASEWORKER
        ).first()
        assert user is not None
        lines.append(f"organisation with {row['n']} cases:")
        for label, search in (("before", _legacy_search), ("after", people_search)):
            timings, found = [], 0
            for index in range(arguments.searches):
                query = MISSPELT[index % len(MISSPELT)]
                began = time.perf_counter()
                people = search(user, query)
                timings.append((time.perf_counter() - began) * 1000)
                found += bool(people) and _meant(query, people[0])
            lines.append(
                f"  name search {label}: {figures(timings)} "
                f"(first result the person meant: {found}/{arguments.searches})"
            )
        before: list[float] = []
        pages = max(1, min(100, row["n"] // 25))
        for page_number in range(1, pages + 1):
            began = time.perf_counter()
            page = Paginator(cases_visible_to(user).order_by("-opened_at", "-id"), 25).get_page(
                page_number * 7
            )
            _ = [case.reference for case in page]
            before.append((time.perf_counter() - began) * 1000)
        lines.append(
            f"  case list page before (page n*7 of {pages}, COUNT + OFFSET): {figures(before)}"
        )
        after: list[float] = []
        cursor = None
        for _page in range(pages * 7):
            began = time.perf_counter()
            keyset = case_list_page(user, after=cursor, size=25)
            _ = [case.reference for case in keyset]
            after.append((time.perf_counter() - began) * 1000)
            cursor = keyset.next_cursor
            if cursor is None:
                break
        lines.append(f"  case list page after (keyset, pages 1 to {len(after)}): {figures(after)}")
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / f"case_search_seeded_{arguments.label}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--seeded", action="store_true", help="use a bench/seed.py database")
    parser.add_argument("--label", default="seeded")
    arguments = parser.parse_args()
    if arguments.seeded:
        return seeded(arguments)

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
