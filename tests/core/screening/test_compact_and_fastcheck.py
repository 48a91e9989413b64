"""The compact batch format equals the compact form of the full determination; the fast
pre-check of the schema never accepts a record the schema rejects."""

from __future__ import annotations

import copy
import importlib.util
import io
import random
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import given, settings

from needsfirst.screening import ScreeningInputError, record_schema, screen, validate_record
from needsfirst.screening.batch import screen_stream
from needsfirst.screening.compact import (
    FORMAT,
    FORMAT_VERSION,
    compact_line,
    compact_of,
    compact_screen,
)
from needsfirst.screening.fastcheck import SchemaNotSupported, compile_schema, record_check

ROOT = Path(__file__).resolve().parents[3]


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


records = _load("screening_properties", Path(__file__).parent / "test_properties.py").records


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "gen", ROOT / "bench" / "generate_screening_records.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compact_equals_the_compact_form_of_the_full_result_on_generated_records() -> None:
    for line in load_generator().generate(1500, seed=23, bad_every=0).splitlines():
        record = orjson.loads(line)
        expected = compact_of(screen(record).as_dict())
        assert compact_screen(record) == expected
        assert orjson.loads(compact_line(record)) == expected


@settings(max_examples=300, deadline=None)
@given(records())
def test_compact_equals_the_compact_form_of_the_full_result_on_any_record(
    record: dict[str, Any],
) -> None:
    assert compact_screen(record) == compact_of(screen(record).as_dict())


def test_the_compact_batch_equals_the_single_path_and_reports_bad_lines() -> None:
    data = load_generator().generate(400, seed=11, bad_every=100)
    data += b"\nnot json\n"
    for workers in (1, 2):
        out = io.BytesIO()
        summary = screen_stream(io.BytesIO(data), out.write, workers=workers, compact=True)
        head, *got = out.getvalue().splitlines()
        assert orjson.loads(head)["format"] == FORMAT
        assert orjson.loads(head)["version"] == FORMAT_VERSION
        lines = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
        assert len(got) == len(lines) == summary.records
        assert summary.errors == 5
        for (number, line), result in zip(lines, got, strict=True):
            decoded = orjson.loads(result)
            refused: ScreeningInputError | orjson.JSONDecodeError | None = None
            try:
                full = screen(orjson.loads(line)).as_dict()
            except (ScreeningInputError, orjson.JSONDecodeError) as error:
                refused = error
            if refused is not None:
                assert decoded["line"] == number
                if isinstance(refused, ScreeningInputError):
                    assert decoded["error"] == {"field": refused.field, "reason": refused.reason}
            else:
                assert decoded == compact_of(orjson.loads(orjson.dumps(full)))


