"""Screening many records: JSON Lines in, one JSON result per line out, in the same order.

A bad line does not stop the batch: its output line is `{"line": n, "error": {"field", "reason"}}`.
Two output formats:

* full (`screen_stream(..., compact=False)`, the CLI's `--full`): each line is
  `screen(record).as_dict()`, the complete explanation (about 4 KB a record);
* compact (the CLI's default for `--batch`): a header line (format, version, rules version,
  switches, disclaimer), then one `compact.compact_screen` result per record; see
  `needsfirst.screening.compact` and docs/identification.md.

Input is read in blocks of whole lines; each block goes to a worker process as raw bytes with
the number of its first line, and the worker parses, validates and screens it, so the parent
only moves bytes. Results are written in input order; the results are identical to `screen()`.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

import orjson

from needsfirst.screening.compact import compact_line, header
from needsfirst.screening.engine import screen
from needsfirst.screening.fastcheck import record_check
from needsfirst.screening.rules import load_rules
from needsfirst.screening.validation import ScreeningInputError

CHUNK = 2000
BLOCK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class BatchSummary:
    records: int
    errors: int


def screen_line(number: int, line: bytes, *, compact: bool = False) -> tuple[bytes, bool]:
    """One input line -> (one output line without newline, whether it was good)."""
    try:
        record: Any = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return _error(number, "", f"not valid JSON: {error}"), False
    try:
        if compact:
            return compact_line(record), True
        result = screen(record)
    except ScreeningInputError as error:
        return _error(number, error.field, error.reason), False
    return orjson.dumps(result.as_dict()), True


def _error(number: int, field: str, reason: str) -> bytes:
    return orjson.dumps({"line": number, "error": {"field": field, "reason": reason}})


def _screen_lines(numbered: Iterable[tuple[int, bytes]], compact: bool) -> tuple[bytes, int, int]:
    out = bytearray()
    good = bad = 0
    for number, line in numbered:
        text, ok = screen_line(number, line, compact=compact)
        out += text
        out += b"\n"
        if ok:
            good += 1
        else:
            bad += 1
    return bytes(out), good, bad


def _screen_chunk(chunk: list[tuple[int, bytes]], compact: bool = False) -> tuple[bytes, int, int]:
    return _screen_lines(chunk, compact)


def _screen_block(first: int, block: bytes, compact: bool) -> tuple[bytes, int, int]:
    """A block of whole lines (raw bytes) whose first line is number `first`."""
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()
    numbered = ((number, line) for number, line in enumerate(lines, start=first) if line.strip())
    return _screen_lines(numbered, compact)


def _chunks(lines: Iterable[bytes]) -> Iterator[list[tuple[int, bytes]]]:
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(islice(numbered, CHUNK)):
        yield chunk


def _blocks(handle: Any) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, bytes of whole lines) from a binary file object."""
    number = 1
    while True:
        block = handle.read(BLOCK_BYTES)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += handle.readline()
        yield number, block
        number += block.count(b"\n")


def _warm() -> None:
    load_rules()
    record_check()


def screen_stream(
    lines: Iterable[bytes], write: Any, *, workers: int | None = None, compact: bool = False
) -> BatchSummary:
    """Screen every line of `lines`, calling `write(bytes)` with output in input order.

    `lines` may be any iterable of lines; a binary file object (with `read`) is read in
    blocks. `compact` writes the compact format (a header line first) instead of full results.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if compact:
        write(orjson.dumps(header()) + b"\n")
    readable = hasattr(lines, "read")
    good = bad = 0
    if workers <= 1:
        if readable:
            results: Iterator[tuple[bytes, int, int]] = (
                _screen_block(first, block, compact) for first, block in _blocks(lines)
            )
        else:
            results = (_screen_chunk(chunk, compact) for chunk in _chunks(lines))
        for text, g, b in results:
            write(text)
            good, bad = good + g, bad + b
        return BatchSummary(good + bad, bad)
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        # results are taken in submission order; a bounded window keeps memory flat
        pending: deque[Future[tuple[bytes, int, int]]] = deque()
        jobs: Iterator[Future[tuple[bytes, int, int]]]
        if readable:
            jobs = (
                pool.submit(_screen_block, first, block, compact) for first, block in _blocks(lines)
            )
        else:
            jobs = (pool.submit(_screen_chunk, chunk, compact) for chunk in _chunks(lines))
        for future in jobs:
            pending.append(future)
            if len(pending) >= workers * 3:
                text, g, b = pending.popleft().result()
                write(text)
                good, bad = good + g, bad + b
        while pending:
            text, g, b = pending.popleft().result()
            write(text)
            good, bad = good + g, bad + b
    return BatchSummary(good + bad, bad)
