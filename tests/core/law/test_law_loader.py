"""The one law-data loader: every file checked against its kind's schema, regions in one place,
and every rule file inside the rules version."""

import copy
import fnmatch
import shutil
from datetime import date
from pathlib import Path

import pytest

from needsfirst.law import KINDS, LawDataError, check_all, load, load_needs_data, validate
from needsfirst.law import loader as law_loader
from needsfirst.law.jurisdictions import JurisdictionError, JurisdictionErrorCode, resolve
from needsfirst.law.loader import all_data_files, kind_of
from needsfirst.needs.errors import ErrorCode, NeedsInputError
from needsfirst.needs.jurisdictions import jurisdiction_data
from needsfirst.wages import minimum_wage, working_time_limits


def test_every_shipped_law_and_needs_data_file_passes_its_schema() -> None:
    assert check_all() == []


def test_every_kind_has_a_file_and_every_file_has_exactly_one_kind() -> None:
    files = all_data_files()
    for kind in KINDS:
        assert any(
            root == kind.root and fnmatch.fnmatchcase(name, kind.pattern) for root, name in files
        ), kind
    for root, name in files:
        matching = [k for k in KINDS if k.root == root and fnmatch.fnmatchcase(name, k.pattern)]
        assert len(matching) == 1, (root, name)


def test_a_file_of_no_known_kind_is_refused_rather_than_read_unchecked() -> None:
    with pytest.raises(LawDataError, match=r"instruments/new-treaty\.yaml: no schema"):
        kind_of("instruments/new-treaty.yaml")


def _check(relative: str, content: object) -> None:
    validate(content, kind_of(relative).schema, relative)


def test_a_misspelt_key_in_a_minimum_wage_entry_fails_naming_the_file_and_the_field() -> None:
    content = copy.deepcopy(load("jurisdictions/GB/minimum-wage.yaml"))
    content["sectors"]["general"][0]["amout"] = "1.00"
    with pytest.raises(
        LawDataError,
        match=r"jurisdictions/GB/minimum-wage\.yaml: sectors\.general\[0\]\.amout: unknown key",
    ):
        _check("jurisdictions/GB/minimum-wage.yaml", content)


def test_misspelt_keys_in_an_entitlements_file_fail_at_the_top_and_inside_a_region() -> None:
    national = copy.deepcopy(load("jurisdictions/NL/entitlements.yaml"))
    national["categroy"] = "any_migrant"
    with pytest.raises(LawDataError, match=r"NL/entitlements\.yaml: categroy: unknown key"):
        _check("jurisdictions/NL/entitlements.yaml", national)
    regional = copy.deepcopy(load("jurisdictions/GB/entitlements.yaml"))
    regional["regions"]["GB-SCT"] = copy.deepcopy(regional["regions"]["GB-SCT"])
    regional["regions"]["GB-SCT"]["entitlements"][0]["lables"] = "x"
    with pytest.raises(LawDataError, match=r"regions\.GB-SCT\.entitlements\[0\]\.lables"):
        _check("jurisdictions/GB/entitlements.yaml", regional)


def test_a_source_without_its_verified_flag_fails() -> None:
    content = copy.deepcopy(load("jurisdictions/NL/reflection-period.yaml"))
    del content["periods"]["default"]["entries"][0]["source"]["verified"]
    with pytest.raises(LawDataError, match=r"source: 'verified' is a required property"):
        _check("jurisdictions/NL/reflection-period.yaml", content)


def test_a_rate_without_an_amount_and_a_no_minimum_entry_with_one_both_fail() -> None:
    content = copy.deepcopy(load("jurisdictions/DE/minimum-wage.yaml"))
    del content["sectors"]["general"][-1]["amount"]
    with pytest.raises(LawDataError, match=r"'amount' is a required property"):
        _check("jurisdictions/DE/minimum-wage.yaml", content)
    content = copy.deepcopy(load("jurisdictions/DE/minimum-wage.yaml"))
    content["sectors"]["general"][0] = {
        **content["sectors"]["general"][0],
        "status": "no-statutory-minimum",
    }
    content["sectors"]["general"][0].setdefault("amount", "1.00")
    with pytest.raises(LawDataError, match=r"sectors\.general\[0\]"):
        _check("jurisdictions/DE/minimum-wage.yaml", content)


def test_a_misspelt_key_in_the_triage_rules_fails() -> None:
    content = copy.deepcopy(load_needs_data("triage-rules.yaml"))
    content["rules"][0]["urgncy"] = "now"
    with pytest.raises(LawDataError, match=r"triage-rules\.yaml: rules\[0\]\.urgncy: unknown key"):
        validate(content, "needs-triage-rules", "needs/data/triage-rules.yaml")


def test_a_misspelt_key_in_an_instrument_fails() -> None:
    content = copy.deepcopy(load("instruments/un-trafficking-protocol.yaml"))
    content["purposes"]["Slavery"] = {**content["purposes"]["Slavery"], "protocl": "x"}
    with pytest.raises(LawDataError, match=r"purposes\.Slavery\.protocl: unknown key"):
        _check("instruments/un-trafficking-protocol.yaml", content)


# --- regions: one place ------------------------------------------------------------------------