BAD_VALUES: list[Any] = [
    None,
    True,
    -1,
    1.5,
    10**6,
    "",
    "x",
    "2020-02-30",
    "2020-01-01\n",
    "yes",
    "maybe",
    "gb",
    "GBPX",
    [],
    ["GB", "GB"],
    [1],
    {},
    {"answer": "yes", "extra": 1},
    {"answer": "perhaps"},
    "a" * 5000,
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutate(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    mutated = copy.deepcopy(record)
    path = rng.choice(_paths(mutated)[1:])
    holder: Any = mutated
    for step in path[:-1]:
        holder = holder[step]
    action = rng.random()
    if action < 0.7:
        holder[path[-1]] = copy.deepcopy(rng.choice(BAD_VALUES))
    elif action < 0.85 and isinstance(holder, dict):
        holder["unexpected_" + str(rng.randint(0, 3))] = "x"
    elif isinstance(holder, dict):
        del holder[path[-1]]
    return mutated


def test_the_fast_check_never_accepts_what_the_schema_rejects() -> None:
    validator = jsonschema.Draft202012Validator(
        record_schema(), format_checker=jsonschema.FormatChecker()
    )
    check = record_check()
    rng = random.Random(5)
    base = [orjson.loads(line) for line in load_generator().generate(300, seed=3).splitlines()]
    accepted = rejected = 0
    for record in base:
        for _ in range(20):
            mutated = _mutate(record, rng)
            if check(mutated):
                accepted += 1
                assert not list(validator.iter_errors(mutated)), mutated
            else:
                rejected += 1
    assert accepted
    assert rejected
    # and the valid records of the generator take the fast path
    assert all(check(r) for r in base if r.get("as_of") != "2020-02-30")


def test_validation_reports_the_same_errors_with_and_without_the_fast_check() -> None:
    from needsfirst.screening import validation

    rng = random.Random(9)
    base = [orjson.loads(line) for line in load_generator().generate(200, seed=4).splitlines()]
    for record in base:
        for _ in range(10):
            mutated = _mutate(record, rng)
            try:
                validate_record(mutated)
                fast: tuple[str, str] | None = None
            except ScreeningInputError as error:
                fast = (error.field, error.reason)
            try:
                validation._compiled()(mutated) if isinstance(mutated, dict) else None
                slow: tuple[str, str] | None = None
            except Exception:
                slow = ("schema", "")
            if fast is None:
                assert slow is None


def test_the_fast_check_refuses_a_keyword_it_does_not_implement() -> None:
    with pytest.raises(SchemaNotSupported):
        compile_schema({"type": "object", "patternProperties": {"^x": {"type": "string"}}})
    with pytest.raises(SchemaNotSupported):
        compile_schema({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 2}]})


MENACE_IDS = [
    "D2.confiscation_of_documents",
    "D2.debt_bondage",
    "D2.isolation_confinement_surveillance",
    "D2.threat_of_denunciation",
    "D2.threats_of_violence",
    "D2.threats_to_inform_family",
    "D2.violence",
    "D2.violence_on_family",
    "D2.withholding_of_money",
    "D5.confiscation_of_documents",
    "D5.debt_bondage",
    "D5.isolation_confinement_surveillance",
    "D5.threat_of_denunciation",
    "D5.threat_of_worse_conditions",
    "D5.threats_of_violence",
    "D5.threats_to_inform_family",
    "D5.violence",
    "D5.violence_on_family",
    "D5.withholding_of_wages",
]


def _edge_records() -> list[dict[str, Any]]:
    """Records on the edges of the bitset evaluation: every menace indicator answered no
    (menace ruled out only then), a derived indicator answered no (the facts win), answers
    in the object form, methods of control deriving indicators, no work facts at all."""
    base: dict[str, Any] = {"as_of": "2024-03-01", "jurisdiction": "GB"}
    menace_no = dict.fromkeys(MENACE_IDS, "no")
    work_self = {"documents_held_by": "self", "wages_withheld": "no"}
    unpaid = {
        "wage_paid": {"amount": 0, "currency": "GBP", "period": "month"},
        "hours_per_day": 10,
        "days_per_week": 6,
    }
    return [
        {**base, "indicators": menace_no, "work": work_self},
        {**base, "indicators": {**menace_no, "D5.violence": "unknown"}, "work": work_self},
        {**base, "indicators": menace_no, "work": {**work_self, "wages_withheld": "unknown"}},
        {
            **base,
            "indicators": {**menace_no, "D5.violence": {"answer": "no", "note": "said so"}},
            "work": work_self,
            "own_view": {"agreed_to_conditions": "yes", "free_to_leave": "yes"},
        },
        {**base, "indicators": {"D4.low_or_no_salary": "no"}, "work": unpaid},
        {
            **base,
            "indicators": {"D5.withholding_of_wages": {"answer": "no"}, "D1.wages": "yes"},
            "work": unpaid,
        },
        {**base, "methods_of_control": ["PhysicalThreats", "ThreatsLawEnforcement"]},
        {
            **base,
            "methods_of_control": ["ThreatensChildrenFamily"],
            "indicators": {"D5.violence_on_family": "no", "D5.violence": {"answer": "yes"}},
            "acts": {"recruitment": {"answer": "yes", "by": ["Smuggler"]}},
        },
        {**base, "work": {}},
        {**base, "person": {"age": 15}, "indicators": {"D1.nature_of_job": "yes"}},
    ]


