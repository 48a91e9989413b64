"""Keyset pagination: a page of a long list costs the same on page 1 and page 10,000.

Lists are ordered newest first by a time and the id (ties). A page is read as "the next 25
rows before this (time, id)" through a composite index (organisation, -time, -id), so neither
the page nor its links need a COUNT of the whole list, and no OFFSET makes the database walk the
rows it skips. The cursor in the link is the (time, id) of the page's last or first row: a
moment and a row number, no personal data. A cursor that does not parse is ignored (page 1).

A list may be the union of several querysets (an organisation's own cases and the few shared
with it): each is read with the same cursor and limit, and the rows are merged in memory.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Model, Q, QuerySet

AFTER = "after"
BEFORE = "before"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _encode(moment: datetime, pk: int) -> str:
    return f"{(moment - EPOCH) // MICROSECOND}.{pk}"


def _decode(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor or len(cursor) > 40:
        return None
    micros, sep, pk = cursor.partition(".")
    if not sep or not micros.lstrip("-").isdigit() or not pk.isdigit():
        return None
    try:
        moment = EPOCH + int(micros) * MICROSECOND
    except (OverflowError, ValueError):
        return None
    return moment, int(pk)


@dataclass
class KeysetPage:
    """One page: its rows, and cursors to the older (next) and newer (previous) pages."""

    object_list: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    # The names of the page's parameters in the address: a page showing two lists (the team
    # page) gives each its own.
    after_param: str = AFTER
    before_param: str = BEFORE

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def keyset_page(
    querysets: Sequence[QuerySet[Any]],
    *,
    time_field: str,
    size: int,
    after: str | None = None,
    before: str | None = None,
) -> KeysetPage:
    """The page of `size` rows after (older than) `after`, or before (newer than) `before`.

    Rows are ordered by `time_field` then id, newest first. With neither cursor: the first page.
    """
    newer = _decode(before) if before and not after else None
    older = None if newer else _decode(after)
    cursor = newer or older
    rows: list[Model] = []
    for queryset in querysets:
        if cursor is not None:
            moment, pk = cursor
            if newer:
                queryset = queryset.filter(
                    Q(**{f"{time_field}__gte": moment})
                    & (Q(**{f"{time_field}__gt": moment}) | Q(pk__gt=pk))
                ).order_by(time_field, "pk")
            else:
                queryset = queryset.filter(
                    Q(**{f"{time_field}__lte": moment})
                    & (Q(**{f"{time_field}__lt": moment}) | Q(pk__lt=pk))
                ).order_by(f"-{time_field}", "-pk")
        else:
            queryset = queryset.order_by(f"-{time_field}", "-pk")
        rows += list(queryset[: size + 1])

    def key(row: Model) -> tuple[datetime, int]:
        return getattr(row, time_field), int(row.pk)

    unique = {row.pk: row for row in rows}.values()
    if newer:
        ordered = sorted(unique, key=key)
        more = len(ordered) > size
        page = list(reversed(ordered[:size]))
        has_newer, has_older = more, True
    else:
        ordered = sorted(unique, key=key, reverse=True)
        more = len(ordered) > size
        page = ordered[:size]
        has_newer, has_older = older is not None, more
    if not page:
        return KeysetPage([], None, None)
    return KeysetPage(
        page,
        next_cursor=_encode(*key(page[-1])) if has_older else None,
        previous_cursor=_encode(*key(page[0])) if has_newer else None,
    )


# --- Lists in any order: a cursor of the boundary row's sort values ---------------------------
#
# Some lists are not "newest first": the team page reads actions by due day then urgency, the
# services directory by country, city and name. `ordered_page` reads them a page at a time the
# same way: "the next rows after these sort values", through an index on the same columns, never
# a COUNT or an OFFSET. The cursor carries the boundary row's sort values and its id, each typed
# (a day, a moment, a number, a text in URL-safe base64), so a page is found again even when the
# boundary row has left the list since (an action done, a service withdrawn). The values are the
# list's own sort keys (days, urgency levels, a service's place and name): no personal data goes
# into the address. Ties of the sort values are broken by the id, so no row is skipped or shown
# twice. The sort fields must not be null.

_MAX_CURSOR = 400


def _encode_value(value: Any) -> str:
    if isinstance(value, datetime):
        return f"t{(value - EPOCH) // MICROSECOND}"
    if isinstance(value, date):
        return f"d{value.toordinal()}"
    if isinstance(value, bool):
        return f"i{int(value)}"
    if isinstance(value, int):
        return f"i{value}"
    text = base64.urlsafe_b64encode(str(value).encode("utf-8")).decode("ascii").rstrip("=")
    return f"s{text}"


def _decode_value(text: str) -> Any:
    kind, body = text[:1], text[1:]
    if kind in {"t", "d", "i"}:
        if not body.lstrip("-").isdigit() or len(body) > 20:
            raise ValueError(text)
        number = int(body)
        if kind == "t":
            return EPOCH + number * MICROSECOND
        if kind == "d":
            return date.fromordinal(number)
        return number
    if kind == "s":
        padded = body + "=" * (-len(body) % 4)
        return base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    raise ValueError(text)


def _encode_row(row: Model, fields: Sequence[str]) -> str:
    return ".".join(_encode_value(getattr(row, field)) for field in fields)


def _decode_row(cursor: str | None, count: int) -> list[Any] | None:
    if not cursor or len(cursor) > _MAX_CURSOR:
        return None
    parts = cursor.split(".")
    if len(parts) != count:
        return None
    try:
        return [_decode_value(part) for part in parts]
    except (ValueError, OverflowError, UnicodeError, binascii.Error):
        return None


def _following(fields: Sequence[tuple[str, bool]], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in the order `fields` ((name, descending) pairs)."""
    condition = Q()
    for position, (name, descending) in enumerate(fields):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[position]})
        for earlier in range(position):
            step &= Q(**{fields[earlier][0]: values[earlier]})
        condition |= step
    first, descending = fields[0]
    # The leading bound alone lets the database start its index range at the cursor.
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & condition


