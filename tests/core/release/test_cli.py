"""`needsfirst release` on files."""

from __future__ import annotations

import csv
import json

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
        ]
    )
    assert status == 0
    result = json.loads(capsys.readouterr().out)
    assert result["epsilon"] == 0.5
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
