"""Key rotation: re-encrypt every encrypted field under the newest key, and rebuild the blind index.

Procedure (docs/security.md): put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones
after it, run `manage.py rotate_keys`, then remove the old keys once it reports zero rows left.
"""

from __future__ import annotations

from collections.abc import Callable

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


def rotate_all(batch_size: int = 500) -> int:
    rotated = 0
    for model in apps.get_models():
        names = encrypted_fields(model)
        if not names:
            continue
        for instance in model._default_manager.all().iterator(chunk_size=batch_size):
            with transaction.atomic():
                # Loading decrypts with the key that made each token; saving uses the newest.
                model._default_manager.filter(pk=instance.pk).update(
                    **{name: getattr(instance, name) for name in names}
                )
            rotated += 1
    for rebuild in AFTER_ROTATION:
        rebuild()
    return rotated
