"""Precision, recall and F1 of pairs and of clusters against known truth."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    found: int
    expected: int
    correct: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "found": self.found,
            "expected": self.expected,
            "correct": self.correct,
        }


def _scores(found: int, expected: int, correct: int) -> Scores:
    precision = correct / found if found else 1.0
    recall = correct / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, found, expected, correct)


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def groups(assignment: Mapping[str, str]) -> list[frozenset[str]]:
    """The clusters of an id -> cluster assignment."""
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for rid, cid in assignment.items():
        by_cluster[cid].add(rid)
    return [frozenset(members) for members in by_cluster.values()]


def true_pairs(truth: Mapping[str, str]) -> set[tuple[str, str]]:
    """Every pair of records of one true entity."""
    return {_key(a, b) for members in groups(truth) for a, b in combinations(sorted(members), 2)}


def pair_scores(found: Iterable[tuple[str, str]], truth: Mapping[str, str]) -> Scores:
    """Pairwise scores of predicted pairs (each pair once, either order)."""
    predicted = {_key(a, b) for a, b in found if a != b}
    correct = sum(1 for a, b in predicted if truth[a] == truth[b])
    expected = len(true_pairs(truth))
    return _scores(len(predicted), expected, correct)


def cluster_pair_scores(assignment: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Pairwise scores of the pairs that the clusters imply."""
    implied = (
        (a, b) for members in groups(assignment) for a, b in combinations(sorted(members), 2)
    )
    return pair_scores(implied, truth)


def cluster_exact_scores(
    assignment: Mapping[str, str], truth: Mapping[str, str], *, singletons: bool = False
) -> Scores:
    """Share of clusters found exactly: a cluster counts only if it equals a true one.

    Without `singletons`, only clusters of two or more records count on either side (the
    strict figure: every single record trivially "matches" when nothing is linked).
    """
    size = 1 if singletons else 2
    predicted = {g for g in groups(assignment) if len(g) >= size}
    expected = {g for g in groups(truth) if len(g) >= size}
    return _scores(len(predicted), len(expected), len(predicted & expected))
