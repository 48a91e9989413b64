"""Queue the webhook deliveries due for another attempt (run it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from needsfirst.web.api.events import webhooks_retry_due


class Command(BaseCommand):
    help = "Queue the webhook deliveries waiting for their next attempt."

    def handle(self, *args: Any, **options: Any) -> None:
        count = webhooks_retry_due()
        self.stdout.write(f"{count} deliveries queued")
