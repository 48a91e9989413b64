"""`manage.py send_reminders`: due plan actions and referral follow-ups, and reflection periods
ending soon.

Run it daily (cron or a scheduler); it is idempotent, so running it twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.web.assistance.tasks import send_reminders
from needsfirst.web.common.jobs import enqueue


class Command(BaseCommand):
    help = (
        "Create in-app and e-mail reminders of due plan actions and referral follow-ups, and of "
        "ending reflection periods."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the day to remind for (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options.get("today")
        if today:
            try:
                date.fromisoformat(today)
            except ValueError as error:
                raise CommandError("--today: must be a date (YYYY-MM-DD)") from error
        result = enqueue(send_reminders, today)
        if isinstance(result, dict):
            self.stdout.write(
                f"{result['created']} reminders created, {result['emailed']} e-mailed"
            )
        else:
            self.stdout.write(f"queued: {getattr(result, 'id', result)}")
