"""Screening many records: JSON Lines in, one JSON result per line out, in the same order.

A bad line does not stop the batch: its output line is `{"line": n, "error": {"field", "reason"}}`.
Lines are parsed with orjson and screened in chunks over a process pool, because re-screening
an archive after a change in the law must be fast; the results are identical to `screen()`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

import orjson

from needsfirst.screening.engine import screen
from needsfirst.screening.rules import load_rules
from needsfirst.screening.validation import ScreeningInputError

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class BatchSummary:
    records: int
    errors: int


def screen_line(number: int, line: bytes) -> tuple[bytes, bool]:
    """One input line -> (one output line without newline, whether it was good)."""
    try:
        record: Any = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return _error(number, "", f"not valid JSON: {error}"), False
    try:
        result = screen(record)
    except ScreeningInputError as error:
        return _error(number, error.field, error.reason), False
    return orjson.dumps(result.as_dict()), True


def _error(number: int, field: str, reason: str) -> bytes:
    return orjson.dumps({"line": number, "error": {"field": field, "reason": reason}})


def _screen_chunk(chunk: list[tuple[int, bytes]]) -> tuple[bytes, int, int]:
    out = bytearray()
    good = bad = 0
    for number, line in chunk:
        text, ok = screen_line(number, line)
        out += text
        out += b"\n"
        if ok:
            good += 1
        else:
            bad += 1
    return bytes(out), good, bad


def _chunks(lines: Iterable[bytes]) -> Iterator[list[tuple[int, bytes]]]:
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(islice(numbered, CHUNK)):
        yield chunk


def _warm() -> None:
    load_rules()


def screen_stream(
    lines: Iterable[bytes], write: Any, *, workers: int | None = None
) -> BatchSummary:
    """Screen every line of `lines`, calling `write(bytes)` with output in input order."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    good = bad = 0
    if workers <= 1:
        for chunk in _chunks(lines):
            text, g, b = _screen_chunk(chunk)
            write(text)
            good, bad = good + g, bad + b
        return BatchSummary(good + bad, bad)
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        # map keeps input order; a bounded window keeps memory flat on a million records
        pending: list[Any] = []
        for chunk in _chunks(lines):
            pending.append(pool.submit(_screen_chunk, chunk))
            if len(pending) >= workers * 4:
                text, g, b = pending.pop(0).result()
                write(text)
                good, bad = good + g, bad + b
        for future in pending:
            text, g, b = future.result()
            write(text)
            good, bad = good + g, bad + b
    return BatchSummary(good + bad, bad)
