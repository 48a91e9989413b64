"""The pipelined import (worker processes make batches while the import writes, PostgreSQL):
the same people, tokens, cases and audit entries as the serial import; all or nothing when a
late batch is refused or a worker is killed."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import imports
from needsfirst.web.cases.import_pipeline import ImportInterrupted
from needsfirst.web.cases.imports import people_import
from needsfirst.web.cases.models import Case, NameToken, Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the pipeline writes on PostgreSQL only (elsewhere the import is serial)",
    ),
]

FIRST = ["Oluwaseun", "Olena", "Yusuf", "Mariam", "Ion", "Amina", "Tran", "Ayesha"]
FAMILY = ["Adeyemi", "Kovalenko", "Demir", "Rahman", "Popescu", "Haddad", "Nguyen"]


def _rows(count: int) -> list[dict[str, str]]:
    return [
        {
            "first_name": FIRST[number % len(FIRST)],
            "second_name": FAMILY[number % len(FAMILY)],
            "estimated_age": str(18 + number % 40),
            "citizenship": ["NG", "UA;PL", "TR", "BD"][number % 4],
            "mobile_phone": f"+39 333 {number:07d}",
        }
        for number in range(count)
    ]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 4 rows, so a few dozen rows make many batches (the workers are forked after
    this, so they see it too)."""
    monkeypatch.setattr(imports, "BATCH", 4)


def _written(result: imports.ImportResult) -> list[tuple[Any, ...]]:
    """What an import wrote, decrypted, in row order: each person's values, tokens and case."""
    cases = Case.objects.filter(pk__in=result.cases).select_related("person")
    by_id = {case.pk: case for case in cases}
    written = []
    for case_id in result.cases:
        case = by_id[case_id]
        person = case.person
        tokens = set(NameToken.objects.filter(person=person).values_list("token", flat=True))
        written.append(
            (
                person.first_name,
                person.second_name,
                person.estimated_age,
                person.estimated_age_on,
                tuple(person.citizenship),
                person.mobile_phone,
                person.organisation_id,
                person.created_by_id,
                frozenset(tokens),
                case.organisation_id,
                case.assigned_caseworker_id,
                case.status,
            )
        )
    return written


def _nothing_written() -> None:
    assert Person.objects.count() == 0
    assert Case.objects.count() == 0
    assert NameToken.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("processes", [1, 2])
def test_the_pipelined_import_writes_what_the_serial_import_writes(
    caseworker: User, processes: int
) -> None:
    rows = _rows(30)
    serial = people_import(actor=Actor.for_user(caseworker), rows=rows, processes=0)
    actor = Actor.for_user(caseworker)
    pipelined = people_import(actor=actor, rows=iter(rows), processes=processes)
    assert pipelined.people == serial.people == 30
    assert _written(pipelined) == _written(serial)
    assert len(set(Case.objects.values_list("reference", flat=True))) == 60
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, actor=caseworker)
    assert set(created.filter(object_type="case").values_list("object_id", flat=True)) == {
        str(uuid) for uuid in serial.case_uuids + pipelined.case_uuids
    }
    assert created.filter(object_type="person").count() == 60


@pytest.mark.usefixtures("small_batches")
def test_a_bad_row_in_a_late_batch_writes_nothing_and_names_every_bad_row(
    caseworker: User,
) -> None:
    rows = _rows(30)
    rows[21]["citizenship"] = "XX"
    rows[28]["estimated_age"] = "200"
    with pytest.raises(ValidationError) as pipelined:
        people_import(actor=Actor.for_user(caseworker), rows=rows, processes=1)
    _nothing_written()
    with pytest.raises(ValidationError) as serial:
        people_import(actor=Actor.for_user(caseworker), rows=rows, processes=0)
    assert pipelined.value.messages == serial.value.messages
    assert [message.split(":")[0] for message in pipelined.value.messages] == [
        "Row 22, column citizenship",
        "Row 29, column estimated_age",
    ]


@pytest.mark.usefixtures("small_batches")
def test_a_worker_killed_mid_import_fails_it_and_nothing_is_written(
    caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = imports.batch_rows

    def killed_at_the_fifth_batch(people: Any, keys: Any, *args: Any, **kwargs: Any) -> Any:
        if any(person.mobile_phone.endswith("0000017") for person in people):
            os.kill(os.getpid(), signal.SIGKILL)  # this worker process, for real
        return made(people, keys, *args, **kwargs)

    monkeypatch.setattr(imports, "batch_rows", killed_at_the_fifth_batch)
    with pytest.raises(ImportInterrupted):
        people_import(actor=Actor.for_user(caseworker), rows=_rows(30), processes=1)
    _nothing_written()
    # Only the worker died: this process and its connection go on importing.
    result = people_import(actor=Actor.for_user(caseworker), rows=_rows(3), processes=0)
    assert Person.objects.filter(cases__pk__in=result.cases).count() == 3


@pytest.mark.usefixtures("small_batches")
def test_the_command_reports_a_killed_worker_and_that_nothing_was_written(
    caseworker: User, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        imports, "batch_rows", lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
    )
    path = tmp_path / "register.csv"
    path.write_text("first_name\n" + "Mariam\n" * 10, encoding="utf-8")
    with pytest.raises(CommandError, match=r"worker process ended\. Nothing was written"):
        call_command("import_people", str(path), "--as", caseworker.username)
    _nothing_written()