@pytest.mark.parametrize("child_requires", [True, False])
@pytest.mark.parametrize("d3", ["weak", "medium", "strong"])
def test_compact_equals_full_on_the_edges_of_the_bitset_evaluation(
    child_requires: bool, d3: str
) -> None:
    from needsfirst.screening.rules import Switches

    switches = Switches(
        child_requires_recruitment_dimension=child_requires, d3_disputed_strength=d3
    )
    for record in _edge_records():
        validate_record(record)
        expected = compact_of(screen(record, switches=switches).as_dict())
        assert compact_screen(record, switches=switches) == expected
        # twice: the second answer comes from the memos
        assert compact_screen(record, switches=switches) == expected


def test_the_edge_records_take_the_compact_line_path_unchanged() -> None:
    for record in _edge_records():
        expected = compact_of(screen(record).as_dict())
        assert orjson.loads(compact_line(record)) == expected
        assert orjson.loads(compact_line(record)) == expected


SMALL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["n"],
    "properties": {
        "n": {"type": "integer", "minimum": 0, "maximum": 9},
        "x": {"type": "number", "minimum": 1.5},
        "s": {"type": "string", "pattern": "^[A-Z]{2}$", "maxLength": 2},
        "d": {"type": "string", "format": "date"},
        "free": {"minimum": 3},
        "tags": {"type": "array", "uniqueItems": True, "items": {"enum": ["a", "b"]}},
        "answers": {
            "type": "object",
            "propertyNames": {"pattern": "^q[0-9]$"},
            "additionalProperties": {"$ref": "#/$defs/answered"},
        },
    },
    "$defs": {
        "answer": {"type": "string", "enum": ["yes", "no"]},
        "answered": {
            "oneOf": [
                {"$ref": "#/$defs/answer"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["answer"],
                    "properties": {"answer": {"$ref": "#/$defs/answer"}},
                },
            ]
        },
    },
}


def test_the_generated_check_agrees_with_jsonschema_where_it_accepts() -> None:
    check = compile_schema(SMALL_SCHEMA)
    validator = jsonschema.Draft202012Validator(
        SMALL_SCHEMA, format_checker=jsonschema.FormatChecker()
    )
    good: list[dict[str, Any]] = [
        {"n": 0},
        {"n": 9, "x": 1.5, "s": "GB", "d": "2024-02-29", "free": "not a number"},
        {"n": 1, "tags": ["a", "b"], "answers": {"q1": "yes", "q2": {"answer": "no"}}},
        {"n": 1, "free": 3.5},
    ]
    bad: list[Any] = [
        [],
        {},
        {"n": True},
        {"n": 1.0},
        {"n": 10},
        {"n": -1},
        {"n": 1, "x": 1},
        {"n": 1, "x": False},
        {"n": 1, "s": "gb"},
        {"n": 1, "s": "GB\n"},
        {"n": 1, "d": "2023-02-29"},
        {"n": 1, "free": 2},
        {"n": 1, "tags": ["a", "a"]},
        {"n": 1, "tags": ["c"]},
        {"n": 1, "answers": {"x1": "yes"}},
        {"n": 1, "answers": {"q1": "maybe"}},
        {"n": 1, "answers": {"q1": {"answer": "yes", "note": 1}}},
        {"n": 1, "answers": {"q1": ["yes"]}},
        {"n": 1, "other": 1},
    ]
    for value in good:
        assert not list(validator.iter_errors(value)), value
        assert check(value), value
    for value in bad:
        assert not check(value), value


def test_the_fast_check_refuses_a_recursive_reference() -> None:
    with pytest.raises(SchemaNotSupported):
        compile_schema(
            {
                "$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
                "$ref": "#/$defs/node",
            }
        )
