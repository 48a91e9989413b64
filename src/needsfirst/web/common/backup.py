"""Encrypted backups of the whole database, and their restore into an empty database.

Every table of the project's models is read as stored (encrypted fields stay ciphertexts, the
audit trail as it is), row by row through the database cursor, written as compressed JSON lines
and sealed with a backup key (`needsfirst.protect.sealed_stream`): AES-256-GCM in chunks, so a
changed, reordered or truncated file is refused. The backup key is not a field key: whoever
steals a backup needs the backup key to open it and the field keys to read a name, and the
operations guide keeps the three apart (docs/operations.md).

A restore checks the file, the key and the migrations (the target must be migrated to the same
state), refuses a database that already holds data, and writes everything in one transaction:
a file that fails halfway writes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from needsfirst.protect import sealed_stream
from needsfirst.protect.crypto import KEY_BYTES
from needsfirst.protect.keyfile import SecretTextError, read_secret_file

FORMAT = "needsfirst-backup"
FORMAT_VERSION = 1
BATCH_ROWS = 1000
# Rows that `migrate` writes itself; a restore replaces them with the backup's.
MIGRATION_TABLES = ("auth_permission", "django_content_type")
# Live sign-in sessions are not backed up: a restored server starts with everyone signed out.
SKIPPED_TABLES = frozenset({"django_session"})


class BackupError(Exception):
    """A backup or restore refused; the message names the reason (never personal data)."""


@dataclass(frozen=True)
class BackupReport:
    tables: int
    rows: int
    counts: dict[str, int]


def backup_models() -> list[type[models.Model]]:
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in SKIPPED_TABLES
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.local_concrete_fields)


def _tag(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$td": value.total_seconds()}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, uuid.UUID):
        return {"$u": str(value)}
    if isinstance(value, (bytes, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _untag(value: Any) -> Any:
    if not isinstance(value, dict) or len(value) != 1:
        return value
    ((kind, text),) = value.items()
    if kind == "$dt":
        return dt.datetime.fromisoformat(text)
    if kind == "$d":
        return dt.date.fromisoformat(text)
    if kind == "$t":
        return dt.time.fromisoformat(text)
    if kind == "$td":
        return dt.timedelta(seconds=text)
    if kind == "$dec":
        return decimal.Decimal(text)
    if kind == "$u":
        return uuid.UUID(text)
    if kind == "$b":
        return base64.b64decode(text)
    return value


def _applied_migrations(alias: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _raw_rows(alias: str, model: type[models.Model]) -> Iterator[list[Any]]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = _columns(model)
    json_columns = {
        index for index, field in enumerate(fields) if isinstance(field, models.JSONField)
    }
    primary_key = model._meta.pk
    if primary_key is None or primary_key.column is None:
        raise BackupError(f"table {model._meta.db_table} has no primary key column")
    # Identifiers from the models' own metadata, quoted by the backend: no input reaches them.
    sql = "SELECT {} FROM {} ORDER BY {}".format(  # noqa: S608
        ", ".join(quote(str(field.column)) for field in fields),
        quote(model._meta.db_table),
        quote(primary_key.column),
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(BATCH_ROWS):
            for row in rows:
                values = list(row)
                for index in json_columns:
                    if values[index] is not None and not isinstance(values[index], str):
                        values[index] = json.dumps(values[index])  # PostgreSQL decoded it
                yield [_tag(value) for value in values]


def _lines(alias: str) -> Iterator[bytes]:
    counts: dict[str, int] = {}
    for model in backup_models():
        table = model._meta.db_table
        yield _line({"table": table, "columns": [field.column for field in _columns(model)]})
        batch: list[list[Any]] = []
        count = 0
        for row in _raw_rows(alias, model):
            batch.append(row)
            count += 1
            if len(batch) == BATCH_ROWS:
                yield _line({"rows": batch})
                batch = []
        if batch:
            yield _line({"rows": batch})
        counts[table] = count
    yield _line({"end": True, "counts": counts})


def _line(item: dict[str, Any]) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def backup_write(stream: BinaryIO, *, key: bytes, alias: str = "default") -> BackupReport:
    """Write a sealed backup of database `alias` to `stream`, in one consistent snapshot."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "engine": connections[alias].vendor,
        "migrations": _applied_migrations(alias),
    }
    writer = sealed_stream.SealedWriter(stream, key, header)
    compressor = zlib.compressobj(level=6)
    counts: dict[str, int] = {}
    connection = connections[alias]
    snapshot = not connection.in_atomic_block  # else the caller's transaction is the snapshot
    with transaction.atomic(using=alias):
        if snapshot and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for line in _lines(alias):
            if line.startswith(b'{"end"'):
                counts = json.loads(line)["counts"]
            writer.write(compressor.compress(line))
    writer.write(compressor.flush())
    writer.close()
    return BackupReport(tables=len(counts), rows=sum(counts.values()), counts=counts)


