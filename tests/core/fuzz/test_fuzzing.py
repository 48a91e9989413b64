"""Hostile input to the core's front doors: a valid input with any field replaced, removed or
added, any value of any JSON type in its place. Each door either answers or refuses with the
project's one `InputError` (naming a field); nothing else may escape (no KeyError, TypeError,
decimal or date error, recursion), because the web layer turns anything else into a 500."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needsfirst.errors import InputError
from needsfirst.linkage.records import record_from_fields
from needsfirst.recruitment import check_offer
from needsfirst.recruitment.terms import offer_from_mapping
from needsfirst.screening import screen
from needsfirst.wages import claim_facts_from_mapping, compute_claim

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
CASE = json.loads((EXAMPLES / "case.json").read_text(encoding="utf-8"))
CLAIM = json.loads((EXAMPLES / "claim.json").read_text(encoding="utf-8"))
OFFER: dict[str, Any] = {
    "as_of": "2026-12-01",
    "country_of_work": "QA",
    "sector": "domestic",
    "wage": {"amount": "800", "currency": "QAR", "period": "month"},
    "hours_per_day": 12,
    "days_per_week": 7,
    "weekly_rest_hours": 0,
    "fees": [{"category": "recruitment", "paid_by": "worker", "amount": "1200", "currency": "QAR"}],
    "passport_held_by": "employer",
    "contract": {"written": True, "language_understood": False, "copy_given": False},
    "visa": {"tied_to_employer": True},
    "deductions": [{"reason": "food", "amount": "100", "currency": "QAR", "period": "month"}],
    "on_arrival": {"wage": {"amount": "600", "currency": "QAR", "period": "month"}},
}

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values a hostile or careless client sends: every JSON type, the edges of numbers and dates,
# strings that look like numbers, dates or codes, very long and control-character strings.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e309",
            "NaN",
            "Infinity",
            "2025-02-30",
            "0000-01-01",
            "9999-12-31",
            "yes",
            "no",
            "unknown",
            "GB",
            "XX",
            "QAR",
            "month",
            "\x00",
            "\u202e",
            "a" * 5000,
        ]
    ),
    st.text(max_size=30),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, valid: Any) -> Any:
    """`valid` with one to three of its fields replaced, removed, or given a sibling."""
    document = copy.deepcopy(valid)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if not path:
            if action == "replace":
                document = draw(VALUES)
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if action == "replace":
            parent[last] = draw(VALUES)
        elif action == "remove":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return document


def answers_or_refuses(run: Any, document: Any) -> None:
    refusal: InputError | None = None
    try:
        run(document)
    except InputError as error:
        refusal = error
    if refusal is not None:
        assert isinstance(refusal.field, str)
        assert refusal.message


@FUZZ
@given(mutated(CASE))
def test_the_screening_engine_answers_or_refuses_any_record(record: Any) -> None:
    answers_or_refuses(screen, record)


@FUZZ
@given(mutated(CLAIM))
def test_the_wage_claim_answers_or_refuses_any_claim(claim: Any) -> None:
    answers_or_refuses(lambda data: compute_claim(claim_facts_from_mapping(data)), claim)


@FUZZ
@given(mutated(OFFER))
def test_the_offer_checker_answers_or_refuses_any_offer(offer: Any) -> None:
    answers_or_refuses(lambda data: check_offer(offer_from_mapping(data)), offer)


LINKAGE_FIELDS = [
    "id",
    "first_name",
    "middle_name",
    "family_name",
    "birthdate",
    "birth_year",
    "birthdate_estimated",
    "sex",
    "nationality",
]


@FUZZ
@given(st.dictionaries(st.sampled_from(LINKAGE_FIELDS), st.text(max_size=40)))
def test_a_linkage_record_is_read_or_refused_naming_its_field(fields: dict[str, str]) -> None:
    answers_or_refuses(record_from_fields, fields)


def test_the_mutations_reach_deep_fields() -> None:
    """The strategy is not stuck at the top level: nested paths of the example exist."""
    assert any(len(path) >= 2 for path in _paths(CASE))
    assert any(len(path) >= 3 for path in _paths(OFFER))
