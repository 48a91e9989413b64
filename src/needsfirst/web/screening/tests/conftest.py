"""Answers to the interview as a browser would post them."""

from __future__ import annotations

from typing import Any

import pytest

TOMATOES = {
    "as_of": "2024-06-01",
    "jurisdiction": "ES",
    "person__age": "25",
    "person__citizenship": "MA",
    "movement__crossed_border": "yes",
    "worked": "yes",
    "work__sector": "agriculture",
    "work__wage_promised__amount": "5",
    "work__wage_promised__currency": "EUR",
    "work__wage_promised__period": "day",
    "work__wage_paid__amount": "5",
    "work__wage_paid__currency": "EUR",
    "work__wage_paid__period": "day",
    "work__hours_per_day": "10",
    "work__days_per_week": "6",
    "own_view__agreed_to_conditions": "yes",
}
"""The IOM 2009 situation: a migrant who agreed to 5 a day picking tomatoes, in Spain."""


def answers(version: int = 0, action: str = "save", **fields: Any) -> dict[str, Any]:
    return {"version": str(version), "action": action, **fields}


@pytest.fixture
def tomatoes() -> dict[str, Any]:
    return answers(**TOMATOES)
