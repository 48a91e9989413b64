"""`needsfirst claim FILE.json`: readable text, JSON, and errors that name the field."""

import json
from pathlib import Path

import pytest

from needsfirst.cli import main

GOOD = {
    "jurisdiction": "GB",
    "periods": [
        {
            "start": "2025-04-07",
            "end": "2025-05-04",
            "hours_per_day": 8,
            "days_per_week": 5,
            "paid": {"amount": "1000", "currency": "GBP", "per": "period"},
        }
    ],
}


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_the_claim_command_prints_a_readable_statement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claim", str(_write(tmp_path, GOOD))]) == 0
    out = capsys.readouterr().out
    assert "Underpaid wages (legal minimum)" in out
    assert "Total in GBP: GBP 953.60" in out


def test_the_claim_command_prints_json_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claim", str(_write(tmp_path, GOOD)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"] == {"GBP": "953.60"}


def test_json_numbers_with_decimals_are_read_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(GOOD).replace('"1000"', "1000.10")
    assert main(["claim", str(_write(tmp_path, text)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"] == {"GBP": "953.50"}


def _broken(path: str, value: object) -> dict[str, object]:
    data = json.loads(json.dumps(GOOD))
    target = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    target[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("periods.0.paid.amount", "-5", "periods[0].paid.amount: '-5' is negative"),
        ("periods.0.paid.amount", "12,50", "periods[0].paid.amount: '12,50' is not a number"),
        ("periods.0.paid.currency", "XYZ", "periods[0].paid.currency: 'XYZ' is not an ISO 4217"),
        ("jurisdiction", "XX", "jurisdiction: 'XX' is not an ISO 3166 alpha-2 code"),
        ("periods.0.end", "2025-01-01", "periods[0].end: ends before the period starts"),
        ("periods.0.start", "7 April", "periods[0].start: '7 April' is not a date"),
        ("periods.0.hours_per_day", 25, "periods[0].hours_per_day: must be at most 24"),
        ("periods.0.days_per_week", 0, "periods[0].days_per_week: must be greater than zero"),
        ("periods.0.paid.per", "fortnight", "periods[0].paid.per: 'fortnight' is not one of"),
        ("periods", [], "periods: at least one period of work is required"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, value: object, message: str
) -> None:
    assert main(["claim", str(_write(tmp_path, _broken(path, value)))]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_a_file_that_is_not_json_is_reported_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claim", str(_write(tmp_path, "{not json"))]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_a_missing_file_is_reported_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claim", str(tmp_path / "nope.json")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
