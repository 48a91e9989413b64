"""Bad input is rejected with the field and the reason; the batch path equals the single path."""

import importlib.util
import io
import json
from pathlib import Path

import jsonschema
import orjson
import pytest

from needsfirst.screening import ScreeningInputError, record_schema, screen, validate_record
from needsfirst.screening.batch import screen_stream

ROOT = Path(__file__).resolve().parents[3]


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen", ROOT / "bench" / "generate_screening_records.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def base(**extra):
    return {"as_of": "2024-01-01", "jurisdiction": "GB", **extra}


@pytest.mark.parametrize(
    ("record", "field", "reason"),
    [
        (base(as_of="2023-02-30"), "as_of", "date"),
        (base(jurisdiction="XX"), "jurisdiction", "not an ISO 3166-1 alpha-2 country code"),
        (base(indicators={"D7.made_up": "yes"}), "indicators.D7.made_up", "unknown indicator id"),
        (
            base(work={"wage_paid": {"amount": -5, "currency": "GBP", "period": "day"}}),
            "work.wage_paid.amount",
            "must be bigger than or equal to 0",
        ),
        (
            base(work={"wage_paid": {"amount": 5, "currency": "ABC", "period": "day"}}),
            "work.wage_paid.currency",
            "not an ISO 4217 currency code",
        ),
        (
            base(person={"birthdate": "2030-01-01"}),
            "person.birthdate",
            "after the date of the screening",
        ),
        (
            base(dates={"exploitation_start": "2020-05-01", "exploitation_end": "2020-01-01"}),
            "dates.exploitation_end",
            "Exploitation cannot end before it started.",
        ),
        (base(person={"age": "thirty"}), "person.age", "must be integer"),
    ],
)
def test_it_rejects_a_bad_record_naming_the_field_and_the_reason(record, field, reason) -> None:
    with pytest.raises(ScreeningInputError) as caught:
        validate_record(record)
    assert caught.value.field == field
    assert reason in caught.value.reason


def test_the_published_schema_and_the_packaged_copy_are_identical() -> None:
    published = json.loads((ROOT / "docs/schema/screening-record.schema.json").read_text())
    assert published == record_schema()
    jsonschema.Draft202012Validator.check_schema(published)


def test_the_schema_lists_exactly_the_indicators_of_the_rules() -> None:
    from needsfirst.screening import load_rules

    listed = set(record_schema()["properties"]["indicators"]["propertyNames"]["enum"])
    assert listed == set(load_rules().all_indicator_ids)


def test_the_fast_validator_agrees_with_jsonschema_on_generated_records() -> None:
    generator = load_generator()
    validator = jsonschema.Draft202012Validator(record_schema())
    for line in generator.generate(300, seed=7, bad_every=0).splitlines():
        record = orjson.loads(line)
        assert not list(validator.iter_errors(record))
        validate_record(record)


def test_the_batch_gives_the_same_results_as_the_single_path_and_reports_bad_lines() -> None:
    generator = load_generator()
    data = generator.generate(400, seed=11, bad_every=100)
    out = io.BytesIO()
    summary = screen_stream(io.BytesIO(data), out.write, workers=2)
    got = out.getvalue().splitlines()
    lines = data.splitlines()
    assert len(got) == len(lines) == summary.records
    assert summary.errors == 4
    for number, (line, result) in enumerate(zip(lines, got, strict=True), start=1):
        decoded = orjson.loads(result)
        refused: ScreeningInputError | None = None
        try:
            expected = screen(orjson.loads(line)).as_dict()
        except ScreeningInputError as error:
            refused = error
        if refused is not None:
            assert decoded == {
                "line": number,
                "error": {"field": refused.field, "reason": refused.reason},
            }
        else:
            assert decoded == orjson.loads(orjson.dumps(expected))


def test_a_batch_carries_on_after_a_line_that_is_not_json() -> None:
    out = io.BytesIO()
    summary = screen_stream(
        io.BytesIO(b'nonsense\n{"as_of": "2024-01-01", "jurisdiction": "GB"}\n'),
        out.write,
        workers=1,
    )
    first, second = out.getvalue().splitlines()
    assert orjson.loads(first)["line"] == 1
    assert orjson.loads(second)["labels"][0]["label"] == "insufficient_information"
    assert summary.errors == 1
