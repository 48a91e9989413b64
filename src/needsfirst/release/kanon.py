"""k-anonymity by full-domain generalisation and suppression.

Every quasi-identifier column is raised to one level of its hierarchy (the same level for the
whole column), and the rows that still sit in a class of fewer than k people are suppressed
(left out). The search is greedy from the given starting levels: while more than
`max_suppression` of the rows would be lost, raise the one column whose next level loses the
fewest rows. Classes count distinct people when a person column is given, so that one
person's several cases never make up a class of k on their own.

Columns are encoded once as integers; each trial is a lookup and a sort over integer keys
(numpy), so a million rows take well under a second per trial.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from needsfirst.errors import InputError
from needsfirst.release.defaults import DEFAULT_K, DEFAULT_MAX_SUPPRESSION
from needsfirst.release.hierarchies import (
    Hierarchy,
    ReleaseErrorCode,
    hierarchy,
)

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class QuasiIdentifier:
    column: str
    kind: str
    groups: Mapping[str, str] | None = None
    min_level: int = 0  # the release must be at least this coarse
    max_level: int | None = None  # the requester will not accept coarser than this

    def ladder(self) -> Hierarchy:
        return hierarchy(self.kind, self.groups)


@dataclass(frozen=True)
class ReleaseSpec:
    quasi_identifiers: tuple[QuasiIdentifier, ...]
    sensitive: tuple[str, ...] = ()  # released as they are; never used to single anyone out
    person_column: str | None = None  # counted, never released
    k: int = DEFAULT_K
    max_suppression: float = DEFAULT_MAX_SUPPRESSION


@dataclass(frozen=True)
class ColumnLoss:
    column: str
    level: int
    level_name: str
    top: int
    distinct_before: int
    distinct_after: int


@dataclass(frozen=True)
class ReleaseReport:
    k: int
    rows_in: int
    rows_released: int
    rows_suppressed: int
    smallest_class: int
    classes: int
    columns: tuple[ColumnLoss, ...]
    counted: str  # "people" or "rows"

    @property
    def kept_share(self) -> float:
        return self.rows_released / self.rows_in if self.rows_in else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "counted": self.counted,
            "rows_in": self.rows_in,
            "rows_released": self.rows_released,
            "rows_suppressed": self.rows_suppressed,
            "kept_share": round(self.kept_share, 6),
            "classes": self.classes,
            "smallest_class": self.smallest_class,
            "columns": [
                {
                    "column": c.column,
                    "level": c.level,
                    "level_name": c.level_name,
                    "top_level": c.top,
                    "distinct_before": c.distinct_before,
                    "distinct_after": c.distinct_after,
                }
                for c in self.columns
            ],
        }


@dataclass(frozen=True)
class Release:
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    report: ReleaseReport


@dataclass
class _Encoded:
    ladder: Hierarchy
    codes: IntArray  # row -> index of the level-0 value
    values: list[str]  # index -> level-0 value
    maps: dict[int, IntArray] = field(default_factory=dict)  # level -> (value index -> code)
    labels: dict[int, list[str]] = field(default_factory=dict)  # level -> code -> label

    def at(self, level: int) -> tuple[IntArray, int]:
        if level not in self.maps:
            generalised = [self.ladder.generalise(v, level) for v in self.values]
            index: dict[str, int] = {}
            mapping = np.fromiter(
                (index.setdefault(g, len(index)) for g in generalised),
                dtype=np.int64,
                count=len(generalised),
            )
            self.maps[level] = mapping
            self.labels[level] = list(index)
        return self.maps[level][self.codes], len(self.labels[level])


def _factorise(values: Sequence[str]) -> tuple[IntArray, list[str]]:
    """Each value's index among the distinct values (loops in C: dict.fromkeys and map)."""
    distinct = list(dict.fromkeys(values))
    index = {value: i for i, value in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, distinct


def _encode(values: Sequence[str], ladder: Hierarchy, column: str) -> _Encoded:
    codes, distinct = _factorise(values)
    encoded = _Encoded(ladder, codes, distinct)
    try:
        for level in range(ladder.top):
            encoded.at(level)  # validates every distinct value once, before any search
    except InputError as error:
        raise InputError(error.code, column, error.message, error.params) from None
    return encoded


def _densify(key: IntArray) -> IntArray:
    """The same classes numbered 0..m-1 (by sorting: numpy's hash-based unique is slower)."""
    order = np.argsort(key)
    ordered = key[order]
    starts = np.empty(len(key), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    dense = np.empty(len(key), dtype=np.int64)
    dense[order] = np.cumsum(starts) - 1
    return dense


def _class_keys(columns: Sequence[_Encoded], levels: Sequence[int]) -> IntArray:
    """Per row, a number naming its class (equal numbers, equal generalised values)."""
    n = len(columns[0].codes)
    limit = max(4 * n, 1 << 22)  # keep keys small enough to count with bincount
    key = np.zeros(n, dtype=np.int64)
    span = 1
    # fewest values first, so that the key is renumbered (a sort) as seldom as possible
    generalised = sorted(
        (encoded.at(level) for encoded, level in zip(columns, levels, strict=True)),
        key=lambda pair: pair[1],
    )
    for codes, size in generalised:
        if span * size > limit:
            key = _densify(key)
            span = int(key.max()) + 1
        key = key * size + codes
        span *= size
    if span > limit:
        key = _densify(key)
    return key


@dataclass(frozen=True)
class _People:
    """Who is behind the rows: most people have one row and count once; the rows of people
    with several are deduplicated within each class."""

    single: npt.NDArray[np.bool_]
    multi_rows: IntArray
    multi_person: IntArray  # dense id among people with several rows
    count: int

    @classmethod
    def of(cls, person: IntArray) -> _People:
        rows_per_person = np.bincount(person)
        several = rows_per_person[person] > 1
        multi_rows = np.flatnonzero(several)
        _, dense = np.unique(person[multi_rows], return_inverse=True)
        dense = dense.astype(np.int64)
        return cls(~several, multi_rows, dense, int(dense.max()) + 1 if len(dense) else 1)


def _class_sizes(key: IntArray, people: _People | None) -> IntArray:
    """Per row, the size of its class: distinct people when known, else rows."""
    span = int(key.max()) + 1 if len(key) else 0
    if people is None:
        return np.bincount(key, minlength=span)[key]
    sizes = np.bincount(key[people.single], minlength=span)
    if len(people.multi_rows):
        pairs = np.sort(key[people.multi_rows] * people.count + people.multi_person)
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # distinct, sorted
        sizes += np.bincount(pairs // people.count, minlength=span)
    return sizes[key]


def _suppressed(
    columns: Sequence[_Encoded], levels: Sequence[int], k: int, people: _People | None
) -> int:
    sizes = _class_sizes(_class_keys(columns, levels), people)
    return int(np.count_nonzero(sizes < k))


def _search(
    columns: Sequence[_Encoded],
    spec: ReleaseSpec,
    start: list[int],
    ceilings: list[int],
    people: _People | None,
) -> tuple[list[int], int]:
    allowed = int(spec.max_suppression * len(columns[0].codes))
    levels = list(start)
    lost = _suppressed(columns, levels, spec.k, people)
    while lost > allowed:
        # Each candidate raises one column by one level. A step that reaches the target wins
        # (the cheapest one); otherwise the step that saves the most rows per unit of precision
        # given up (one level of a column with t levels costs 1/t of that column); when no step
        # saves a row, the column with the most distinct values goes first (as Datafly does),
        # never one that a step would not change.
        trials = []
        for i in range(len(levels)):
            if levels[i] < ceilings[i]:
                trial = list(levels)
                trial[i] += 1
                after = _suppressed(columns, trial, spec.k, people)
                cost = 1 / columns[i].ladder.top
                trials.append((after, cost, i, trial))
        if not trials:
            break
        meeting = [t for t in trials if t[0] <= allowed]
        if meeting:
            lost, _, _, levels = min(meeting, key=lambda t: (t[1], t[0], t[2]))
        else:
            lost, _, _, levels = max(
                trials,
                key=lambda t: (
                    (lost - t[0]) / t[1],
                    columns[t[2]].at(levels[t[2]])[1],
                    -t[2],
                ),
            )
    return levels, lost


def _validate(table: Mapping[str, Sequence[str]], spec: ReleaseSpec) -> int:
    if spec.k < 2:
        raise InputError(ReleaseErrorCode.K_TOO_SMALL, "k", "k must be at least 2", {"k": spec.k})
    if not spec.quasi_identifiers:
        raise InputError(
            ReleaseErrorCode.NO_QUASI_IDENTIFIER,
            "quasi_identifiers",
            "name at least one quasi-identifier",
        )
    if not 0 <= spec.max_suppression < 1:
        raise InputError(
            ReleaseErrorCode.BAD_LEVEL, "max_suppression", "max_suppression must be in [0, 1)"
        )
    declared = [q.column for q in spec.quasi_identifiers] + list(spec.sensitive)
    if spec.person_column:
        declared.append(spec.person_column)
    for column in declared:
        if column not in table:
            raise InputError(ReleaseErrorCode.UNKNOWN_COLUMN, column, "the file has no such column")
    lengths = {len(table[c]) for c in declared}
    if len(lengths) != 1:
        raise InputError(ReleaseErrorCode.BAD_VALUE, "", "the columns differ in length")
    return lengths.pop()


def anonymise(table: Mapping[str, Sequence[str]], spec: ReleaseSpec) -> Release:
    """A k-anonymous release of `table` (column name -> values), or an InputError that names
    the columns to generalise. Columns not declared in the spec are never released."""
    n = _validate(table, spec)
    population = len(dict.fromkeys(table[spec.person_column])) if spec.person_column else n
    if population < spec.k:
        raise InputError(
            ReleaseErrorCode.TOO_FEW_ROWS,
            "",
            "fewer people than k: nothing can be released",
            {"rows": n, "k": spec.k},
        )
    columns = [_encode(table[q.column], q.ladder(), q.column) for q in spec.quasi_identifiers]
    tops = [c.ladder.top for c in columns]
    for q, top in zip(spec.quasi_identifiers, tops, strict=True):
        if not 0 <= q.min_level <= top or (q.max_level is not None and q.max_level < q.min_level):
            raise InputError(
                ReleaseErrorCode.BAD_LEVEL, q.column, "level outside the column's hierarchy"
            )
    people = None
    if spec.person_column:
        people = _People.of(_factorise(table[spec.person_column])[0])
    start = [q.min_level for q in spec.quasi_identifiers]
    ceilings = [
        top if q.max_level is None else min(q.max_level, top)
        for q, top in zip(spec.quasi_identifiers, tops, strict=True)
    ]
    levels, lost = _search(columns, spec, start, ceilings, people)
    if lost > int(spec.max_suppression * n):
        _explain_failure(columns, spec, levels, tops, people, lost, n)
    return _build(table, spec, columns, levels, people, n)


def _explain_failure(
    columns: Sequence[_Encoded],
    spec: ReleaseSpec,
    levels: list[int],
    tops: list[int],
    people: _People | None,
    lost: int,
    n: int,
) -> None:
    needed, _ = _search(columns, spec, levels, tops, people)
    advice = [
        {
            "column": q.column,
            "level": needed[i],
            "level_name": columns[i].ladder.level_names[needed[i]],
        }
        for i, q in enumerate(spec.quasi_identifiers)
        if needed[i] > levels[i]
    ]
    names = ", ".join(f"{a['column']} to {a['level_name']}" for a in advice)
    raise InputError(
        ReleaseErrorCode.CANNOT_MEET_K,
        ",".join(str(a["column"]) for a in advice),
        f"k={spec.k} cannot be met within the levels allowed: {lost} of {n} rows would be "
        f"suppressed; generalise {names or 'more columns'}",
        {"k": spec.k, "rows_lost": lost, "rows": n, "generalise": advice},
    )


def _build(
    table: Mapping[str, Sequence[str]],
    spec: ReleaseSpec,
    columns: Sequence[_Encoded],
    levels: list[int],
    people: _People | None,
    n: int,
) -> Release:
    key = _class_keys(columns, levels)
    sizes = _class_sizes(key, people)
    keep = np.flatnonzero(sizes >= spec.k)
    out_columns: list[list[str]] = []
    losses = []
    for q, encoded, level in zip(spec.quasi_identifiers, columns, levels, strict=True):
        codes, _ = encoded.at(level)
        labels = encoded.labels[level]
        kept_codes = codes[keep]
        out_columns.append([labels[c] for c in kept_codes.tolist()])
        losses.append(
            ColumnLoss(
                q.column,
                level,
                encoded.ladder.level_names[level],
                encoded.ladder.top,
                len(encoded.values),
                len(np.unique(kept_codes)) if len(kept_codes) else 0,
            )
        )
    keep_list = keep.tolist()
    for column in spec.sensitive:
        values = table[column]
        out_columns.append([str(values[i]) for i in keep_list])
    kept_classes = int(np.count_nonzero(np.bincount(key[keep]))) if len(keep) else 0
    report = ReleaseReport(
        k=spec.k,
        rows_in=n,
        rows_released=len(keep_list),
        rows_suppressed=n - len(keep_list),
        smallest_class=int(sizes[keep].min()) if len(keep) else 0,
        classes=kept_classes,
        columns=tuple(losses),
        counted="people" if people is not None else "rows",
    )
    names = tuple(q.column for q in spec.quasi_identifiers) + spec.sensitive
    return Release(names, list(zip(*out_columns, strict=True)), report)
