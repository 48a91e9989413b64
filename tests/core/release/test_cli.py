"""`needsfirst release` on files."""

from __future__ import annotations

import csv
import json

import pytest

from needsfirst.cli import main


def write_cases(path, rows) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person_id", "name", "age", "nationality", "outcome"])
        writer.writerows(rows)


def test_anonymise_writes_a_k_anonymous_file_and_its_report(tmp_path, capsys) -> None:
    source = tmp_path / "cases.csv"
    write_cases(
        source, [[f"p{i}", f"Name {i}", 20 + i % 10, "NP", "=HYPERLINK(1)"] for i in range(40)]
    )
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    status = main(
        [
            "release",
            "anonymise",
            str(source),
            "--quasi",
            "age:age",
            "--quasi",
            "nationality:country",
            "--sensitive",
            "outcome",
            "--person",
            "person_id",
            "--output",
            str(out),
            "--report",
            str(report),
        ]
    )
    assert status == 0
    text = out.read_text()
    assert "Name" not in text
    assert "p1" not in text
    released = list(csv.DictReader(out.open()))
    assert set(released[0]) == {"age", "nationality", "outcome"}
    assert released[0]["outcome"] == "'=HYPERLINK(1)"  # a formula is neutralised
    assert json.loads(report.read_text())["k"] == 11
    assert '"rows_released": 40' in capsys.readouterr().out


def test_anonymise_refuses_and_names_the_columns_to_generalise(tmp_path, capsys) -> None:
    source = tmp_path / "cases.csv"
    write_cases(source, [[f"p{i}", "", 20 + i, "NP", "x"] for i in range(30)])
    status = main(
        [
            "release",
            "anonymise",
            str(source),
            "--quasi",
            "age:age:0-0",
            "--output",
            str(tmp_path / "out.csv"),
        ]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert "refused" in err
    assert '"column": "age"' in err  # the capped column is the one to generalise
    assert "k=11 cannot be met" in err


def test_counts_states_the_budget(tmp_path, capsys) -> None:
    source = tmp_path / "cases.csv"
    write_cases(source, [[f"p{i}", "", 30, "NP" if i % 2 else "BD", "x"] for i in range(60)])
    status = main(
        [
            "release",
            "counts",
            str(source),
            "--by",
            "nationality",
            "--categories",
            "nationality=BD,NP,IN",
            "--person",
            "person_id",
            "--epsilon",
            "0.5",
            "--budget",
            "2",
        ]
    )
    assert status == 0
    result = json.loads(capsys.readouterr().out)
    assert result["epsilon"] == 0.5
    assert result["budget"]["remaining_epsilon"] == 1.5
    assert result["budget"]["tracked"] is False
    assert result["contribution_bound"] == 1
    assert [c["cell"] for c in result["cells"]] == [["BD"], ["NP"], ["IN"]]


def test_ctdc_turns_case_profiles_into_k_anonymous_ctdc_rows(tmp_path, capsys) -> None:
    source = tmp_path / "profiles.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "person_id",
                "year_registered",
                "gender",
                "age_at_registration",
                "citizenship",
                "exploitation",
            ]
        )
        writer.writerows(
            [f"p{i}", 2024, "Feminine", 25 + i % 2, "NP", "ForcedLabour"] for i in range(30)
        )
    out = tmp_path / "ctdc.csv"
    assert main(["release", "ctdc", str(source), "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 30
    assert rows[0]["ageBroad"] == "24--26"
    assert rows[0]["isForcedLabour"] == "1"
    assert rows[0]["isSexualExploit"] == "-99"
    assert rows[0]["CountryOfExploitation"] == "00"
    assert "p1" not in out.read_text()
    assert '"k": 11' in capsys.readouterr().out


def test_ctdc_refuses_a_row_without_a_year(tmp_path, capsys) -> None:
    source = tmp_path / "profiles.csv"
    source.write_text("person_id,year_registered\np1,\n")
    assert main(["release", "ctdc", str(source), "--output", str(tmp_path / "o.csv")]) == 2
    assert "year_registered" in capsys.readouterr().err


def _counts_command(source, *extra: str) -> list[str]:
    return [
        "release",
        "counts",
        str(source),
        "--by",
        "nationality",
        "--categories",
        "nationality=BD,NP",
        "--person",
        "person_id",
        *extra,
    ]


def test_counts_without_a_ledger_or_a_budget_are_refused(tmp_path, capsys) -> None:
    source = tmp_path / "cases.csv"
    write_cases(source, [[f"p{i}", "", 30, "NP", "x"] for i in range(20)])
    out = tmp_path / "counts.json"
    status = main(_counts_command(source, "--epsilon", "1", "--output", str(out)))
    assert status == 2
    assert "needs a privacy budget" in capsys.readouterr().err
    assert not out.exists()


def test_the_ledger_records_each_release_and_refuses_the_one_over_budget(tmp_path, capsys) -> None:
    source = tmp_path / "cases.csv"
    write_cases(source, [[f"p{i}", "", 30, "NP", "x"] for i in range(20)])
    ledger = tmp_path / "ledger.json"
    first = _counts_command(source, "--epsilon", "1", "--ledger", str(ledger), "--budget", "2")
    assert main([*first, "--released-by", "lena"]) == 0
    assert main(_counts_command(source, "--epsilon", "0.75", "--ledger", str(ledger))) == 0
    capsys.readouterr()
    entries = json.loads(ledger.read_text())["entries"]
    # what OpenDP's privacy map states (it rounds up: 0.75 may be 0.7500000000000001)
    assert [e["epsilon"] for e in entries] == [pytest.approx(1.0), pytest.approx(0.75)]
    assert [(e["bound"], e["dataset"]) for e in entries] == [(1, "cases.csv")] * 2
    assert entries[0]["released_by"] == "lena"
    assert entries[0]["released_at"].endswith("+00:00")

    out = tmp_path / "third.json"
    third = _counts_command(source, "--epsilon", "0.5", "--ledger", str(ledger))
    status = main([*third, "--output", str(out)])
    assert status == 2
    err = capsys.readouterr().err
    assert "only 0.25 of the budget of 2 per 365 days is left" in err
    assert not out.exists()
    assert len(json.loads(ledger.read_text())["entries"]) == 2, "a refusal records nothing"


def test_a_ledger_of_another_format_is_refused(tmp_path, capsys) -> None:
    source = tmp_path / "cases.csv"
    write_cases(source, [[f"p{i}", "", 30, "NP", "x"] for i in range(20)])
    ledger = tmp_path / "ledger.json"
    ledger.write_text('{"format": "something else"}')
    assert main(_counts_command(source, "--epsilon", "1", "--ledger", str(ledger))) == 2
    assert "not a needsfirst privacy ledger" in capsys.readouterr().err