def _items(chunks: Iterator[bytes]) -> Iterator[dict[str, Any]]:
    decompressor = zlib.decompressobj()
    pending = b""
    for chunk in chunks:
        pending += decompressor.decompress(chunk)
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield json.loads(line)
    pending += decompressor.flush()
    if pending.strip():
        yield json.loads(pending)


def _ensure_empty(alias: str) -> None:
    for model in backup_models():
        table = model._meta.db_table
        if table in MIGRATION_TABLES:
            continue
        if model._base_manager.using(alias).exists():
            raise BackupError(
                f"a restore needs an empty, migrated database: table {table} holds rows"
            )


def _ensure_same_migrations(header: dict[str, Any], alias: str) -> None:
    theirs = {tuple(item) for item in header.get("migrations", [])}
    ours = {tuple(item) for item in _applied_migrations(alias)}
    if theirs != ours:
        missing = sorted(theirs - ours)[:5]
        extra = sorted(ours - theirs)[:5]
        raise BackupError(
            "the database is not migrated to the backup's state: "
            f"migrations missing here {missing}, not in the backup {extra}"
        )


def restore_read(stream: BinaryIO, *, key: bytes, alias: str = "default") -> BackupReport:
    """Restore a sealed backup into the empty, migrated database `alias`, all or nothing."""
    header, chunks = sealed_stream.open_sealed(stream, key)
    if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise BackupError(f"not a needsfirst backup of format version {FORMAT_VERSION}")
    if header.get("engine") != connections[alias].vendor:
        raise BackupError(
            f"this backup is of a {header.get('engine')} database; restore it into the same kind"
        )
    _ensure_same_migrations(header, alias)
    _ensure_empty(alias)
    known = {model._meta.db_table: model for model in backup_models()}
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for table in MIGRATION_TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts = _insert_all(cursor, connection.ops.quote_name, _items(chunks), known)
        for statement in connection.ops.sequence_reset_sql(no_style(), list(known.values())):
            cursor.execute(statement)
    return BackupReport(tables=len(counts), rows=sum(counts.values()), counts=counts)


def _insert_all(
    cursor: Any,
    quote: Callable[[str], str],
    items: Iterator[dict[str, Any]],
    known: dict[str, type[models.Model]],
) -> dict[str, int]:
    """Insert every row of the backup; the counts it ends with must match what was inserted."""
    counts: dict[str, int] = {}
    expected: dict[str, int] | None = None
    insert = ""
    table = ""
    for item in items:
        if "table" in item:
            table = item["table"]
            if table not in known:
                raise BackupError(f"the backup has a table this version does not: {table}")
            columns = item["columns"]
            # Only tables of this version's models (checked above), quoted by the backend.
            insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
                quote(table),
                ", ".join(quote(column) for column in columns),
                ", ".join(["%s"] * len(columns)),
            )
            counts[table] = 0
        elif "rows" in item:
            rows = [[_untag(value) for value in row] for row in item["rows"]]
            cursor.executemany(insert, rows)
            counts[table] += len(rows)
        elif item.get("end"):
            expected = item["counts"]
    if expected != counts:
        raise BackupError("the backup's row counts do not match what it holds")
    return counts


def key_from_file(path: Path) -> bytes:
    """A backup key file: 32 random bytes as hex or base64 text."""
    try:
        key = read_secret_file(path)
    except SecretTextError as error:
        raise BackupError(str(error)) from error
    if len(key) != KEY_BYTES:
        raise BackupError(f"a backup key is {KEY_BYTES} random bytes")
    return key
