"""The bulk import of people on two cores: worker processes make batches while this process
writes them, all in one transaction.

The serial import (`imports.people_import` with no workers) takes turns: this process
validates, encrypts and tokenises a batch while its PostgreSQL backend waits, then the backend
COPYs it while this process waits. Here worker processes (forked once, each keeping its own
token cache) validate batch n+1 and make its rows in their database form (`bulk.prepare_rows`:
encrypted, tokens computed) while this process COPYs batch n. The keys come from this process's
connection (ids from the sequences, fresh case references) and go with each batch; a worker
never touches the database.

All or nothing still: everything is written in the caller's transaction, and any error rolls
it back; each batch's foreign keys are checked as soon as it is written. A bad row in any batch
stops the writing; the remaining batches are still checked (not made), so the refusal names
the same rows and fields as the serial import's. A worker that dies fails the import
(`ImportInterrupted`). At most `processes + 1` batches are in flight, so memory stays flat
whatever the size of the file.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils.translation import gettext as _

from needsfirst.web.cases import imports
from needsfirst.web.common import bulk


class ImportInterrupted(RuntimeError):
    """A worker process died (killed, out of memory): the import wrote nothing."""


@dataclass(frozen=True)
class Task:
    first_row: int
    rows: list[Mapping[str, Any]]
    keys: imports.BatchKeys | None  # None: only check the rows (an earlier batch was refused)


@dataclass
class Made:
    """A worker's answer: the batch's errors, or its rows ready to write."""

    errors: list[str] = field(default_factory=list)
    tables: list[bulk.PreparedRows] = field(default_factory=list)
    case_uuids: list[Any] = field(default_factory=list)


_CONTEXT: imports.WriteContext | None = None
_TOKENS: imports.TokenCache | None = None
_INHERITED: list[Any] = []


def _worker_start(context: imports.WriteContext) -> None:
    """In each forked worker: the import's context and a token cache kept for all its batches.
    The parent's database connections are set aside, never closed (closing would end the
    parent's session) and never used (any attempt raises)."""
    global _CONTEXT, _TOKENS
    _CONTEXT, _TOKENS = context, imports.TokenCache()
    for inherited in connections.all(initialized_only=True):
        _INHERITED.append(inherited.connection)
        inherited.connection = None
        inherited.ensure_connection = _no_database  # type: ignore[method-assign]


def _no_database() -> None:
    raise RuntimeError("a worker of the import must not use the database")


def _make(task: Task) -> Made:
    """Check a batch's rows and, unless only checking, make its rows in their database form."""
    assert _CONTEXT is not None
    assert _TOKENS is not None
    try:
        people = imports.people_validate(
            task.rows, organisation_id=_CONTEXT.organisation_id, first_row=task.first_row
        )
    except ValidationError as error:
        return Made(errors=error.messages)
    if task.keys is None:
        return Made()
    made = imports.batch_rows(people, task.keys, _CONTEXT, _TOKENS)
    return Made(
        tables=[
            bulk.prepare_rows(model, rows, with_id=with_id) for model, rows, with_id in made.tables
        ],
        case_uuids=made.case_uuids,
    )


class _Writer:
    """This process's side: keys for each batch handed out, answers written in order."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.batches = enumerate(bulk.chunks(rows, imports.BATCH))
        self.pending: deque[tuple[Future[Made], imports.BatchKeys | None]] = deque()
        self.errors: list[str] = []
        self.people = 0
        self.case_ids: list[int] = []
        self.case_uuids: list[Any] = []

    def submit(self, pool: ProcessPoolExecutor) -> bool:
        batch = next(self.batches, None)
        if batch is None:
            return False
        number, rows = batch
        keys = None
        if not self.errors:
            in_flight = {ref for _, held in self.pending if held for ref in held.references}
            keys = imports.BatchKeys.reserve(len(rows), taken=in_flight)
        task = Task(first_row=number * imports.BATCH + 1, rows=rows, keys=keys)
        self.pending.append((pool.submit(_make, task), keys))
        return True

    def write_next(self) -> None:
        future, keys = self.pending.popleft()
        made = future.result()
        if made.errors:
            self.errors += made.errors
        if self.errors or keys is None:
            return
        for table in made.tables:
            bulk.write_prepared(table)
        # The deferred foreign-key checks of this batch now (Django's own SET CONSTRAINTS ALL
        # IMMEDIATE, then DEFERRED), not all at the commit: PostgreSQL queues them in memory,
        # about 60 a person, and checking them batch by batch overlaps with the workers.
        connection.check_constraints()
        self.people += len(keys.person_ids)
        self.case_ids += keys.case_ids
        self.case_uuids += made.case_uuids


def people_write_pipelined(
    *, context: imports.WriteContext, rows: Iterable[Mapping[str, Any]], processes: int
) -> imports.ImportResult:
    """Check and write `rows` with `processes` workers, in the caller's transaction; raises
    `ValidationError` (every row's errors, up to `imports.MAX_ERRORS`) or `ImportInterrupted`,
    and the caller's transaction then writes nothing."""
    writer = _Writer(rows)
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_start,
        initargs=(context,),
    )
    try:
        while len(writer.pending) <= processes and writer.submit(pool):
            pass
        while writer.pending:
            writer.write_next()
            writer.submit(pool)
    except BrokenProcessPool as error:
        raise ImportInterrupted(_("The import stopped: a worker process ended.")) from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if writer.errors:
        raise ValidationError(writer.errors[: imports.MAX_ERRORS])
    return imports.ImportResult(
        people=writer.people, cases=writer.case_ids, case_uuids=writer.case_uuids
    )
