"""One shape of bad input across the core: an InputError with a code of its package's enum."""

from __future__ import annotations

from datetime import date

import pytest

from needsfirst import needs, protect
from needsfirst.errors import InputError
from needsfirst.wages import AmountError, ClaimInputError, WagesErrorCode, claim_facts_from_mapping
from needsfirst.wages.money import parse_amount


def test_an_input_error_names_its_code_field_and_params():
    error = InputError(
        WagesErrorCode.TOO_LARGE, "periods[0].hours_per_day", "too many", {"most": 24}
    )
    assert error.code is WagesErrorCode.TOO_LARGE
    assert error.field == "periods[0].hours_per_day"
    assert error.params == {"most": 24}
    assert str(error) == "periods[0].hours_per_day: too many"


def test_the_params_of_an_error_cannot_be_changed_after_it_is_raised():
    error = InputError(WagesErrorCode.INVALID, params={"most": 24})
    with pytest.raises(TypeError):
        error.params["most"] = 1  # type: ignore[index]


def test_a_needs_refusal_is_an_input_error_with_a_needs_code():
    with pytest.raises(InputError) as refused:
        needs.reflection_period_compute(
            jurisdiction="ZZ", starts_on=date(2026, 1, 1), variant="default"
        )
    assert isinstance(refused.value, needs.NeedsInputError)
    assert isinstance(refused.value.code, needs.ErrorCode)
    assert refused.value.field


def test_a_wage_claim_refusal_carries_the_code_of_why():
    with pytest.raises(InputError) as refused:
        claim_facts_from_mapping({"jurisdiction": "XX", "periods": []})
    assert isinstance(refused.value, ClaimInputError)
    assert refused.value.code is WagesErrorCode.UNKNOWN_JURISDICTION
    assert refused.value.field == "jurisdiction"


def test_an_amount_refusal_keeps_its_code_through_the_claim_reader():
    with pytest.raises(AmountError) as refused:
        parse_amount("-3", "paid.amount")
    assert refused.value.code is WagesErrorCode.NEGATIVE


def test_a_protect_error_is_an_input_error_with_a_protect_code():
    with pytest.raises(InputError) as refused:
        protect.KeyRing([])
    assert isinstance(refused.value, protect.ProtectError)
    assert isinstance(refused.value.code, protect.ProtectErrorCode)


def test_a_screening_refusal_is_an_input_error_naming_the_field():
    from needsfirst.screening import ScreeningErrorCode, ScreeningInputError, validate_record

    with pytest.raises(InputError) as refused:
        validate_record({"as_of": "2026-01-01", "person": {"age": "thirty"}})
    assert isinstance(refused.value, ScreeningInputError)
    assert refused.value.code is ScreeningErrorCode.INVALID
    assert refused.value.field == "person.age"
