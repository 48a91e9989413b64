"""Validators for codes from international standards (ISO 3166, ISO 639, ISO 4217)."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_country_code(value: str) -> None:
    if value and pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166 country code."),
            params={"value": value},
            code="invalid_country",
        )


def validate_language_code(value: str) -> None:
    if not value:
        return
    code = value.lower()
    found = (
        pycountry.languages.get(alpha_2=code)
        if len(code) == 2
        else pycountry.languages.get(alpha_3=code)
        if len(code) == 3
        else None
    )
    if found is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 639 language code."),
            params={"value": value},
            code="invalid_language",
        )


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    languages = [
        (lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")
    ]
    return sorted(languages, key=lambda item: item[1])
