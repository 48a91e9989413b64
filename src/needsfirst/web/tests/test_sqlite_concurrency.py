"""On SQLite (development, `make run`), concurrent intakes wait for the write lock, never fail.

The test database of the suite is in memory; this runs in a subprocess against a database file,
as `make run` does, with real threads each opening cases at the same time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[4]
THREADS, PER_THREAD = 12, 8

SCRIPT = f"""
import json, threading
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.cases import services
from needsfirst.web.cases.models import Case

organisation = Organisation.objects.create(name="Shelter", type="shelter", country="IT")
user = User.objects.create_user(
    username="amina", password="a-long-password-1", role=Role.CASEWORKER, organisation=organisation
)
connection.close()
errors = []
start = threading.Barrier({THREADS})

def intake(worker):
    start.wait()
    for number in range({PER_THREAD}):
        try:
            services.case_intake(
                actor=Actor.for_user(user),
                person_data={{"first_name": "Amina", "second_name": f"W{{worker}}N{{number}}"}},
            )
        except Exception as error:
            errors.append(type(error).__name__ + ": " + str(error))
    connection.close()

threads = [threading.Thread(target=intake, args=(worker,)) for worker in range({THREADS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({{"errors": errors[:3], "failed": len(errors), "cases": Case.objects.count()}}))
"""


def test_concurrent_intakes_on_sqlite_all_succeed(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="needsfirst.web.config.settings.test",
        NEEDSFIRST_VAR_DIR=str(tmp_path),
        SQLITE_BUSY_TIMEOUT_SECONDS="60",  # a slow shared machine must not fail the test
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failed"] == 0, outcome["errors"]
    assert outcome["cases"] == THREADS * PER_THREAD
    assert (tmp_path / "needsfirst.sqlite3").exists()


def test_sqlite_takes_the_write_lock_at_the_start_of_a_transaction():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("PostgreSQL takes row locks: there is nothing to set")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
