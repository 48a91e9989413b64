"""Writing many rows at once: COPY on PostgreSQL, one executemany elsewhere.

Values go through each field's own preparation, so encrypted fields are encrypted by the same
code as a single save (`common.fields` over `needsfirst.protect`: a whole column in one call),
defaults (uuids, empty lists) are filled per row, and `auto_now`/`auto_now_add` times default to
now. Used by the bulk
import of people (`cases.imports`) and the benchmark seed (`bench/seed.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
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


def _identity(values: list[Any]) -> list[Any]:
    return values


def _converter(field: models.Field[Any, Any]) -> Callable[[list[Any]], list[Any]]:
    """How a column of Python values becomes what COPY writes: the encrypted fields encrypt
    (the whole column in one call), JSON is dumped as text, and the plain values (text,
    numbers, dates, uuids) go to psycopg as they are."""
    if isinstance(field, EncryptedTextField):
        return field.get_prep_values
    if isinstance(field, models.JSONField) and connection.vendor == "postgresql":
        dump = json.JSONEncoder if field.encoder is None else field.encoder
        encode = dump().encode
        return lambda values: [None if value is None else encode(value) for value in values]
    if isinstance(field, PLAIN_FIELDS) and connection.vendor == "postgresql":
        return _identity
    return lambda values: [field.get_db_prep_save(value, connection) for value in values]


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


@dataclass(frozen=True)
class PreparedRows:
    """Rows of one table in their database form, ready to write (`write_prepared`): what a
    worker process of the pipelined import makes and hands to the process holding the
    connection (plain values only, so it pickles)."""

    table: str
    columns: str
    values: list[tuple[Any, ...]]


def prepare_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, with_id: bool = True
) -> PreparedRows:
    """`rows` (attribute name -> Python value) in their database form, column by column (each
    encrypted column encrypted in one call). Needs no database connection."""
    fields = _columns(model, with_id=with_id)
    now = timezone.now()
    values = zip(*(_column(field, rows, now) for field in fields), strict=True)
    return PreparedRows(
        table=connection.ops.quote_name(model._meta.db_table),
        columns=", ".join(connection.ops.quote_name(str(field.column)) for field in fields),
        values=list(values) if rows else [],
    )


def write_prepared(prepared: PreparedRows) -> int:
    """Write prepared rows: COPY on PostgreSQL, one executemany elsewhere (SQLite, in tests)."""
    if not prepared.values:
        return 0
    table, names = prepared.table, prepared.columns
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            for row in prepared.values:
                write(row)
        return len(prepared.values)
    marks = ", ".join(["%s"] * len(prepared.values[0]))
    with connection.cursor() as cursor:
        insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (model names)
        cursor.executemany(insert, prepared.values)
    return len(prepared.values)


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, with_id: bool = True
) -> int:
    """Insert `rows` (attribute name -> Python value) into `model`'s table; returns the count.

    With `with_id` every row carries its `id` (from `reserve_ids`), so the caller can point
    other rows at it; without, the database numbers the rows.
    """
    if not rows:
        return 0
    return write_prepared(prepare_rows(model, rows, with_id=with_id))


def _column(
    field: models.Field[Any, Any], rows: Sequence[Mapping[str, Any]], now: Any
) -> list[Any]:
    """One column of `rows` in its database form: defaults and times filled, values the caller
    prepared (`Prepared`) as they are, the others converted together (`_converter`)."""
    name = field.attname
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    values = [row.get(name, _MISSING) for row in rows]
    for position, value in enumerate(values):
        if value is _MISSING:
            values[position] = now if auto else field.get_default()
        elif value is None and auto:
            values[position] = now
    prepared = [position for position, value in enumerate(values) if isinstance(value, Prepared)]
    if not prepared:
        return _converter(field)(values)
    converted = _converter(field)([None if isinstance(v, Prepared) else v for v in values])
    for position in prepared:
        converted[position] = values[position].value
    return converted


def chunks(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
