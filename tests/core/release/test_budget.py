"""The privacy budget: releases of the same people add up, and the one too many is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from needsfirst.errors import InputError
from needsfirst.release.budget import (
    Budget,
    Spend,
    check,
    compose,
    dump_ledger,
    load_ledger,
    state,
)
from needsfirst.release.dp import dp_counts
from needsfirst.release.hierarchies import ReleaseErrorCode

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def spend(epsilon: float, days_ago: float = 1, dataset: str = "cases", delta: float = 0.0):
    return Spend(
        dataset=dataset,
        epsilon=epsilon,
        delta=delta,
        bound=1,
        released_by="lena",
        released_at=NOW - dt.timedelta(days=days_ago),
    )


def test_sequential_composition_adds_the_epsilons_and_the_deltas() -> None:
    assert compose([spend(0.5), spend(0.25, delta=1e-6), spend(1.0)]) == (1.75, 1e-6)
    # ten releases of 0.1 make exactly the budget of 1: float sums do not refuse the last one
    spends = [spend(0.1) for _ in range(9)]
    assert check(Budget(1.0), spends, "cases", 0.1, NOW).remaining_epsilon == pytest.approx(0.1)


def test_a_release_over_the_budget_is_refused_with_what_is_left() -> None:
    spends = [spend(1.0), spend(0.5)]
    with pytest.raises(InputError) as refused:
        check(Budget(2.0), spends, "cases", 1.0, NOW)
    error = refused.value
    assert error.code is ReleaseErrorCode.BUDGET_EXCEEDED
    assert error.field == "epsilon"
    assert error.params["remaining_epsilon"] == pytest.approx(0.5)
    assert error.params["releases"] == 2
    assert "only 0.5 of the budget of 2 per 365 days is left" in error.message
    # what fits still goes through
    assert check(Budget(2.0), spends, "cases", 0.5, NOW).spent_epsilon == 1.5


def test_only_the_period_and_the_same_people_count() -> None:
    spends = [spend(2.0, days_ago=400), spend(2.0, dataset="other people"), spend(0.5)]
    now = state(Budget(3.0), spends, "cases", NOW)
    assert (now.spent_epsilon, now.releases) == (0.5, 1)
    assert now.remaining_epsilon == 2.5
    # a shorter period forgets sooner
    assert state(Budget(3.0, period_days=1), [spend(1.0, days_ago=2)], "cases", NOW).releases == 0


def test_a_delta_is_accounted_and_refused_like_epsilon() -> None:
    with pytest.raises(InputError) as refused:
        check(Budget(5.0, delta=1e-6), [spend(0.1, delta=1e-6)], "cases", 0.1, NOW, delta=1e-7)
    assert refused.value.field == "delta"
    with pytest.raises(InputError):
        check(Budget(5.0), [], "cases", 0.1, NOW, delta=1e-9)  # a pure-DP budget has no delta


@pytest.mark.parametrize(
    ("epsilon", "delta", "days"), [(0, 0, 365), (-1, 0, 365), (1, 1, 365), (1, 0, 0)]
)
def test_a_budget_that_means_nothing_is_refused(epsilon, delta, days) -> None:
    with pytest.raises(InputError) as refused:
        Budget(epsilon, delta, days)
    assert refused.value.code is ReleaseErrorCode.BAD_BUDGET


def test_the_ledger_file_keeps_every_spend() -> None:
    budget = Budget(4.0, period_days=90)
    spends = [spend(1.0), spend(0.5, dataset="other")]
    assert load_ledger(dump_ledger(budget, spends)) == (budget, spends)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"format": "needsfirst-privacy-ledger", "version": 2}',
        '{"format": "needsfirst-privacy-ledger", "version": 1, "budget": {"epsilon": 1}}',
        '{"format": "needsfirst-privacy-ledger", "version": 1,'
        ' "budget": {"epsilon": 1, "period_days": 30},'
        ' "entries": [{"dataset": "a", "epsilon": 1, "bound": 1, "released_by": "x",'
        ' "released_at": "2026-01-01T00:00:00"}]}',
    ],
)
def test_a_broken_ledger_is_refused_with_the_reason(text) -> None:
    with pytest.raises(InputError) as refused:
        load_ledger(text)
    assert refused.value.code is ReleaseErrorCode.BAD_LEDGER


def test_the_spend_recorded_is_the_epsilon_the_release_states_and_its_noise_matches_it() -> None:
    """The ledger records what OpenDP's privacy map says the release spent; the noise of the
    release is calibrated to it: scale = bound / epsilon."""
    rows = [{"person": f"p{i // 2}", "g": "F" if i % 3 else "M"} for i in range(400)]
    result = dp_counts(rows, ["g"], {"g": ["F", "M"]}, epsilon=0.4, person_column="person", bound=2)
    assert result.epsilon == pytest.approx(0.4)
    assert result.scale == pytest.approx(result.bound / result.epsilon)
    recorded = Spend("cases", result.epsilon, result.bound, "lena", NOW)
    left = state(Budget(1.0), [recorded], "cases", NOW + dt.timedelta(seconds=1))
    assert left.remaining_epsilon == pytest.approx(0.6)
