"""A database filled by the benchmark seed (bench/seed.py, through the bulk import and
`common.bulk`) reads as the application's own: its people decrypt, their name tokens are the
ones the application computes, the search finds them, the case pages open, and the screenings
and audit entries read as those the application writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.urls import reverse

from needsfirst.web.accounts.models import Role, User
from needsfirst.web.audit.display import audit_rows
from needsfirst.web.audit.models import AuditEntry
from needsfirst.web.cases.imports import _full_name
from needsfirst.web.cases.models import Case, CaseNote, NameToken, Person
from needsfirst.web.cases.selectors import people_search
from needsfirst.web.common import crypto
from needsfirst.web.conftest import signed_in
from needsfirst.web.screening.models import Determination

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[5]
PEOPLE = 300


def _seed_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("seed", ROOT / "bench" / "seed.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("seed", module)
    spec.loader.exec_module(module)
    return module


seed = _seed_module()


@pytest.fixture
def largest() -> Any:
    """A few hundred people seeded as bench/seed.py seeds a million; the largest organisation."""
    seeder = seed.Seeder(PEOPLE, 5, samples=20)
    made = seeder.organisations()
    for task in seed.chunks(made):
        seeder.load(task)
    return made[0][0]


def _caseworker(organisation: Any) -> User:
    return User.objects.filter(organisation=organisation, role=Role.CASEWORKER).first()


def test_seeded_people_decrypt_and_hold_the_tokens_the_application_computes(largest):
    assert Person.objects.count() == PEOPLE
    people = list(Person.objects.filter(organisation=largest))
    assert len(people) == seed.organisation_sizes(PEOPLE, seed.ORGANISATIONS)[0]
    for person in people:
        assert person.first_name in seed.GIVEN
        assert person.second_name in seed.FAMILY
        stored = set(NameToken.objects.filter(person=person).values_list("token", flat=True))
        assert stored == crypto.name_tokens([_full_name(person)])


def test_the_search_finds_seeded_people_by_their_names_and_a_misspelling(largest):
    caseworker = _caseworker(largest)
    for person in Person.objects.filter(organisation=largest)[:10]:
        found = people_search(caseworker, f"{person.first_name} {person.second_name}")
        assert person in found
    person = Person.objects.filter(organisation=largest, second_name="Kovalenko").first()
    if person is not None:
        assert person in people_search(caseworker, f"{person.first_name} Kowalenko")


def test_the_case_list_and_a_case_page_open_for_a_seeded_caseworker(largest):
    caseworker = _caseworker(largest)
    client = signed_in(caseworker)
    listing = client.get(reverse("cases:list"))
    assert listing.status_code == 200
    case = Case.objects.filter(organisation=largest, notes__isnull=False).first()
    page = client.get(reverse("cases:detail", args=[case.uuid]))
    assert page.status_code == 200
    assert case.person.first_name in page.content.decode()
    assert CaseNote.objects.filter(case=case).first().body in seed.NOTES


def test_seeded_screenings_and_audit_entries_read_as_the_application_writes_them(largest):
    determination = Determination.objects.filter(screening__case__organisation=largest).first()
    assert determination.result["rules_version"] == determination.rules_version
    assert determination.facts == determination.screening.facts
    supervisor = User.objects.get(organisation=largest, role=Role.SUPERVISOR)
    entries = AuditEntry.objects.filter(holder_id=largest.pk, object_type="case")[:20]
    rows = audit_rows(supervisor, entries)
    assert rows
    assert all(row.case is not None and row.name for row in rows)
