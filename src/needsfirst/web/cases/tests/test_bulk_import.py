"""Importing people in bulk: the same checks, encryption and name index as the intake form;
one bad row refuses the whole file, naming its row and column, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.imports import people_import
from needsfirst.web.cases.models import Case, NameToken, Person
from needsfirst.web.cases.selectors import people_search

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "first_name": "Oluwaseun",
        "second_name": "Adeyemi",
        "estimated_age": "31",
        "citizenship": "NG",
        "sex": "female",
    },
    {
        "first_name": "Olena",
        "second_name": "Kovalenko",
        "citizenship": "UA;PL",
        "primary_language": "uk",
        "birthdate": "1990-04-02",
    },
    {"first_name": "Yusuf", "middle_name": "", "second_name": "Demir"},
]


def _nothing_written() -> None:
    assert Person.objects.count() == 0
    assert Case.objects.count() == 0
    assert NameToken.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()


def test_imported_people_are_encrypted_indexed_held_and_audited(caseworker):
    result = people_import(actor=Actor.for_user(caseworker), rows=ROWS)
    assert result.people == 3
    olena = Person.objects.get(cases__pk__in=result.cases, primary_language="uk")
    assert olena.citizenship == ["UA", "PL"]
    assert str(olena.birthdate) == "1990-04-02"
    assert olena.organisation == caseworker.organisation
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name FROM cases_person WHERE id = %s", [olena.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("nf1:")
    assert "Olena" not in stored
    cases = Case.objects.filter(pk__in=result.cases)
    assert {case.organisation_id for case in cases} == {caseworker.organisation_id}
    assert {case.assigned_caseworker_id for case in cases} == {caseworker.pk}
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, actor=caseworker)
    assert created.filter(object_type="person").count() == 3
    assert set(created.filter(object_type="case").values_list("object_id", flat=True)) == {
        str(case.uuid) for case in cases
    }
    assert [p.display_name() for p in people_search(caseworker, "Oluwasuen Adeyemi")] == [
        "Oluwaseun Adeyemi"
    ]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ({"first_name": "Ana", "citizenship": "XX"}, "citizenship"),
        ({"first_name": "Ana", "estimated_age": "200"}, "estimated_age"),
        ({"first_name": "Ana", "estimated_age": "ten"}, "estimated_age"),
        ({"first_name": "Ana", "sex": "yes"}, "sex"),
        ({"first_name": "Ana", "birthdate": "31/12/1990"}, "birthdate"),
        ({"first_name": "Ana", "password": "x"}, "password"),
        ({"first_name": "\u202e", "second_name": ""}, "first_name"),
        ({"first_name": "A" * 300}, "first_name"),
    ],
)
def test_one_bad_row_refuses_the_file_naming_the_row_and_column(caseworker, row, column):
    with pytest.raises(ValidationError) as refused:
        people_import(actor=Actor.for_user(caseworker), rows=[*ROWS, row])
    assert any(f"Row 4, column {column}:" in message for message in refused.value.messages)
    _nothing_written()


def test_the_command_imports_a_csv_file_as_the_named_user(caseworker, tmp_path: Path):
    path = tmp_path / "register.csv"
    path.write_text(
        "first_name,second_name,estimated_age,citizenship\nMariam,Rahman,27,BD\nIon,Popescu,,RO\n",
        encoding="utf-8",
    )
    call_command("import_people", str(path), "--as", caseworker.username)
    assert Case.objects.filter(organisation=caseworker.organisation).count() == 2


def test_the_command_names_the_bad_row_and_writes_nothing(caseworker, tmp_path: Path):
    path = tmp_path / "register.csv"
    path.write_text("first_name,citizenship\nMariam,BD\nIon,ZZ\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Row 2, column citizenship"):
        call_command("import_people", str(path), "--as", caseworker.username)
    _nothing_written()


def test_the_command_refuses_an_unknown_user(tmp_path: Path):
    path = tmp_path / "register.csv"
    path.write_text("first_name\nMariam\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--as"):
        call_command("import_people", str(path), "--as", "nobody")


def test_fresh_references_never_repeat_one_already_held(caseworker, open_case, monkeypatch):
    from needsfirst.web.cases import imports

    held = open_case("Held", "Reference").reference
    offered = iter([held, held, "NF-AAAA-BBBB", "NF-CCCC-DDDD"])
    monkeypatch.setattr(imports, "new_case_reference", lambda: next(offered))
    assert sorted(imports.fresh_references(2)) == ["NF-AAAA-BBBB", "NF-CCCC-DDDD"]
