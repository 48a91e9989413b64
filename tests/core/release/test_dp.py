"""Differentially private counts: the noise matches the budget stated on the release."""

from __future__ import annotations

import math

import pytest

from needsfirst.errors import InputError
from needsfirst.release.dp import dp_counts, laplace_measurement
from needsfirst.release.hierarchies import ReleaseErrorCode


def discrete_laplace_variance(scale: float) -> float:
    q = math.exp(-1 / scale)
    return 2 * q / (1 - q) ** 2


@pytest.mark.parametrize(("epsilon", "bound"), [(1.0, 1), (0.5, 2)])
def test_the_noise_has_the_spread_that_the_stated_epsilon_implies(epsilon, bound) -> None:
    measurement, stated = laplace_measurement(size=20_000, epsilon=epsilon, bound=bound)
    assert stated == pytest.approx(epsilon)
    noise = measurement([0] * 20_000)
    scale = bound / epsilon
    mean = sum(noise) / len(noise)
    variance = sum((x - mean) ** 2 for x in noise) / (len(noise) - 1)
    # the sample variance of 20,000 draws is within 10 % of the discrete Laplace's
    assert variance == pytest.approx(discrete_laplace_variance(scale), rel=0.10)
    assert abs(mean) < 4 * math.sqrt(discrete_laplace_variance(scale) / len(noise))
    # and the likelihood ratio of neighbouring values is exp(1 / scale) = exp(epsilon / bound)
    zeros = sum(1 for x in noise if x == 0)
    ones = sum(1 for x in noise if x == 1)
    assert zeros / ones == pytest.approx(math.exp(1 / scale), rel=0.15)


def test_a_smaller_budget_means_more_noise() -> None:
    loose, _ = laplace_measurement(size=5_000, epsilon=2.0, bound=1)
    tight, _ = laplace_measurement(size=5_000, epsilon=0.2, bound=1)
    spread = [sum(abs(x) for x in m([0] * 5_000)) / 5_000 for m in (loose, tight)]
    assert spread[1] > 5 * spread[0]


def test_each_person_is_counted_at_most_the_bound() -> None:
    rows = [{"person": "a", "gender": "F"}] * 5 + [{"person": "b", "gender": "M"}]
    result = dp_counts(
        rows, ["gender"], {"gender": ["F", "M"]}, epsilon=1.0, person_column="person", bound=1
    )
    assert result.rows_dropped_by_bound == 4
    assert result.epsilon == pytest.approx(1.0)
    assert "epsilon = 1" in result.statement()
    assert "at most 1 time" in result.statement()
    assert [cell for cell, _ in result.cells] == [("F",), ("M",)]


def test_every_declared_cell_is_released_even_when_empty() -> None:
    rows = [{"person": str(i), "gender": "F"} for i in range(50)]
    result = dp_counts(
        rows, ["gender"], {"gender": ["F", "M", "X"]}, epsilon=1.0, person_column="person"
    )
    assert len(result.cells) == 3
    assert all(count >= 0 for _, count in result.cells)


def test_bad_budget_bound_or_value_is_refused() -> None:
    rows = [{"person": "a", "gender": "Q"}]
    with pytest.raises(InputError) as epsilon:
        laplace_measurement(3, epsilon=0, bound=1)
    assert epsilon.value.code is ReleaseErrorCode.BAD_EPSILON
    with pytest.raises(InputError) as bound:
        laplace_measurement(3, epsilon=1, bound=0)
    assert bound.value.field == "bound"
    with pytest.raises(InputError) as value:
        dp_counts(rows, ["gender"], {"gender": ["F"]}, 1.0, "person")
    assert value.value.field == "gender"
