"""Differentially private counts through OpenDP.

A table of counts (one cell per combination of the grouping columns) is released with noise
from OpenDP's Laplace mechanism on integers (the discrete Laplace, `make_laplace` over an
integer vector domain). Before counting, each person's rows are cut to at most `bound` (c):
one person then changes the vector of counts by at most c in L1, which is the sensitivity the
noise scale is calibrated to: scale = c / epsilon. The measurement's own privacy map is asked
for the epsilon it spends, and that figure is what the release states.

The cells are the full cross product of the categories the caller declares (`categories`), not
the categories found in the data: a cell that exists only because one person is in it would
itself disclose that person.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import opendp.prelude as dp

from needsfirst.errors import InputError
from needsfirst.release.hierarchies import ReleaseErrorCode

dp.enable_features("contrib")


@dataclass(frozen=True)
class DPCounts:
    by: tuple[str, ...]
    cells: list[tuple[tuple[str, ...], int]]
    epsilon: float
    bound: int
    scale: float
    mechanism: str
    rows_in: int
    rows_dropped_by_bound: int

    def statement(self) -> str:
        return (
            f"Counts released with differential privacy: epsilon = {self.epsilon:g} for the "
            f"whole table; each person counted at most {self.bound} time(s); noise from the "
            f"{self.mechanism} with scale {self.scale:g}."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": list(self.by),
            "epsilon": self.epsilon,
            "contribution_bound": self.bound,
            "noise_scale": self.scale,
            "mechanism": self.mechanism,
            "statement": self.statement(),
            "rows_in": self.rows_in,
            "rows_dropped_by_bound": self.rows_dropped_by_bound,
            "cells": [{"cell": list(c), "count": n} for c, n in self.cells],
        }


def laplace_measurement(size: int, epsilon: float, bound: int) -> tuple[Any, float]:
    """OpenDP's Laplace measurement over `size` integer counts, with the scale that spends
    `epsilon` when one person changes the counts by `bound` in L1; and the epsilon that the
    measurement's privacy map states for that bound."""
    if not epsilon > 0:
        raise InputError(ReleaseErrorCode.BAD_EPSILON, "epsilon", "epsilon must be positive")
    if bound < 1:
        raise InputError(ReleaseErrorCode.BAD_BOUND, "bound", "the bound must be at least 1")
    scale = bound / epsilon
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int), size=size),
        dp.l1_distance(T=int),
        scale=scale,
    )
    return measurement, float(measurement.map(bound))  # type: ignore[no-untyped-call]


def dp_counts(
    rows: Sequence[Mapping[str, str]],
    by: Sequence[str],
    categories: Mapping[str, Sequence[str]],
    epsilon: float,
    person_column: str,
    bound: int = 1,
) -> DPCounts:
    """Noisy counts of `rows` grouped by `by`. `person_column` names the person id after
    deduplication; a person's rows beyond the first `bound` are not counted."""
    for column in by:
        if column not in categories or not categories[column]:
            raise InputError(
                ReleaseErrorCode.UNKNOWN_COLUMN, column, "declare the categories of each column"
            )
    cells = list(itertools.product(*(tuple(categories[c]) for c in by)))
    index = {cell: i for i, cell in enumerate(cells)}
    seen: Counter[str] = Counter()
    counts = [0] * len(cells)
    dropped = 0
    for row in rows:
        person = row.get(person_column, "")
        if not person:
            raise InputError(
                ReleaseErrorCode.BAD_VALUE, person_column, "every row needs a person id"
            )
        cell = tuple(row.get(c, "") for c in by)
        if cell not in index:
            raise InputError(
                ReleaseErrorCode.BAD_VALUE,
                by[[c in categories[b] for b, c in zip(by, cell, strict=True)].index(False)],
                "a value outside the declared categories",
            )
        if seen[person] >= bound:
            dropped += 1
            continue
        seen[person] += 1
        counts[index[cell]] += 1
    measurement, spent = laplace_measurement(len(cells), epsilon, bound)
    noisy = measurement(counts) if cells else []
    return DPCounts(
        by=tuple(by),
        cells=[(cell, max(0, int(n))) for cell, n in zip(cells, noisy, strict=True)],
        epsilon=spent,
        bound=bound,
        scale=bound / epsilon,
        mechanism="discrete Laplace mechanism (OpenDP make_laplace)",
        rows_in=len(rows),
        rows_dropped_by_bound=dropped,
    )