def test_a_uk_nation_reads_the_uk_wide_minimum_wage_and_working_time() -> None:
    on = date(2025, 6, 1)
    for nation in ("GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "gb-sct"):
        assert minimum_wage(nation, on) == minimum_wage("GB", on)
        assert working_time_limits(nation, on) == working_time_limits("GB", on)


def test_a_uk_nation_reads_its_own_reflection_period_and_plain_gb_is_refused() -> None:
    assert (
        resolve("GB-SCT", "reflection-period").content
        != resolve("GB-ENG", "reflection-period").content
    )
    with pytest.raises(JurisdictionError) as error:
        resolve("GB", "reflection-period")
    assert error.value.code is JurisdictionErrorCode.JURISDICTION_NEEDS_REGION
    with pytest.raises(NeedsInputError) as needs_error:
        jurisdiction_data("GB", "reflection-period.yaml")
    assert needs_error.value.code is ErrorCode.JURISDICTION_NEEDS_REGION
    assert needs_error.value.field == "jurisdiction"


def test_a_malformed_region_has_no_wage_table_and_is_refused_by_the_needs_core() -> None:
    assert minimum_wage("GB-XXX", date(2025, 6, 1)) is None
    with pytest.raises(NeedsInputError) as error:
        jurisdiction_data("GB-XXX", "entitlements.yaml")
    assert error.value.code is ErrorCode.UNKNOWN_JURISDICTION


# --- the rules version covers every rule file --------------------------------------------------


def _version_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    roots = {}
    for name, base in law_loader.ROOTS.items():
        target = tmp_path / name
        if not target.exists():
            shutil.copytree(base, target, ignore=shutil.ignore_patterns("__pycache__"))
        roots[name] = target
    monkeypatch.setattr(law_loader, "ROOTS", roots)
    monkeypatch.setattr(law_loader, "DATA_DIR", roots["law"])
    return law_loader.rules_version.__wrapped__()


def test_changing_a_triage_urgency_changes_the_rules_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _version_over(tmp_path, monkeypatch)
    rules = tmp_path / "needs" / "triage-rules.yaml"
    original = rules.read_text(encoding="utf-8")
    changed = original.replace("urgency: within_a_week", "urgency: planned", 1)
    assert changed != original
    rules.write_text(changed, encoding="utf-8")
    assert _version_over(tmp_path, monkeypatch) != before


def test_changing_a_minimum_wage_changes_the_rules_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _version_over(tmp_path, monkeypatch)
    table = tmp_path / "law" / "jurisdictions" / "GB" / "minimum-wage.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace('"12.21"', '"12.22"'), "utf-8")
    assert _version_over(tmp_path, monkeypatch) != before


def test_unodc_labels_with_commas_are_read_whole_not_cut_into_stray_keys() -> None:
    # Regression: unquoted YAML flow mappings cut "pays for tools, food or housing ..." at the
    # comma and turned the rest into a key; the closed schema now refuses such a stray key.
    labels = {
        item["id"]: item["label"] for item in load("indicators/unodc-indicators.yaml")["indicators"]
    }
    assert labels["unodc.labour.costs_deducted"] == (
        "pays for tools, food or housing or has them deducted from wages"
    )
    assert labels["unodc.labour.depends_on_employer"] == (
        "depends on the employer for work, transport and housing"
    )
    content = copy.deepcopy(load("indicators/unodc-indicators.yaml"))
    content["indicators"][0]["food or housing"] = None
    with pytest.raises(LawDataError, match=r"indicators\[0\]\.food or housing: unknown key"):
        _check("indicators/unodc-indicators.yaml", content)


def _sources(node: object, where: str):  # type: ignore[no-untyped-def]
    """Every source mapping (one with `instrument` and `verified`) in a data file, with its path."""
    if isinstance(node, dict):
        if "instrument" in node and "verified" in node:
            yield where, node
        for key, value in node.items():
            yield from _sources(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _sources(value, f"{where}[{index}]")


def test_every_verified_legal_value_points_at_the_page_that_confirmed_it() -> None:
    # `verified: true` means a retrieved source confirmed the value, so the address must name
    # that page, not a site's home page ("https://www.boe.es/") or nothing.
    from urllib.parse import urlparse

    from needsfirst.law import list_data

    vague = []
    verified = 0
    for kind in ("minimum-wage", "working-time", "entitlements", "reflection-period"):
        for path in list_data("jurisdictions", f"*/{kind}.yaml"):
            for where, source in _sources(load(path), path):
                verified += bool(source["verified"])
                address = urlparse(str(source.get("url", "")))
                if source["verified"] and not (
                    address.netloc and (address.path.strip("/") or address.query)
                ):
                    vague.append(where)
    assert vague == []
    assert verified > 100  # the rule was applied to the tables, not to nothing


def test_the_slavery_conventions_are_law_data_of_their_own_kind_and_the_screening_cites_them() -> (
    None
):
    from needsfirst.screening.rules import load_rules

    assert kind_of("instruments/slavery-conventions.yaml").schema == (
        "instrument-slavery-conventions"
    )
    data = load("instruments/slavery-conventions.yaml")
    sources = load_rules().slavery_sources
    assert sources["servitude"].instrument == data["servitude"]["source"]["instrument"]
    assert sources["slavery_without_sale"].verified is False
    assert set(sources) == {
        "slavery",
        "slavery_without_sale",
        "practice",
        "servitude",
        "household_help",
    }


def test_a_misspelt_key_in_the_slavery_conventions_fails_naming_the_field() -> None:
    content = copy.deepcopy(load("instruments/slavery-conventions.yaml"))
    content["servitude"]["sumary"] = content["servitude"].pop("summary")
    with pytest.raises(LawDataError, match="servitude"):
        _check("instruments/slavery-conventions.yaml", content)
