"""Where the serial import's CPU goes, by phase, in this process and in its PostgreSQL backend.

Run: .venv/bin/python bench/import_phases.py [--people 10000] (after bench/seed.py)
Imports fictitious people as bench/import_people.py does, but serially and timed around each
write (`bulk.insert_rows` by table, `reserve_ids`, `fresh_references`), then fires the deferred
foreign-key checks (what the commit would do) and rolls everything back: the database is left
as it was. Writes bench/results/import_people_phases.txt.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import seed  # noqa: E402

BACKEND: dict[str, float] = {}
CLIENT: dict[str, float] = {}


def _timed(label: Callable[[tuple[Any, ...]], str], function: Any) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        backend, client = seed.database_cpu_seconds()[1], time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            name = label(args)
            BACKEND[name] = BACKEND.get(name, 0.0) + seed.database_cpu_seconds()[1] - backend
            CLIENT[name] = CLIENT.get(name, 0.0) + time.process_time() - client

    return timed


class _RolledBack(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", seed.DEFAULT_DATABASE)
    )
    parser.add_argument(
        "--output", default=str(ROOT / "bench" / "results" / "import_people_phases.txt")
    )
    arguments = parser.parse_args()
    seed.setup(arguments.database_url)
    from django.db import connection, transaction

    from needsfirst.web.accounts.actor import Actor
    from needsfirst.web.accounts.models import User
    from needsfirst.web.cases import imports
    from needsfirst.web.common import bulk

    user = User.objects.get(username="cw00-000")
    generator = seed.Seeder.__new__(seed.Seeder)
    generator.rng = random.Random(2026)
    rows = [
        {name: str(value) for name, value in generator.person_row().items()}
        for _ in range(arguments.people)
    ]
    bulk.insert_rows = _timed(lambda args: f"COPY {args[0].__name__}", bulk.insert_rows)
    bulk.reserve_ids = _timed(lambda args: "reserve ids", bulk.reserve_ids)
    imports.fresh_references = _timed(lambda args: "fresh references", imports.fresh_references)
    load = os.getloadavg()[0]
    began = time.process_time()
    people = imports.people_validate(rows, organisation_id=user.organisation_id)
    CLIENT["validate"] = time.process_time() - began
    try:
        with transaction.atomic():
            began = time.process_time()
            imports.people_write(actor=Actor.for_user(user), people=people)
            CLIENT["people_write in all"] = time.process_time() - began
            backend = seed.database_cpu_seconds()[1]
            connection.check_constraints()  # the deferred foreign-key checks of the commit
            BACKEND["deferred foreign-key checks"] = seed.database_cpu_seconds()[1] - backend
            raise _RolledBack
    except _RolledBack:
        pass
    count = arguments.people
    lines = [
        f"import phases (PostgreSQL, serial import of {count} people, rolled back; load average "
        f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; {date.today()})",
        "phase: CPU of the import's process, CPU of its PostgreSQL backend (ms a person)",
    ]
    for name in sorted(set(BACKEND) | set(CLIENT)):
        lines.append(
            f"  {name}: process {CLIENT.get(name, 0.0) / count * 1000:.3f}, "
            f"backend {BACKEND.get(name, 0.0) / count * 1000:.3f}"
        )
    lines.append(f"  backend in all: {sum(BACKEND.values()) / count * 1000:.3f}")
    print("\n".join(lines))
    Path(arguments.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
