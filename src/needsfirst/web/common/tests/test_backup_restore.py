"""Backups: an encrypted file of the whole database that restores, record for record and audit
entry for audit entry, into an empty database, and is refused when anything is wrong."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from needsfirst.protect import sealed_stream
from needsfirst.protect.errors import ProtectError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.audit.models import AuditEntry
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case
from needsfirst.web.common.backup import (
    BackupError,
    _raw_rows,
    backup_models,
    backup_write,
    restore_read,
)

KEY = bytes(range(32))

pytestmark = pytest.mark.slow


@pytest.fixture
def records(open_case: Callable[..., Case], caseworker: User) -> list[Case]:
    cases = [
        open_case("Mohammed", "Hossain", citizenship=["BD"], mobile_phone="+880 1711 000111"),
        open_case("Senait", "Tekle", citizenship=["ER"]),
    ]
    case_services.note_add(
        actor=Actor.for_user(caseworker),
        case=cases[0],
        body="Passport kept by the employer in Doha",
        on=timezone.localdate(),
    )
    return cases


def backup_bytes() -> bytes:
    buffer = io.BytesIO()
    backup_write(buffer, key=KEY)
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_database_gives_back_every_record_and_audit_entry(
    records: list[Case], empty_database: str, django_db_blocker: Any
) -> None:
    backup = backup_bytes()
    assert AuditEntry.objects.count() > 0
    with django_db_blocker.unblock():
        report = restore_read(io.BytesIO(backup), key=KEY, alias=empty_database)
        for model in backup_models():
            ours = list(_raw_rows("default", model))
            restored = list(_raw_rows(empty_database, model))
            assert restored == ours, model._meta.db_table
        restored_person = Case.objects.using(empty_database).get(pk=records[0].pk).person
    assert report.counts["audit_auditentry"] == AuditEntry.objects.count()
    assert restored_person.first_name == "Mohammed"  # readable with the same field keys


@pytest.mark.django_db(transaction=True)
def test_a_restore_with_the_wrong_key_writes_nothing(
    records: list[Case], empty_database: str, django_db_blocker: Any
) -> None:
    backup = backup_bytes()
    with django_db_blocker.unblock():
        with pytest.raises(ProtectError, match="sealed with key"):
            restore_read(io.BytesIO(backup), key=bytes(32), alias=empty_database)
        assert not Case.objects.using(empty_database).exists()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_writes_nothing(
    records: list[Case], empty_database: str, django_db_blocker: Any
) -> None:
    damaged = bytearray(backup_bytes())
    damaged[-40] ^= 0xFF
    with django_db_blocker.unblock():
        with pytest.raises(ProtectError):
            restore_read(io.BytesIO(bytes(damaged)), key=KEY, alias=empty_database)
        assert not AuditEntry.objects.using(empty_database).exists()
        assert not Case.objects.using(empty_database).exists()


def test_a_database_that_holds_data_is_refused(records: list[Case]) -> None:
    with pytest.raises(BackupError, match="empty, migrated database"):
        restore_read(io.BytesIO(backup_bytes()), key=KEY)


def test_personal_fields_stay_encrypted_inside_the_backup(records: list[Case]) -> None:
    header, chunks = sealed_stream.open_sealed(io.BytesIO(backup_bytes()), KEY)
    clear = zlib.decompress(b"".join(chunks)).decode("utf-8")
    assert header["format"] == "needsfirst-backup"
    assert '"table":"cases_person"' in clear
    for secret in ("Mohammed", "Hossain", "1711 000111", "Passport kept by the employer"):
        assert secret not in clear
    assert "nf1:" in clear  # the ciphertexts themselves


def test_the_backup_file_holds_no_clear_text_at_all(records: list[Case]) -> None:
    backup = backup_bytes()
    assert b"cases_person" not in backup
    assert b"Mohammed" not in backup


def test_the_commands_make_a_key_refuse_to_overwrite_and_refuse_a_full_database(
    records: list[Case], tmp_path: Path
) -> None:
    key = tmp_path / "backup.key"
    output = tmp_path / "needsfirst.backup"
    out = io.StringIO()
    call_command("backup", new_key=key, output=output, stdout=out)
    assert "backed up" in out.getvalue()
    assert key.stat().st_mode & 0o077 == 0
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", key_file=key, output=output)
    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("restore", str(output), key_file=key)
    assert AuditEntry.objects.filter(object_type="backup").exists()
