"""Properties that must hold for every record (hypothesis)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from needsfirst.screening import load_rules, screen

RULES = load_rules()
IDS = sorted(RULES.all_indicator_ids)
ANSWER = st.sampled_from(["yes", "no", "unknown"])


def trafficking_level(labels: tuple[str, ...]) -> int:
    if "presumed_trafficking_victim" in labels:
        return 3
    if "possible_trafficking_victim" in labels:
        return 2
    return 1 if "at_risk" in labels else 0


def levels(labels: tuple[str, ...]) -> tuple[int, ...]:
    return (
        trafficking_level(labels),
        int("forced_labour_victim" in labels),
        int(bool({"smuggled_migrant", "smuggled_migrant_aggravated"} & set(labels))),
        int("smuggled_migrant_aggravated" in labels),
    )


@st.composite
def records(draw: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"as_of": "2024-01-01", "jurisdiction": "GB"}
    record["person"] = draw(
        st.fixed_dictionaries(
            {}, optional={"age": st.integers(10, 70), "child_at_recruitment": ANSWER}
        )
    )
    record["acts"] = draw(st.dictionaries(st.sampled_from(sorted(RULES.acts)), ANSWER, max_size=3))
    record["means"] = draw(
        st.dictionaries(st.sampled_from(sorted(RULES.means)), ANSWER, max_size=3)
    )
    record["purposes"] = draw(
        st.dictionaries(st.sampled_from(sorted(RULES.purposes)), ANSWER, max_size=2)
    )
    record["indicators"] = draw(st.dictionaries(st.sampled_from(IDS), ANSWER, max_size=10))
    record["movement"] = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "crossed_border": ANSWER,
                "entry": st.sampled_from(["regular", "irregular", "unknown"]),
                "benefit_to_facilitator": ANSWER,
                "entry_procured_by_another": ANSWER,
                "danger_to_life_or_safety": ANSWER,
            },
        )
    )
    record["own_view"] = draw(
        st.fixed_dictionaries(
            {}, optional={"agreed_to_conditions": ANSWER, "free_to_leave": ANSWER}
        )
    )
    return record


@settings(max_examples=300, deadline=None)
@given(records(), st.sampled_from(IDS))
def test_adding_an_indicator_never_lowers_a_conclusion(record: dict[str, Any], ident: str) -> None:
    before = levels(screen(record).label_ids)
    record = {**record, "indicators": {**record["indicators"], ident: "yes"}}
    after = levels(screen(record).label_ids)
    assert all(a >= b for a, b in zip(after, before, strict=True))


@settings(max_examples=300, deadline=None)
@given(records())
def test_a_child_is_never_held_to_a_stricter_test_than_an_adult(record: dict[str, Any]) -> None:
    adult = {
        **record,
        "person": {"age": 30, "child_at_recruitment": "no", "child_at_exploitation": "no"},
    }
    child = {**record, "person": {"age": 15}}
    assert levels(screen(child).label_ids)[:2] >= levels(screen(adult).label_ids)[:2]
    assert trafficking_level(screen(child).label_ids) >= trafficking_level(screen(adult).label_ids)


@settings(max_examples=300, deadline=None)
@given(records(), st.sampled_from(sorted(RULES.means)))
def test_consent_never_cancels_a_finding_once_a_means_is_present(
    record: dict[str, Any], means: str
) -> None:
    record = {**record, "means": {**record["means"], means: "yes"}}
    agreed = {**record, "own_view": {**record["own_view"], "agreed_to_conditions": "yes"}}
    agreed_levels = levels(screen(agreed).label_ids)
    without = {
        **record,
        "own_view": {k: v for k, v in record["own_view"].items() if k != "agreed_to_conditions"},
    }
    # saying "I agreed" never lowers anything found without that answer
    assert all(
        a >= b for a, b in zip(agreed_levels, levels(screen(without).label_ids), strict=True)
    )


@settings(max_examples=200, deadline=None)
@given(records(), st.randoms())
def test_the_result_never_depends_on_the_order_of_the_facts(
    record: dict[str, Any], rnd: random.Random
) -> None:
    def shuffled(value: Any) -> Any:
        if isinstance(value, dict):
            items = list(value.items())
            rnd.shuffle(items)
            return {k: shuffled(v) for k, v in items}
        return value

    first = screen(record).as_dict()
    second = screen(shuffled(record)).as_dict()

    def normal(d: dict[str, Any]) -> dict[str, Any]:
        return {
            **d,
            "notes": sorted(d["notes"]),
            "derived_indicators": sorted(d["derived_indicators"]),
        }

    assert first["labels"]
    assert [label["label"] for label in first["labels"]] == [
        label["label"] for label in second["labels"]
    ]
    assert [q["fact"] for q in first["questions"]] == [q["fact"] for q in second["questions"]]
    assert normal(first)["ilo_ec_dimensions"] == normal(second)["ilo_ec_dimensions"]
