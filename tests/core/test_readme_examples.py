"""The README's command-line section runs on the examples it ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from needsfirst.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def test_the_readme_uses_the_shipped_examples() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "needsfirst screen examples/case.json" in readme
    assert "needsfirst claim examples/claim.json" in readme


def test_the_example_case_screens_with_an_explained_determination(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["screen", str(EXAMPLES / "case.json")]) == 0
    out = capsys.readouterr().out
    assert "Presumed victim of trafficking in persons" in out
    assert "Art. 3(a)" in out


def test_the_example_case_screens_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "--json", str(EXAMPLES / "case.json")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["record_id"] == "example-domestic-worker"


def test_the_example_claim_gives_an_itemised_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claim", str(EXAMPLES / "claim.json")]) == 0
    assert "Total in GBP: GBP 953.60" in capsys.readouterr().out


def test_the_example_exchange_file_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "needsfirst import --check examples/htcds.json" in readme
    assert main(["import", "--check", str(EXAMPLES / "htcds.json")]) == 0
    assert "htcds.json: valid, 9 rows" in capsys.readouterr().out
