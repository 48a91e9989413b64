"""CTDC export: the global dataset's columns and codes, through k-anonymity."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from needsfirst.errors import InputError
from needsfirst.release import ReleaseErrorCode
from needsfirst.release.ctdc import CaseProfile, as_mapping_rows, ctdc_release, ctdc_row

REFERENCE = Path("/work/shared/reference/data/ctdc_fields.json")


def profile(**overrides) -> CaseProfile:
    values = {"person_id": "p", "year_registered": 2024}
    values.update(overrides)
    return CaseProfile(**values)


def test_ages_become_ctdc_bands_and_majority_status_at_each_stage() -> None:
    row = ctdc_row(
        profile(age_at_registration=19, age_at_exploitation=16, age_at_entry=15, gender="Feminine")
    )
    assert row["ageBroad"] == "18--20"
    assert row["majorityStatus"] == "Adult"
    assert row["majorityStatusAtExploit"] == "Minor"
    assert row["majorityEntry"] == "Minor"
    assert row["gender"] == "Female"


def test_what_was_not_recorded_is_minus_99_and_a_missing_country_is_00() -> None:
    row = ctdc_row(profile())
    assert row["ageBroad"] == "-99"
    assert row["majorityStatus"] == "-99"
    assert row["gender"] == "-99"
    assert row["citizenship"] == "00"
    assert row["isForcedLabour"] == "-99"
    assert row["meansOfControlDebtBondage"] == "-99"


def test_types_of_exploitation_sector_and_means_become_flags() -> None:
    row = ctdc_row(
        profile(
            exploitation=frozenset({"ForcedLabour", "SexualExploitation", "ForcedBegging"}),
            labour_sector="domestic_work",
            sex_types=frozenset({"Prostitution"}),
            means=frozenset({"WithholdsDocuments", "DebtBondage"}),
        )
    )
    assert row["isForcedLabour"] == "1"
    assert row["isSexualExploit"] == "1"
    assert row["isSexAndLabour"] == "1"
    assert row["isOtherExploit"] == "1"
    assert row["typeOfLabourDomesticWork"] == "1"
    assert row["typeOfSexProstitution"] == "1"
    assert row["meansOfControlWithholdsDocuments"] == "1"
    assert row["meansOfControlDebtBondage"] == "1"


def test_every_column_and_code_is_one_the_ctdc_layout_knows() -> None:
    reference = json.loads(REFERENCE.read_text()) if REFERENCE.exists() else None
    if reference is None:
        pytest.skip("the shared CTDC reference is not on this machine")
    row = ctdc_row(profile(age_at_registration=30, gender="Masculine", citizenship="NP"))
    assert set(row) <= set(reference["global_dataset_2020_columns"])
    assert row["ageBroad"] in reference["codes"]["ageBroad"]
    assert row["majorityStatus"] in reference["codes"]["majorityStatus"]["values"]


def test_a_release_keeps_k_people_per_class_and_never_a_person_id() -> None:
    profiles = [
        profile(
            person_id=f"person-{i}",
            age_at_registration=20 + i % 30,
            gender="Feminine" if i % 2 else "Masculine",
            citizenship="NP" if i % 3 else "BD",
            country_of_exploitation="QA",
            year_registered=2020 + i % 4,
        )
        for i in range(400)
    ] + [profile(person_id="alone", age_at_registration=70, citizenship="TV", year_registered=2011)]
    release = ctdc_release(profiles, k=11)
    assert "_person" not in release.columns
    assert all(not any(v.startswith("person-") or v == "alone" for v in r) for r in release.rows)
    rows = as_mapping_rows(release)
    quasi = ("yearOfRegistration", "gender", "ageBroad", "majorityStatus", "citizenship")
    sizes = Counter(tuple(r[c] for c in quasi) for r in rows)
    assert min(sizes.values()) >= 11
    assert release.report.rows_suppressed >= 1  # the one person from Tuvalu in 2011


def test_fewer_cases_than_k_release_nothing() -> None:
    with pytest.raises(InputError) as refused:
        ctdc_release([profile()] * 3, k=11)
    assert refused.value.code is ReleaseErrorCode.TOO_FEW_ROWS
