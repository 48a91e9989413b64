"""The legislation-test format: closed keys, clear messages, coverage, the identification tally."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from needsfirst.needs.reflection import LengthIs, PeriodKind
from needsfirst.wages.claims import ClaimHead, DeductionReason, FeeCategory, PayBasis
from tests.legislation import collector
from tests.legislation.collector import (
    LegislationFormatError,
    Tally,
    all_cases,
    legislation_schema,
    load_file,
    record_schema,
)

REPO = Path(__file__).resolve().parents[2]

GOOD_CASE: dict[str, Any] = {
    "name": "An adult recruited by deception for forced labour is a presumed victim",
    "as_of": "2024-01-01",
    "source": {"title": "UN Trafficking in Persons Protocol, Art. 3", "verified": True},
    "facts": {
        "jurisdiction": "DE",
        "person": {"age": 30, "child_at_recruitment": "no"},
        "acts": {"recruitment": "yes"},
        "means": {"deception": "yes"},
        "purposes": {"ForcedLabour": "yes"},
    },
    "expected": {"labels": ["presumed_trafficking_victim"], "category": "adult"},
}


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def refusal(tmp_path: Path, data: Any, kind: str = "identification") -> str:
    with pytest.raises(LegislationFormatError) as error:
        load_file(write(tmp_path, data), kind=kind)
    return str(error.value)


def test_a_well_formed_case_loads_with_its_source(tmp_path: Path) -> None:
    (case,) = load_file(write(tmp_path, {"cases": [GOOD_CASE]}), kind="identification")
    assert case["source"]["title"] == "UN Trafficking in Persons Protocol, Art. 3"


def test_it_refuses_the_misspelt_keys_that_used_to_pass_naming_case_and_key(
    tmp_path: Path,
) -> None:
    case = {
        **GOOD_CASE,
        "expected": {"lables": ["presumed_trafficking_victim"], "categroy": "adult"},
    }
    message = refusal(tmp_path, {"cases": [case]})
    assert str(tmp_path / "cases.yaml") in message
    assert f"case 1 ({GOOD_CASE['name']!r}): expected" in message
    assert "unknown key 'categroy' (did you mean 'category'?)" in message
    assert "unknown key 'lables' (did you mean 'labels'?)" in message


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"sorce": {"title": "x", "verified": True}}, "unknown key 'sorce'"),
        ({"source": {"title": "x", "verifed": True}}, "source: unknown key 'verifed'"),
        ({"law": {"minimum_wage": {"amount": 5, "currency": "USD", "per": "hour"}}}, "'per'"),
        ({"expected": {"absent": ["presumed_traficking_victim"]}}, "expected.absent[0]"),
        ({"expected": {"instruments": {"forced_labor": "no"}}}, "'forced_labor'"),
        ({"expected": {"instruments": {"forced_labour": "maybe"}}}, "'maybe'"),
        ({"expected": {}}, "expected"),
        (
            {"facts": {"jurisdiction": "DE", "persn": {"age": 30}}},
            "facts: unknown key 'persn' (did you mean 'person'?)",
        ),
        ({"facts": {"jurisdiction": "DE", "work": {"hours_per_dya": 8}}}, "facts.work"),
        ({"as_of": "2024-13-40"}, "as_of"),
    ],
)
def test_it_refuses_an_unknown_key_or_value_anywhere_in_an_identification_case(
    tmp_path: Path, change: dict[str, Any], named: str
) -> None:
    message = refusal(tmp_path, {"cases": [{**GOOD_CASE, **change}]})
    assert named in message


def test_it_refuses_a_case_without_a_source_when_the_file_gives_none(tmp_path: Path) -> None:
    case = {key: value for key, value in GOOD_CASE.items() if key != "source"}
    assert "source" in refusal(tmp_path, {"cases": [case]})
    file_source = {"title": "A file-wide source", "verified": False}
    (loaded,) = load_file(
        write(tmp_path, {"source": file_source, "cases": [case]}), "identification"
    )
    assert loaded["source"] == file_source


def test_it_refuses_two_cases_with_one_name(tmp_path: Path) -> None:
    assert "used twice" in refusal(tmp_path, {"cases": [GOOD_CASE, GOOD_CASE]})


def test_it_refuses_unknown_keys_in_needs_and_wages_facts(tmp_path: Path) -> None:
    needs = {
        "name": "France, 30 days",
        "as_of": "2024-02-01",
        "source": {"title": "CESEDA", "verified": False},
        "facts": {"jurisdiction": "FR", "decison_on": "2024-02-10"},
        "expected": {"last_day": "2024-03-01"},
    }
    assert "unknown key 'decison_on' (did you mean 'decision_on'?)" in refusal(
        tmp_path, {"cases": [needs]}, kind="needs"
    )
    period = {"start": "2025-01-06", "end": "2025-02-02", "hours_per_day": "8"}
    wages = {
        "name": "Italy, the promised pay",
        "as_of": "2025-02-02",
        "source": {"title": "contract", "verified": True},
        "facts": {
            "jurisdiction": "IT",
            "periods": [
                {
                    **period,
                    "days_per_week": "5",
                    "paid": {"amount": "600", "currency": "EUR", "per": "month"},
                    "promissed": {"amount": "1200", "currency": "EUR", "per": "month"},
                }
            ],
        },
        "expected": {"lines": [], "totals": {}},
    }
    assert "unknown key 'promissed' (did you mean 'promised'?)" in refusal(
        tmp_path, {"cases": [wages]}, kind="wages"
    )


def run_pytest_on(root: Path, files: dict[str, Any]) -> str:
    """Run pytest in a subprocess over legislation files under `root` (relative path -> data),
    with the real collector and hooks pointed at `root`; returns the output."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (root / "conftest.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path
            from tests.legislation import collector
            collector.HERE = Path(__file__).parent  # collect the files in this folder
            collector.V2_FOLDER = collector.HERE / "identification" / "v2"
            from tests.conftest import (
                pytest_collect_file, pytest_runtest_logreport, pytest_terminal_summary,
            )
            """
        ),
        encoding="utf-8",
    )
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(root), "-c", str(root / "pytest.ini"), "-rN",
         "-p", "no:randomly", "-p", "no:django", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--rootdir", str(root)],
        capture_output=True, text=True, cwd=root, env=env, timeout=120, check=False,
    )  # fmt: skip
    return f"exit code {run.returncode}\n{run.stdout}{run.stderr}"


def test_a_misspelt_key_fails_collection_with_a_clear_message(tmp_path: Path) -> None:
    """A real pytest run over a file with the misspellings that used to pass."""
    case = {
        **GOOD_CASE,
        "expected": {"lables": ["presumed_trafficking_victim"], "categroy": "adult"},
    }
    out = run_pytest_on(
        tmp_path,
        {
            "identification/bad.yaml": {"cases": [case]},
            "identification/good.yaml": {"cases": [GOOD_CASE]},
        },
    )
    assert not out.startswith("exit code 0"), out
    assert "ERROR collecting identification/bad.yaml" in out, out
    assert "unknown key 'lables' (did you mean 'labels'?)" in out, out
    assert "unknown key 'categroy' (did you mean 'category'?)" in out, out
    assert "Interrupted: 1 error during collection" in out, out


def test_only_a_case_with_a_known_gap_is_an_expected_failure_and_every_case_enters_the_tally(
    tmp_path: Path,
) -> None:
    """A failing case with `known_gap` is xfail (strict: it fails the run once it passes), a
    failing case without it fails saying what differs, whichever folder it is in, and the run
    ends with the tally of every identification case."""
    unmet = {"labels": ["servitude"], "absent": ["presumed_trafficking_victim"]}
    gap = {
        **GOOD_CASE,
        "name": "A case the engine does not meet yet",
        "expected": unmet,
        "known_gap": "the record has no field for it",
    }
    passing_gap = {**GOOD_CASE, "name": "A gap closed since", "known_gap": "was missing"}
    v2_wrong = {**GOOD_CASE, "name": "A v2 case the engine does not meet", "expected": unmet}
    wrong = {**GOOD_CASE, "name": "A wrong expectation", "expected": {"category": "child"}}
    out = run_pytest_on(
        tmp_path,
        {
            "identification/good.yaml": {"cases": [GOOD_CASE, wrong]},
            "identification/v2/new.yaml": {"cases": [gap, passing_gap, v2_wrong]},
        },
    )
    assert out.startswith("exit code 1"), out
    assert "3 failed, 1 passed, 1 xfailed" in out, out
    assert "[XPASS(strict)] was missing" in out, out
    assert "new.yaml: A v2 case the engine does not meet" in out, out
    assert "good.yaml: A wrong expectation\n  category is 'adult', expected 'child'" in out, out
    assert "legislation: identification labels, sensitivity and specificity" in out, out
    assert "5 identification cases (3 of them engine v2 cases); 0 refused" in out, out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].islower()}
    assert rows["presumed_trafficking_victim"] == ["2", "0", "0", "2", "100.0%", "0.0%"], out
    assert rows["servitude"] == ["0", "2", "0", "0", "0.0%", "n/a"], out


def test_there_are_at_least_forty_identification_cases_each_with_a_source() -> None:
    cases = all_cases("identification")
    assert len(cases) >= 40
    assert all(case["source"]["title"] for case in cases)
    assert all(isinstance(case["source"]["verified"], bool) for case in cases)


def test_at_least_thirty_v2_cases_come_from_decisions_and_each_names_what_must_not_follow() -> None:
    decisions = sorted(collector.V2_FOLDER.glob("decisions-*.yaml"))
    cases = [case for path in decisions for case in load_file(path)]
    assert len(cases) >= 30
    for case in cases:
        source = case["source"]
        assert source["court"], case["name"]
        assert source["date"], case["name"]
        # the right answer is negative or partial: something must NOT be concluded
        assert case["expected"].get("absent"), case["name"]


def test_every_reflection_jurisdiction_has_a_case() -> None:
    covered = {case["facts"]["jurisdiction"] for case in all_cases("needs")}
    assert {
        "GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR", "NL", "BE", "DE", "FR",
        "IE", "CZ", "ES", "NO", "IT", "CA", "US",
    } <= covered  # fmt: skip


def test_there_are_wage_cases_for_every_head_of_claim() -> None:
    heads = {line["head"] for case in all_cases("wages") for line in case["expected"]["lines"]}
    assert heads == {head.value for head in ClaimHead}


def test_the_schema_lists_the_values_the_code_knows() -> None:
    defs = legislation_schema()["$defs"]
    wages = defs["wages_case"]["properties"]
    period = wages["facts"]["properties"]["periods"]["items"]["properties"]
    assert defs["wage_pay"]["properties"]["per"]["enum"] == [m.value for m in PayBasis]
    reasons = period["deductions"]["items"]["properties"]["reason"]["enum"]
    assert reasons == [m.value for m in DeductionReason]
    fees = wages["facts"]["properties"]["fees"]["items"]["properties"]["category"]["enum"]
    assert fees == [m.value for m in FeeCategory]
    heads = wages["expected"]["properties"]["lines"]["items"]["properties"]["head"]["enum"]
    assert heads == [m.value for m in ClaimHead]
    needs = defs["needs_case"]["properties"]["expected"]["oneOf"][0]["properties"]
    assert set(needs["length_is"]["enum"]) == {m.value for m in LengthIs}
    assert set(needs["kind"]["enum"]) == {m.value for m in PeriodKind}
    expected = defs["identification_expected"]["properties"]
    objective = yaml.safe_load(
        (REPO / "src/needsfirst/law/data/indicators/objective-exploitation.yaml").read_text()
    )
    assert expected["tests"]["items"]["enum"] == list(objective["tests"])
    published = record_schema()["properties"]["purposes"]["properties"]
    assert set(published) <= set(expected["purposes"]["items"]["enum"])


def test_the_tally_counts_true_and_false_positives_and_negatives_per_label() -> None:
    tally = Tally()
    tally.add(
        {"labels": ["servitude"], "absent": ["presumed_trafficking_victim"], "got": ["servitude"]}
    )
    tally.add({"labels": ["servitude"], "absent": ["presumed_trafficking_victim"],
               "got": ["presumed_trafficking_victim"], "v2": True})  # fmt: skip
    tally.add({"labels": ["smuggled_migrant"], "absent": [], "got": [], "refused": True})
    assert tally.counts["servitude"] == {"TP": 1, "FN": 1, "TN": 0, "FP": 0}
    assert tally.counts["presumed_trafficking_victim"] == {"TP": 0, "FN": 0, "TN": 1, "FP": 1}
    assert "smuggled_migrant" not in tally.counts
    lines = tally.lines()
    assert lines[0].startswith("3 identification cases (1 of them engine v2 cases); 1 refused")
    servitude = next(line for line in lines if line.startswith("servitude"))
    assert servitude.split()[1:] == ["1", "1", "0", "0", "50.0%", "n/a"]
