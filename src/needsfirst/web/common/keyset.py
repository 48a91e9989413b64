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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
