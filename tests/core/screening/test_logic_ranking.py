"""The ranking of unknown facts recomputes only the outcome families an answer can change;
it must give exactly what recomputing every family (the definition) gives."""

from __future__ import annotations

import random
from itertools import product

from needsfirst.screening.logic import (
    ASKABLE,
    INDEX,
    KEYS,
    WEIGHTS,
    Tri,
    combine,
    rank_unknowns,
)

FAMILIES = ("trafficking", "forced_labour", "exploitation", "smuggling")


def reference_rank(
    state: tuple[Tri, ...], signal: bool, vulnerable: bool, needs: bool
) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """The definition: answer each unknown yes and no, recompute the whole combination."""
    base = combine(state, signal, vulnerable, needs)[:4]
    ranked: list[tuple[str, int, tuple[str, ...]]] = []
    for key in ASKABLE:
        position = INDEX[key]
        if state[position] is not None:
            continue
        best = 0
        changed: set[str] = set()
        for value in (True, False):
            trial = list(state)
            trial[position] = value
            if key.startswith("D"):
                trial[INDEX["C" + key[1]]] = value
            other = combine(tuple(trial), signal, vulnerable, needs)[:4]
            impact = 0
            for family, weight, before, after in zip(FAMILIES, WEIGHTS, base, other, strict=True):
                if before != after:
                    impact += weight * abs(after - before)
                    changed.add(family)
            best = max(best, impact)
        if best:
            ranked.append((key, best, tuple(f for f in FAMILIES if f in changed)))
    ranked.sort(key=lambda item: (-item[1], ASKABLE.index(item[0])))
    return tuple(ranked)


def test_the_ranking_equals_the_definition_on_random_states() -> None:
    rng = random.Random(2009)
    values: tuple[Tri, ...] = (True, False, None)
    for _ in range(1500):
        # mostly unknown, as intake records are; sometimes fully random
        weights = (1, 1, 6) if rng.random() < 0.7 else (1, 1, 1)
        state = tuple(rng.choices(values, weights=weights, k=len(KEYS)))
        for signal, vulnerable, needs in product((False, True), repeat=3):
            assert rank_unknowns(state, signal, vulnerable, needs) == reference_rank(
                state, signal, vulnerable, needs
            )


def test_the_ranking_equals_the_definition_when_everything_is_unknown_but_one() -> None:
    for position, value in product(range(len(KEYS)), (True, False)):
        state: list[Tri] = [None] * len(KEYS)
        state[position] = value
        for signal, vulnerable, needs in product((False, True), repeat=3):
            frozen = tuple(state)
            assert rank_unknowns(frozen, signal, vulnerable, needs) == reference_rank(
                frozen, signal, vulnerable, needs
            )
