"""Key rotation: re-encrypt every encrypted field under the newest key, and rebuild the blind index.

Procedure (docs/security.md): put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones
after it, run `manage.py rotate_keys`, then remove the old keys once it reports zero rows left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models, transaction

from needsfirst.web.common import crypto
from needsfirst.web.common.fields import EncryptedTextField

# What must be rebuilt once every field is under the newest key (the blind index of names):
# registered from the apps' `ready()`, so this low-level module imports none of them.
AFTER_ROTATION: list[Callable[[], None]] = []


def register_after_rotation(rebuild: Callable[[], None]) -> None:
    if rebuild not in AFTER_ROTATION:
        AFTER_ROTATION.append(rebuild)


def encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in _encrypted(model)]


def _encrypted(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _raw_tokens(model: type[models.Model], pk: object, names: list[str]) -> list[str]:
    # Read the stored ciphertexts themselves, not the decrypted values, to see their key ids.
    table = model._meta.db_table
    columns = ", ".join(str(f.column) for f in _encrypted(model) if f.attname in names)
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {model._meta.pk.column} = %s", [pk])  # noqa: S608
        row = cursor.fetchone()
    return [value for value in (row or []) if value]


def rows_needing_rotation() -> int:
    keyring = crypto.keyring()
    count = 0
    for model in apps.get_models():
        names = encrypted_fields(model)
        if not names:
            continue
        for pk in model._default_manager.values_list("pk", flat=True).iterator():
            if any(keyring.needs_rotation(token) for token in _raw_tokens(model, pk, names)):
                count += 1
    return count


def rotate_batch(
    model: type[models.Model], *, after_pk: Any = None, batch_size: int = 500
) -> tuple[Any, int]:
    """Re-encrypt the next `batch_size` rows of `model` after primary key `after_pk`.

    Works on the stored tokens, not on loaded objects, with a compare-and-swap per row: the
    UPDATE names the tokens it read, so a row saved by a user in the meantime (whose tokens are
    then already under the newest key) is never overwritten with older values; it is read again.
    Returns the last primary key seen (None when the table is done) and the rows changed.
    """
    fields = _encrypted(model)
    if not fields:
        return None, 0
    primary_key = model._meta.pk
    assert primary_key is not None
    table, pk_column = model._meta.db_table, str(primary_key.column)
    columns = [str(field.column) for field in fields]
    select = (
        f"SELECT {pk_column}, {', '.join(columns)} FROM {table}"  # noqa: S608
        + (f" WHERE {pk_column} > %s" if after_pk is not None else "")
        + f" ORDER BY {pk_column} LIMIT {int(batch_size)}"
    )
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(select, [after_pk] if after_pk is not None else [])
        rows = cursor.fetchall()
    rotated = sum(_rotate_row(table, pk_column, fields, row) for row in rows)
    return (rows[-1][0] if len(rows) == batch_size else None), rotated


def _rotate_row(
    table: str, pk_column: str, fields: list[EncryptedTextField], row: tuple[Any, ...]
) -> int:
    keyring = crypto.keyring()
    pk, tokens = row[0], list(row[1:])
    for _attempt in range(5):
        stale = [
            (field, token)
            for field, token in zip(fields, tokens, strict=True)
            if token and keyring.needs_rotation(token)
        ]
        if not stale:
            return 0
        assignments = ", ".join(f"{field.column} = %s" for field, _ in stale)
        conditions = " AND ".join(f"{field.column} = %s" for field, _ in stale)
        new_tokens = [keyring.rotate(token, context=field.crypto_context) for field, token in stale]
        with transaction.atomic(), transaction.get_connection().cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s AND {conditions}",  # noqa: S608
                [*new_tokens, pk, *[token for _, token in stale]],
            )
            if cursor.rowcount == 1:
                return 1
            # Saved meanwhile: read the row again and rotate what is still under an old key.
            columns = ", ".join(str(field.column) for field in fields)
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {pk_column} = %s", [pk])  # noqa: S608
            fresh = cursor.fetchone()
        if fresh is None:
            return 0  # erased meanwhile
        tokens = list(fresh)
    raise RuntimeError(f"{table} row {pk} kept changing during key rotation")


def models_with_encrypted_fields() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if _encrypted(model)]


def rotate_all(batch_size: int = 500) -> int:
    """Every encrypted value under the newest key, in batches, then the name index rebuilt."""
    rotated = 0
    for model in models_with_encrypted_fields():
        after_pk: Any = None
        while True:
            after_pk, changed = rotate_batch(model, after_pk=after_pk, batch_size=batch_size)
            rotated += changed
            if after_pk is None:
                break
    for rebuild in AFTER_ROTATION:
        rebuild()
    return rotated
