"""`manage.py restore --key-file KEY FILE`: restore an encrypted backup into an empty database.

Migrate the empty database first (`manage.py migrate`, the same version of needsfirst as the
backup's). Everything is written in one transaction, or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.errors import InputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.common.backup import BackupError, key_from_file, restore_read


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the backup file")
        parser.add_argument("--key-file", type=Path, required=True, help="the backup key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = key_from_file(options["key_file"])
            with options["backup"].open("rb") as stream:
                report = restore_read(stream, key=key)
        except (BackupError, InputError, OSError, ValueError) as error:
            raise CommandError(f"nothing was restored: {error}") from error
        audit_record(
            actor=Actor.system("manage.py restore"),
            action=AuditAction.CREATE,
            object_type="restore",
            detail={"tables": report.tables, "rows": report.rows},
        )
        self.stdout.write(f"restored {report.rows} rows of {report.tables} tables")
