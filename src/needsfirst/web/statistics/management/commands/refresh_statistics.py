"""Rebuild the statistics rows: all cases, or those changed since a date (run each night)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from needsfirst.web.cases.models import Case
from needsfirst.web.statistics.refresh import refresh_case_facts


class Command(BaseCommand):
    help = "Rebuild the rows the statistics dashboard counts (no personal data is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        if options["since"] is not None:
            cases = cases.filter(updated_at__date__gte=options["since"])
        count = refresh_case_facts(cases)
        self.stdout.write(f"{count} case(s) refreshed")
