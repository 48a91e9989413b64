"""A process killed (SIGKILL) in the middle of a write: after it, nothing is half-written and
nothing that was acknowledged is lost. The writes run in a real child process, killed while it
is inside the transaction; the database is a real one (a file on SQLite, a server on
PostgreSQL), as after a crash in production."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.audit.models import AuditEntry
from needsfirst.web.cases.models import Case, NameToken, Person
from needsfirst.web.common.tests.conftest import database_url
from needsfirst.web.recruitment.models import Licence, Recruiter

ROOT = Path(__file__).resolve().parents[5]

# Common to every child: set up Django against the database under test, then hold a write
# open by patching a step inside the transaction to announce itself and wait to be killed.
PRELUDE = """
import contextlib, os, sys, time
import django
django.setup()
from unittest import mock
HOLD = os.environ.get("HOLD") == "1"

def hold(*args, **kwargs):
    print("inside the transaction", flush=True)
    time.sleep(120)

def held(target):
    # Patch `target` to hold the transaction open, when this run is the one to be killed.
    return mock.patch(target, hold) if HOLD else contextlib.nullcontext()
"""

INTAKE = """
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services
actor = Actor.for_user(User.objects.get(username="killed-caseworker"))
done = services.case_intake(
    actor=actor, person_data={"first_name": "Senait", "second_name": "Tekle"}
)
print("acknowledged", done.uuid, flush=True)
with held("needsfirst.web.cases.services.audit_record"):
    services.case_intake(actor=actor, person_data={"first_name": "Hiwot", "second_name": "Berhane"})
print("acknowledged", "second", flush=True)
"""

IMPORT = """
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.recruitment import services
rows = "".join(f"Agency {i},LIC-{i}\\n" for i in range(50))
data = ("name,licence_number\\n" + rows).encode()
mapping = {"name": "name", "licence_number": "licence_number"}
real_apply = services._apply
calls = []
def apply_then_hold(row, **kwargs):
    calls.append(row)
    if HOLD and len(calls) == 25:
        hold()
    return real_apply(row, **kwargs)
with mock.patch("needsfirst.web.recruitment.services._apply", apply_then_hold):
    services.licence_list_import(actor=Actor.system("test"), data=data, mapping=mapping,
                                 authority="Department of Foreign Employment", source_title="list")
print("imported", flush=True)
"""

pytestmark = pytest.mark.slow


def child_environment(alias: str, *, hold: bool) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "needsfirst.web.config.settings.test",
        "DATABASE_URL": database_url(alias),
        "HOLD": "1" if hold else "0",
    }


def run_and_kill(script: str, alias: str) -> list[str]:
    """Run `script` in a child process; SIGKILL it once it says it is inside the transaction."""
    environment = child_environment(alias, hold=True)
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PRELUDE) + textwrap.dedent(script)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    assert child.stdout is not None
    for line in child.stdout:
        lines.append(line.strip())
        if line.startswith("inside the transaction"):
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    return lines


@pytest.fixture
def caseworker_there(empty_database: str, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        shelter = Organisation.objects.using(empty_database).create(
            name="Shelter", type=OrganisationType.SHELTER, country="IT"
        )
        User.objects.db_manager(empty_database).create_user(
            username="killed-caseworker",
            password="a-long-test-password-42",
            role=Role.CASEWORKER,
            organisation=shelter,
        )
    return empty_database


@pytest.mark.django_db(transaction=True)
def test_an_intake_killed_mid_save_leaves_no_half_person_and_keeps_the_acknowledged_one(
    caseworker_there: str, django_db_blocker: Any
) -> None:
    lines = run_and_kill(INTAKE, caseworker_there)
    acknowledged = next(line.split()[1] for line in lines if line.startswith("acknowledged"))
    with django_db_blocker.unblock():
        people = Person.objects.using(caseworker_there)
        assert [person.first_name for person in people] == ["Senait"]
        assert Case.objects.using(caseworker_there).get().uuid.hex == acknowledged.replace("-", "")
        assert (
            not NameToken.objects.using(caseworker_there)
            .exclude(person__first_name__isnull=True)
            .exclude(person__in=people)
            .exists()
        )
        audited = AuditEntry.objects.using(caseworker_there).filter(object_type="case")
        assert audited.count() == 1
    # The database is usable again at once: the same write succeeds in a new process.
    finished = run_to_end(INTAKE, caseworker_there)
    assert "acknowledged second" in finished


def run_to_end(script: str, alias: str) -> list[str]:
    """Run `script` in a child process without holding anything: the database works again."""
    environment = child_environment(alias, hold=False)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PRELUDE) + textwrap.dedent(script)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_half_way_writes_no_row_of_its_list(
    empty_database: str, django_db_blocker: Any
) -> None:
    run_and_kill(IMPORT, empty_database)
    with django_db_blocker.unblock():
        assert not Recruiter.objects.using(empty_database).exists()
        assert not Licence.objects.using(empty_database).exists()
    finished = run_to_end(IMPORT, empty_database)
    assert "imported" in finished
    with django_db_blocker.unblock():
        assert Licence.objects.using(empty_database).count() == 50
