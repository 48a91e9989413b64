"""Writing many rows at once: COPY on PostgreSQL, batched inserts elsewhere.

Values go through each field's own `get_db_prep_save`, so encrypted fields are encrypted by the
same code as a single save (`common.fields` over `needsfirst.protect`), defaults (uuids, empty
lists) are filled per row, and `auto_now`/`auto_now_add` times default to now. Used by the bulk
import of people (`cases.imports`) and the benchmark seed (`bench/seed.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from needsfirst.web.common.fields import EncryptedTextField


def _columns(model: type[models.Model], *, with_id: bool) -> list[models.Field[Any, Any]]:
    return [field for field in model._meta.concrete_fields if with_id or not field.primary_key]


class Prepared:
    """A value already in its database form (a token the caller encrypted), written as is."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


_MISSING = object()


def _identity(value: Any) -> Any:
    return value


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How a Python value becomes what COPY writes: the encrypted fields encrypt, JSON is dumped
    as text, and the plain values (text, numbers, dates, uuids) go to psycopg as they are."""
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    if isinstance(field, PLAIN_FIELDS):
        return _identity
    return lambda value: field.get_db_prep_save(value, connection)


PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too: aware datetimes go to psycopg as they are
    models.UUIDField,
    models.ForeignKey,
    models.GenericIPAddressField,
)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model` (PostgreSQL: taken from its sequence in one go)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
    # Elsewhere (SQLite, in tests) the caller holds the write transaction: max + 1 onwards.
    start = (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    return list(range(start, start + count))


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, with_id: bool = True
) -> int:
    """Insert `rows` (attribute name -> Python value) into `model`'s table; returns the count.

    With `with_id` every row carries its `id` (from `reserve_ids`), so the caller can point
    other rows at it; without, the database numbers the rows.
    """
    if not rows:
        return 0
    fields = _columns(model, with_id=with_id)
    now = timezone.now()
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
        columns = [
            (
                field.attname,
                _converter(field),
                getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False),
                field.get_default,
            )
            for field in fields
        ]
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                values = []
                for name, convert, auto, default in columns:
                    value = row.get(name, _MISSING)
                    if value is _MISSING:
                        value = now if auto else default()
                    elif value is None and auto:
                        value = now
                    values.append(value.value if isinstance(value, Prepared) else convert(value))
                write(values)
        return len(rows)
    objects = [
        model(**{field.attname: row_value(field, row, now) for field in fields}) for row in rows
    ]
    model._default_manager.bulk_create(objects, batch_size=500)
    return len(rows)


def row_value(field: models.Field[Any, Any], row: Mapping[str, Any], now: Any) -> Any:
    """The Python value of `field` for `row` (defaults and times filled), before preparation."""
    name = field.attname
    value = row.get(name)
    if value is None and (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ):
        return now
    if name in row:
        return value
    return field.get_default()


def chunks(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
