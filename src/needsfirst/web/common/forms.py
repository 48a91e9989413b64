"""Helpers shared by the forms of every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def apply_validation_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
