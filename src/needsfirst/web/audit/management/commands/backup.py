"""`manage.py backup --key-file KEY --output FILE`: an encrypted backup of the whole database.

`--new-key KEY` writes a fresh backup key first (never overwriting one). Keep the key apart from
the backups and from the field keys (docs/operations.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.errors import InputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.common.backup import BackupError, backup_write, key_from_file


class Command(BaseCommand):
    help = "Write an encrypted backup of the whole database."

    def add_arguments(self, parser: CommandParser) -> None:
        key = parser.add_mutually_exclusive_group(required=True)
        key.add_argument("--key-file", type=Path, help="the backup key (32 bytes, hex)")
        key.add_argument("--new-key", type=Path, help="write a new backup key here and use it")
        parser.add_argument("--output", type=Path, required=True, help="the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.exists():
            raise CommandError(f"output: {output} exists; a backup never overwrites a file")
        try:
            key = self._key(options)
            with output.open("xb") as stream:
                report = backup_write(stream, key=key)
        except (BackupError, InputError, OSError) as error:
            output.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        audit_record(
            actor=Actor.system("manage.py backup"),
            action=AuditAction.EXPORT,
            object_type="backup",
            detail={"tables": report.tables, "rows": report.rows},
        )
        self.stdout.write(f"backed up {report.rows} rows of {report.tables} tables to {output}")

    def _key(self, options: dict[str, Any]) -> bytes:
        if options["new_key"] is not None:
            path: Path = options["new_key"]
            key = secrets.token_bytes(32)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as stream:
                stream.write(key.hex() + "\n")
            return key
        return key_from_file(options["key_file"])
