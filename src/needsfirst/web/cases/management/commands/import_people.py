"""`manage.py import_people FILE.csv --as USERNAME`: people in bulk, each with a first case."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.import_pipeline import ImportInterrupted
from needsfirst.web.cases.imports import IMPORT_FIELDS, PROCESSES, people_import


class Command(BaseCommand):
    help = (
        "Import people from a CSV file (UTF-8, a header row naming columns among: "
        + ", ".join(IMPORT_FIELDS)
        + "; citizenship as ISO codes separated by ';'). Each person gets a case held by the "
        "organisation of the user named with --as. The whole file is checked first: any bad row "
        "refuses the import, naming its row and column, and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="username", required=True, help="the importing user")
        parser.add_argument(
            "--processes",
            type=int,
            default=PROCESSES,
            help="worker processes making batches while this one writes (PostgreSQL; 0: "
            "validate the whole file, then write, in this process)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as error:
            raise CommandError(f"--as: no active user {options['username']!r}") from error
        if user.organisation_id is None:
            raise CommandError("--as: the user belongs to no organisation")
        path: Path = options["file"]
        started = time.perf_counter()
        try:
            # Read as the import goes (the pipelined import holds a few batches at a time).
            with path.open(encoding="utf-8-sig", newline="") as handle:
                result = people_import(
                    actor=Actor.for_user(user),
                    rows=csv.DictReader(handle),
                    processes=options["processes"],
                )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot read the file as UTF-8 CSV ({error})") from error
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        except ImportInterrupted as error:
            raise CommandError(f"{error} Nothing was written.") from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Imported {result.people} people in {seconds:.1f} s "
            f"({result.people / max(seconds, 1e-6):.0f} a second)."
        )
