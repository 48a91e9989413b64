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
