"""Validators for codes from international standards (ISO 3166, ISO 639, ISO 4217)."""

from __future__ import annotations

import gettext as gettext_module
import re
from functools import lru_cache

import pycountry
from django.conf.locale import LANG_INFO
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


def _language_label(alpha_2: str | None, name: str) -> str:
    """Django's own catalogues name about a hundred languages well in every interface language
    ("Nepali", not "Nepali (macrolanguage)"); pycountry's name the rest, without the qualifier
    in brackets that ISO 639-3 adds."""
    if alpha_2 and alpha_2 in LANG_INFO and "name" in LANG_INFO[alpha_2]:
        return str(_(LANG_INFO[alpha_2]["name"]))
    translated = _translated("iso639-3", name)
    return re.sub(r"\s*\([^)]*\)$", "", translated) or translated


def language_name(code: str) -> str:
    if not code:
        return ""
    found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code.lower()})
    if found is None:
        return code
    return _language_label(getattr(found, "alpha_2", None), found.name)


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 countries, named in the language of the request (pycountry's catalogues)."""
    return list(_country_choices_in(get_language() or "en"))


# The lists of choices depend only on the reader's language (the catalogues are compiled before
# the server starts): made once a language and process, not on every form of every request
# (the languages' list walks pycountry's 7,900 languages: 10 ms a form).
@lru_cache(maxsize=32)
def _country_choices_in(language: str) -> tuple[tuple[str, str], ...]:
    choices = [(c.alpha_2, _translated("iso3166-1", c.name)) for c in pycountry.countries]
    return tuple(sorted(choices, key=lambda item: item[1]))


# The languages of the people needsfirst serves and of their caseworkers come first in every
# language list (users.md); the rest follow by name. Only living languages are offered.
USERS_LANGUAGES = (
    "ar", "bn", "en", "fr", "ne", "es", "ti", "am", "it", "uk", "ru", "ur", "hi", "pa",
    "ta", "si", "tl", "id", "vi", "th", "my", "zh", "fa", "ps", "so", "om", "ha", "yo",
    "ig", "sw", "pt", "ro", "sq", "tr", "de", "nl", "el",
)  # fmt: skip


def jurisdiction_name(code: str) -> str:
    """A jurisdiction key of the law data ("IT", "GB-SCT") as a place name.

    A subdivision ("GB-SCT") reads as its own name and its country's ("Scotland, United
    Kingdom"); an unknown key is shown as given.
    """
    if not code:
        return ""
    if "-" not in code:
        return country_name(code)
    country, _sep, _rest = code.partition("-")
    subdivision = pycountry.subdivisions.get(code=code.upper())
    if subdivision is None:
        return code
    return _("%(region)s, %(country)s") % {
        "region": _translated("iso3166-2", subdivision.name),
        "country": country_name(country),
    }


def language_choices() -> list[tuple[str, str]]:
    """Living languages with a two-letter code: the users' languages first, then the rest,
    each group sorted by its name in the reader's language."""
    return list(_language_choices_in(get_language() or "en"))


@lru_cache(maxsize=32)
def _language_choices_in(language: str) -> tuple[tuple[str, str], ...]:
    living = [
        lang
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2") and getattr(lang, "type", "L") == "L"
    ]
    named = [(lang.alpha_2, _language_label(lang.alpha_2, lang.name)) for lang in living]
    first = sorted((c for c in named if c[0] in USERS_LANGUAGES), key=lambda item: item[1])
    rest = sorted((c for c in named if c[0] not in USERS_LANGUAGES), key=lambda item: item[1])
    return (*first, *rest)
