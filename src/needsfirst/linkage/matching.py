"""The coordinator's side: compare two organisations' encodings and count unique people.

Only pairs that share a block key are compared (same year of birth, or same family-name key);
within a block the Dice coefficient of every pair is computed by a C kernel (`_dice.c`) while
two threads share the blocks. Pairs at or above the threshold compete for a one-to-one
assignment, best score first: a record of one organisation links to at most one record of the
other. What the coordinator learns: the links (row numbers), their scores and the counts.
"""

from __future__ import annotations

import struct
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType

from needsfirst.linkage.encoding import BLOCK_KEYS, FILTER_BYTES, NO_BLOCK_KEY
from needsfirst.linkage.fileformat import Encodings, ensure_comparable

_dice: ModuleType | None
try:
    from needsfirst.linkage import _dice
except ImportError:  # pragma: no cover - the extension is built by `pip install`
    _dice = None

DEFAULT_THRESHOLD = 0.8
CHUNK_ROWS = 1024
_LINK = struct.Struct("<IIf")


@dataclass(frozen=True)
class MatchResult:
    left_records: int
    right_records: int
    links: tuple[tuple[int, int, float], ...]
    comparisons: int
    seconds: float
    kernel: str

    @property
    def unique_people(self) -> int:
        return self.left_records + self.right_records - len(self.links)


def kernel_name() -> str:
    return str(_dice.kernel_name()) if _dice is not None else "python"


def _python_dice_pairs(left: bytes, right: bytes, threshold: float) -> bytes:
    """The same answer as the C kernel, slowly: used where the extension is not built."""
    rights = [
        int.from_bytes(right[j : j + FILTER_BYTES], "little")
        for j in range(0, len(right), FILTER_BYTES)
    ]
    counts = [value.bit_count() for value in rights]
    out = bytearray()
    for i in range(len(left) // FILTER_BYTES):
        x = int.from_bytes(left[i * FILTER_BYTES : (i + 1) * FILTER_BYTES], "little")
        x_count = x.bit_count()
        for j, y in enumerate(rights):
            total = x_count + counts[j]
            common = (x & y).bit_count()
            if total and 2.0 * common >= threshold * total:
                out += _LINK.pack(i, j, 2.0 * common / total)
    return bytes(out)


def dice_pairs(left: bytes, right: bytes, threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (row in left, row in right, Dice) of two packed filter blocks at or above threshold."""
    if _dice is not None:
        packed = _dice.dice_pairs(left, right, threshold)
    else:
        packed = _python_dice_pairs(left, right, threshold)
    return list(_LINK.iter_unpack(packed))


def _blocks(encodings: Encodings) -> dict[bytes, list[int]]:
    blocks: dict[bytes, list[int]] = defaultdict(list)
    keys = encodings.block_keys
    for index in range(encodings.count):
        for which in range(BLOCK_KEYS):
            start = (index * BLOCK_KEYS + which) * 8
            key = keys[start : start + 8]
            if key != NO_BLOCK_KEY:
                blocks[bytes([which]) + key].append(index)
    return blocks


def _gather(encodings: Encodings, rows: list[int]) -> bytes:
    view = memoryview(encodings.filters)
    return b"".join(view[row * FILTER_BYTES : (row + 1) * FILTER_BYTES] for row in rows)


def _tasks(
    left: Encodings, right: Encodings
) -> Iterator[tuple[list[int], bytes, list[int], bytes]]:
    left_blocks = _blocks(left)
    right_blocks = _blocks(right)
    for key, left_rows in left_blocks.items():
        right_rows = right_blocks.get(key)
        if not right_rows:
            continue
        right_filters = _gather(right, right_rows)
        for start in range(0, len(left_rows), CHUNK_ROWS):
            chunk = left_rows[start : start + CHUNK_ROWS]
            yield chunk, _gather(left, chunk), right_rows, right_filters


def match(
    left: Encodings,
    right: Encodings,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int = 2,
) -> MatchResult:
    ensure_comparable(left, right)
    started = time.perf_counter()
    best: dict[tuple[int, int], float] = {}
    comparisons = 0

    def run(task: tuple[list[int], bytes, list[int], bytes]) -> list[tuple[int, int, float]]:
        left_rows, left_filters, right_rows, right_filters = task
        return [
            (left_rows[i], right_rows[j], score)
            for i, j, score in dice_pairs(left_filters, right_filters, threshold)
        ]

    in_flight: deque[Future[list[tuple[int, int, float]]]] = deque()

    def collect(future: Future[list[tuple[int, int, float]]]) -> None:
        for i, j, score in future.result():
            if score > best.get((i, j), -1.0):
                best[(i, j)] = score

    # Tasks are made while earlier ones run, a few at a time: memory stays bounded by the
    # blocks in flight, not by the whole comparison.
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for task in _tasks(left, right):
            comparisons += len(task[0]) * len(task[2])
            in_flight.append(pool.submit(run, task))
            while len(in_flight) > 4 * max(1, workers):
                collect(in_flight.popleft())
        while in_flight:
            collect(in_flight.popleft())
    links = _one_to_one(best)
    return MatchResult(
        left_records=left.count,
        right_records=right.count,
        links=links,
        comparisons=comparisons,
        seconds=time.perf_counter() - started,
        kernel=kernel_name(),
    )


def _one_to_one(candidates: dict[tuple[int, int], float]) -> tuple[tuple[int, int, float], ...]:
    """Best score first; ties broken by row numbers so the answer never depends on thread order."""
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    links: list[tuple[int, int, float]] = []
    for (i, j), score in sorted(candidates.items(), key=lambda item: (-item[1], item[0])):
        if i in taken_left or j in taken_right:
            continue
        taken_left.add(i)
        taken_right.add(j)
        links.append((i, j, round(score, 6)))
    return tuple(sorted(links))
