from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from needsfirst.web.common.jobs import enqueue
from needsfirst.web.common.rotation import rows_needing_rotation
from needsfirst.web.common.tasks import rotate_field_encryption


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest key and rebuild the name index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="only count rows left to rotate")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if not check:
            result = enqueue(rotate_field_encryption)
            self.stdout.write(f"rotation: {result}")
        self.stdout.write(f"rows still under an older key: {rows_needing_rotation()}")