def ordered_page(
    queryset: QuerySet[Any],
    *,
    order: Sequence[str],
    size: int,
    after: str | None = None,
    before: str | None = None,
    prefix: str = "",
) -> KeysetPage:
    """The page of `size` rows of `queryset` in `order` (field names, "-" for descending; the id
    is added last in the direction of the last field) after the cursor `after`, or before the
    cursor `before`. With neither cursor (or one that does not parse): the first page."""
    fields = [(name.lstrip("-"), name.startswith("-")) for name in order]
    fields.append(("pk", fields[-1][1] if fields else False))
    names = [name for name, _ in fields]
    newer = _decode_row(before, len(fields)) if before and not after else None
    older = None if newer else _decode_row(after, len(fields))
    if newer is not None:
        flipped = [(name, not descending) for name, descending in fields]
        rows = list(
            queryset.filter(_following(flipped, newer)).order_by(
                *[f"{'-' if d else ''}{n}" for n, d in flipped]
            )[: size + 1]
        )
        more = len(rows) > size
        page = list(reversed(rows[:size]))
        has_newer, has_older = more, True
    else:
        filtered = queryset.filter(_following(fields, older)) if older is not None else queryset
        rows = list(filtered.order_by(*[f"{'-' if d else ''}{n}" for n, d in fields])[: size + 1])
        more = len(rows) > size
        page = rows[:size]
        has_newer, has_older = older is not None, more
    if not page:
        return KeysetPage(
            [], None, None, after_param=f"{prefix}after", before_param=f"{prefix}before"
        )
    return KeysetPage(
        page,
        next_cursor=_encode_row(page[-1], names) if has_older else None,
        previous_cursor=_encode_row(page[0], names) if has_newer else None,
        after_param=f"{prefix}after",
        before_param=f"{prefix}before",
    )
