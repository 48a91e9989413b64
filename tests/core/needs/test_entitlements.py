"""Entitlements by jurisdiction and category, with sources and dates."""

from __future__ import annotations

from datetime import date

import pytest

from needsfirst.needs import (
    Category,
    EntitlementKind,
    ErrorCode,
    NeedsInputError,
    entitlements_list,
    supported_jurisdictions,
)

ON = date(2026, 1, 15)
BRIEF = {
    "GB-ENG",
    "GB-WLS",
    "GB-SCT",
    "GB-NIR",
    "NL",
    "BE",
    "DE",
    "FR",
    "IE",
    "CZ",
    "ES",
    "NO",
    "IT",
    "CA",
    "US",
}
COE_PARTIES = BRIEF - {"CA", "US"}


def test_every_jurisdiction_of_the_brief_has_reflection_and_entitlement_data() -> None:
    assert set(supported_jurisdictions("reflection-period.yaml")) >= BRIEF
    assert set(supported_jurisdictions("entitlements.yaml")) >= BRIEF


@pytest.mark.parametrize("code", sorted(BRIEF))
def test_every_entitlement_has_a_source_and_a_date(code: str) -> None:
    summary = entitlements_list(
        jurisdiction=code, category=Category.IDENTIFIED_VICTIM, on=ON, child=True
    )
    assert summary.now
    for item in summary.now:
        assert item.source.instrument
        assert item.effective_from <= ON
        assert item.summary


@pytest.mark.parametrize("code", sorted(COE_PARTIES))
def test_a_presumed_victim_in_a_convention_state_gets_assistance_and_no_removal(code: str) -> None:
    summary = entitlements_list(jurisdiction=code, category=Category.PRESUMED_VICTIM, on=ON)
    assert summary.owed_now("coe-art12-assistance")
    assert summary.owed_now("coe-art10-2-no-removal")
    assert not summary.owed_now("coe-art15-3-4-compensation")
    assert summary.owed_if(Category.IDENTIFIED_VICTIM, "coe-art15-3-4-compensation")


@pytest.mark.parametrize("code", ["CA", "US"])
def test_states_outside_the_convention_get_no_convention_entitlements(code: str) -> None:
    summary = entitlements_list(jurisdiction=code, category=Category.IDENTIFIED_VICTIM, on=ON)
    assert not any(item.id.startswith("coe-") for item in summary.now)


def test_any_migrant_is_owed_emergency_care_and_wage_claims_where_recorded() -> None:
    summary = entitlements_list(jurisdiction="US", category=Category.ANY_MIGRANT, on=ON)
    kinds = {item.kind for item in summary.now}
    assert {EntitlementKind.EMERGENCY_CARE, EntitlementKind.LABOUR_CLAIMS} <= kinds
    assert all(item.minimum_category is Category.ANY_MIGRANT for item in summary.now)


def test_what_an_identified_victim_gets_includes_everything_a_presumed_one_gets() -> None:
    presumed = entitlements_list(jurisdiction="NL", category=Category.PRESUMED_VICTIM, on=ON)
    identified = entitlements_list(jurisdiction="NL", category=Category.IDENTIFIED_VICTIM, on=ON)
    assert {i.id for i in presumed.now} < {i.id for i in identified.now}
    assert identified.if_recognised == ()


def test_the_reflection_period_appears_among_what_recognition_would_add() -> None:
    summary = entitlements_list(jurisdiction="NO", category=Category.ANY_MIGRANT, on=ON)
    assert summary.owed_if(Category.PRESUMED_VICTIM, "no-reflection-period")
    assert not summary.owed_now("no-reflection-period")


def test_child_entitlements_are_listed_only_for_a_child() -> None:
    adult = entitlements_list(jurisdiction="BE", category=Category.PRESUMED_VICTIM, on=ON)
    child = entitlements_list(
        jurisdiction="BE", category=Category.PRESUMED_VICTIM, on=ON, child=True
    )
    assert not adult.owed_now("coe-art10-3-presumed-child")
    assert child.owed_now("coe-art10-3-presumed-child")


def test_convention_entitlements_start_when_the_state_became_bound() -> None:
    # CETS 197 entered into force for Czechia on 1 July 2017 (not 1 March 2017, the old date)
    before = entitlements_list(
        jurisdiction="CZ", category=Category.PRESUMED_VICTIM, on=date(2017, 6, 30)
    )
    old_date = entitlements_list(
        jurisdiction="CZ", category=Category.PRESUMED_VICTIM, on=date(2017, 3, 1)
    )
    after = entitlements_list(
        jurisdiction="CZ", category=Category.PRESUMED_VICTIM, on=date(2017, 7, 1)
    )
    assert not before.owed_now("coe-art12-assistance")
    assert not old_date.owed_now("coe-art12-assistance")
    assert after.owed_now("coe-art12-assistance")


def test_an_entitlement_is_not_shown_before_the_law_that_gives_it() -> None:
    summary = entitlements_list(
        jurisdiction="GB-ENG", category=Category.IDENTIFIED_VICTIM, on=date(2022, 12, 1)
    )
    assert not summary.owed_now("gb-temporary-permission")


def test_an_unknown_jurisdiction_is_refused_naming_the_field() -> None:
    with pytest.raises(NeedsInputError) as error:
        entitlements_list(jurisdiction="XX", category=Category.ANY_MIGRANT, on=ON)
    assert error.value.field == "jurisdiction"
    assert error.value.code is ErrorCode.UNKNOWN_JURISDICTION


def test_a_real_country_without_data_is_refused_and_says_so() -> None:
    with pytest.raises(NeedsInputError) as error:
        entitlements_list(jurisdiction="PT", category=Category.ANY_MIGRANT, on=ON)
    assert error.value.code is ErrorCode.UNKNOWN_JURISDICTION
    assert "PT" in error.value.message


def test_the_united_kingdom_must_be_named_by_nation() -> None:
    with pytest.raises(NeedsInputError) as error:
        entitlements_list(jurisdiction="GB", category=Category.ANY_MIGRANT, on=ON)
    assert error.value.code is ErrorCode.JURISDICTION_NEEDS_REGION
    assert "GB-SCT" in error.value.message
