"""`manage.py exchange_import FILE --organisation UUID --user NAME`: as `needsfirst import`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from needsfirst.web.exchange.cli import run_import


class Command(BaseCommand):
    help = "Import an HTCDS 2.0 file (.json or .xlsx) into an organisation; all rows or none."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--user", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        status = run_import(argparse.Namespace(**options))
        if status:
            raise CommandError("nothing imported", returncode=status)
