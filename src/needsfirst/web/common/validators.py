"""Validators for codes from international standards (ISO 3166, ISO 639, ISO 4217)."""

from __future__ import annotations

import gettext as gettext_module
from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
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


@lru_cache(maxsize=32)
def _iso_catalogue(domain: str, language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(
        domain, pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _translated(domain: str, name: str) -> str:
    language = (get_language() or "en").split("-")[0]
    return _iso_catalogue(domain, language).gettext(name)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return _translated("iso3166-1", country.name) if country else code


def language_name(code: str) -> str:
    if not code:
        return ""
    found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code.lower()})
    return _translated("iso639-3", found.name) if found else code


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 countries, named in the language of the request (pycountry's catalogues)."""
    choices = [(c.alpha_2, _translated("iso3166-1", c.name)) for c in pycountry.countries]
    return sorted(choices, key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    languages = [
        (lang.alpha_2, _translated("iso639-3", lang.name))
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2")
    ]
    return sorted(languages, key=lambda item: item[1])
