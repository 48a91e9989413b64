"""Time the real bulk import of people (`manage.py import_people`) into a seeded database.

Run: .venv/bin/python bench/import_people.py [--people 20000]
Writes a CSV of fictitious people (the seed's generator), imports it as a caseworker of the
largest organisation with every index, constraint and trigger in place (unlike the seed's own
load into an empty database), and writes bench/results/import_people.txt. The people stay in the
database (run it after the other benchmarks).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import sys
import tempfile
import time
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import seed  # noqa: E402

COLUMNS = [
    "first_name",
    "middle_name",
    "second_name",
    "birthdate",
    "estimated_age",
    "sex",
    "citizenship",
    "primary_language",
    "mobile_phone",
]


def _workers_cpu() -> float:
    """CPU seconds of the finished child processes (the pipelined import's workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _mode(processes: int) -> str:
    if processes <= 0:
        return "serial: the whole file validated, then written"
    return f"pipelined: {processes} worker process(es) making batches while the import writes"


def _extrapolation(arguments: argparse.Namespace, per_person: float, busiest: float) -> str:
    """Minutes for a million on 2 quiet cores: the serial import's process and backend take
    turns (their sum); the pipelined import's processes overlap, so the longer of the busiest
    process and half the total CPU bounds it."""
    if arguments.processes <= 0:
        return f"serial on quiet cores about {per_person * 1_000_000 / 60:.0f} minutes"
    bound = max(busiest / arguments.people, per_person / 2)
    return f"pipelined on 2 quiet cores at best about {bound * 1_000_000 / 60:.0f} minutes"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", seed.DEFAULT_DATABASE)
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="worker processes of the pipelined import (0: the serial import)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "import_people.txt"))
    arguments = parser.parse_args()
    seed.setup(arguments.database_url)
    from django.core.management import call_command
    from django.db import connection

    from needsfirst.web.accounts.models import Role, User

    user = User.objects.filter(username="cw00-000", role=Role.CASEWORKER).first()
    if user is None:
        print("Run bench/seed.py first.", file=sys.stderr)
        return 2
    generator = seed.Seeder.__new__(seed.Seeder)
    generator.rng = __import__("random").Random(2026)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for _ in range(arguments.people):
            writer.writerow(generator.person_row())
        path = handle.name
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_person")
        before = cursor.fetchone()[0]
    load_before = os.getloadavg()[0]
    _backend, database_before = seed.database_cpu_seconds()
    began, cpu_began, workers_began = time.perf_counter(), time.process_time(), _workers_cpu()
    output = io.StringIO()
    with redirect_stdout(output):
        call_command(
            "import_people", path, "--as", user.username, "--processes", arguments.processes
        )
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    workers_cpu = _workers_cpu() - workers_began
    database_cpu = seed.database_cpu_seconds()[1] - database_before
    os.unlink(path)
    per_person = (cpu + workers_cpu + database_cpu) / arguments.people
    busiest = max(cpu, workers_cpu / max(arguments.processes, 1), database_cpu)
    lines = [
        f"import_people benchmark (PostgreSQL, {arguments.people} people into an organisation "
        f"of a database holding {before} people; every index, constraint and trigger in place; "
        f"{_mode(arguments.processes)}; {date.today()})",
        f"load average at the start {load_before:.1f}, at the end {os.getloadavg()[0]:.1f} "
        "(2 cores, shared)",
        f"{seconds:.1f} s wall, {arguments.people / seconds:.0f} people/s (CSV read, validation, "
        "encryption, blind index, cases, audit entries, one transaction)",
        f"CPU: the import {cpu:.1f} s, its workers {workers_cpu:.1f} s, its PostgreSQL backend "
        f"{database_cpu:.1f} s: {per_person * 1000:.2f} ms a person in all",
        f"1,000,000 people at this CPU cost: {per_person * 1_000_000 / 60:.0f} minutes of CPU; "
        + _extrapolation(arguments, per_person, busiest)
        + f"; at the wall rate measured, {1_000_000 / (arguments.people / seconds) / 60:.0f} "
        "minutes",
    ]
    print("\n".join(lines))
    out = Path(arguments.output)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
