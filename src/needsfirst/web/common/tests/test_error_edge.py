"""The web edge: a core error is said from its code, in the reader's language, on its field."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from needsfirst.errors import InputError
from needsfirst.needs import ErrorCode, NeedsInputError
from needsfirst.wages import ClaimInputError, WagesErrorCode
from needsfirst.web.api.errors import exception_handler
from needsfirst.web.common.errors import (
    apply_validation_errors,
    as_validation_error,
    input_error_message,
)


class DatesForm(forms.Form):
    due_on = forms.DateField(required=False)


# Said in the core's own words (marked for translation there): no message of the web's own.
CORE_WORDED = {ErrorCode.INVALID, ErrorCode.NOT_FOUND}


@pytest.mark.parametrize(
    "code", [*ErrorCode, *WagesErrorCode], ids=lambda c: f"{type(c).__name__}.{c.name}"
)
def test_every_code_of_needs_and_wages_has_a_message_of_its_own(code):
    error = InputError(code, "field", "The core's English text.", {"most": 24})
    worded_by_core = type(code) is ErrorCode and code in CORE_WORDED
    assert (input_error_message(error) == "The core's English text.") is worded_by_core


def test_a_message_is_said_in_the_readers_language():
    error = ClaimInputError("periods[0].paid.amount", "must be a number", WagesErrorCode.REQUIRED)
    with translation.override("fr"):
        assert input_error_message(error) == "Ce champ est obligatoire."


def test_a_limit_is_quoted_from_the_errors_params():
    error = ClaimInputError("h", "must be at most 24", WagesErrorCode.TOO_LARGE, {"most": 24})
    assert "24" in input_error_message(error)


def test_a_core_error_lands_on_the_form_field_it_names():
    form = DatesForm(data={})
    form.is_valid()
    error = NeedsInputError("due_on", "in the past", ErrorCode.DATE_IN_PAST)
    apply_validation_errors(form, error)
    assert form.errors["due_on"] == [input_error_message(error)]


def test_a_core_error_can_be_mapped_to_the_forms_own_field_name():
    form = DatesForm(data={})
    form.is_valid()
    apply_validation_errors(
        form, NeedsInputError("starts_on", "x", ErrorCode.DATE_IN_PAST), {"starts_on": "due_on"}
    )
    assert "due_on" in form.errors


def test_an_error_on_a_field_the_form_lacks_goes_on_the_whole_form():
    form = DatesForm(data={})
    form.is_valid()
    apply_validation_errors(form, ValidationError({"elsewhere": "Nope."}))
    assert form.non_field_errors() == ["Nope."]


def test_a_core_error_without_a_field_is_an_error_of_the_whole_input():
    error = as_validation_error(InputError(WagesErrorCode.INVALID))
    assert "__all__" in error.message_dict


def test_the_api_answers_a_core_error_with_400_naming_the_field():
    with translation.override("en"):
        response = exception_handler(NeedsInputError("jurisdiction", "x", ErrorCode.REQUIRED), {})
    assert response is not None
    assert response.status_code == 400
    # The API's one error shape (docs/api.md): a code, a sentence, the fields and their codes.
    assert response.data["errors"] == {"jurisdiction": ["This field is required."]}
    assert set(response.data["error_codes"]) == {"jurisdiction"}
    assert response.data["code"]
