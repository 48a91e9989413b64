"""`manage.py exchange_export FILE --organisation UUID --user NAME`: as `needsfirst export`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from needsfirst.web.exchange.cli import run_export


class Command(BaseCommand):
    help = "Export an organisation's records as an HTCDS 2.0 file (.json or .xlsx)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--user", required=True)
        parser.add_argument("--one-sheet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        status = run_export(argparse.Namespace(**options))
        if status:
            raise CommandError("export refused", returncode=status)
