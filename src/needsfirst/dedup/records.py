"""A person's record as the model sees it, and the comparison features made from it.

The name features reuse `needsfirst.protect.names` (the same keys the blind index uses): each
token is transliterated to Latin and folded to its skeleton (Mohammed / Muhammad / Mohamed ->
``muhamad``); the vowel-folded form, the consonant key (what unvocalised Arabic gives) and the
NYSIIS phonetic key of each token are kept too. Tokens are sorted, so a family name written
first meets the same name written last.

Dates of birth are often estimates: a year only, or 1 January of an estimated year. Such a date
is kept but marked inexact, so the model compares only its year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from needsfirst.protect.names import PARTICLES, consonant_key, phonetic_key, skeleton, tokenise

_MIN_TOKEN: Final = 2
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as recorded: clear values, decrypted in memory by the caller.

    `birth_year_only` is true when only the year is known (the date is then any day of it);
    a date on 1 January is treated as a possible placeholder whatever the flag says.
    """

    record_id: str
    given_name: str = ""
    family_name: str = ""
    birthdate: dt.date | None = None
    birth_year_only: bool = False
    nationality: str = ""
    document_number: str = ""
    sex: str = ""


@dataclass(frozen=True, slots=True)
class NameFeatures:
    """Order-free keys of a whole name (tokens sorted), each a space-separated string."""

    normalised: str
    skeleton: str
    vowel: str
    consonant: str
    phonetic: str
    joined_consonants: str
    tokens: tuple[str, ...]
    sounds: tuple[str, ...]
    given: str
    family: str


# The Arabic article written joined to a name of four letters or more (Alhassan, Elkhatib): as
# "Al-Hassan" and "Al Hassan" lose it as a particle, the joined spelling loses it too.
_JOINED_ARTICLE = re.compile(r"^(?:al|el)(?=[a-z]{4})")


@lru_cache(maxsize=1 << 16)
def _token_keys(token: str) -> tuple[str, str, str, str]:
    token = _JOINED_ARTICLE.sub("", token)
    folded = skeleton(token)
    return folded, folded.replace("e", "a"), consonant_key(token), phonetic_key(token)


def _meaningful(tokens: list[str]) -> list[str]:
    kept = [t for t in tokens if len(t) >= _MIN_TOKEN and t not in PARTICLES]
    return kept or tokens


@lru_cache(maxsize=1 << 16)
def name_features(given_name: str, family_name: str) -> NameFeatures:
    """The name keys of a given and a family name (either may hold several words)."""
    given_tokens = _meaningful(tokenise(given_name))
    family_tokens = _meaningful(tokenise(family_name))
    tokens = given_tokens + family_tokens
    keys = [_token_keys(t) for t in tokens]
    first = _token_keys(given_tokens[0])[0] if given_tokens else ""
    last = _token_keys(family_tokens[-1])[0] if family_tokens else ""
    return NameFeatures(
        normalised=" ".join(tokens),
        skeleton=" ".join(sorted(k[0] for k in keys)),
        vowel=" ".join(sorted(k[1] for k in keys)),
        consonant=" ".join(sorted(k[2] for k in keys)),
        phonetic=" ".join(sorted(k[3] for k in keys)),
        # in the written order and run together: Gebremariam / Gebre Mariam
        joined_consonants="".join(k[2] for k in keys),
        tokens=tuple(sorted({k[0] for k in keys})),
        sounds=tuple(sorted({k[2] for k in keys if k[2]})),
        given=first,
        family=last,
    )


def document_key(number: str) -> str:
    """A document number without spaces, dashes or case: ``ab 12-345`` -> ``AB12345``."""
    return _NOT_ALNUM.sub("", number.upper())


def is_exact_birthdate(record: PersonRecord) -> bool:
    """A full date that is not a year-only estimate nor a 1 January placeholder."""
    date = record.birthdate
    return date is not None and not record.birth_year_only and (date.month, date.day) != (1, 1)


def _or_none(value: str) -> str | None:
    return value or None


def features(record: PersonRecord) -> dict[str, Any]:
    """The row the model compares: keys only where a value is known, else None."""
    name = name_features(record.given_name, record.family_name)
    date = record.birthdate
    exact = is_exact_birthdate(record)
    return {
        "unique_id": record.record_id,
        "name_norm": _or_none(name.normalised),
        "name_skel": _or_none(name.skeleton),
        "name_vowel": _or_none(name.vowel),
        "name_cons": _or_none(name.consonant),
        "name_phon": _or_none(name.phonetic),
        "name_cons_joined": _or_none(name.joined_consonants),
        "name_tokens": list(name.tokens) or None,
        "name_sounds": list(name.sounds) or None,
        "given_skel": _or_none(name.given),
        "family_skel": _or_none(name.family),
        # the first three letters, for blocking on one name exact and the other nearly
        "given_start": _or_none(name.given[:3]),
        "family_start": _or_none(name.family[:3]),
        "dob": date.isoformat() if date is not None else None,
        "dob_year": date.year if date is not None else None,
        "dob_exact": exact,
        # two-year buckets, and the same shifted by a year, for blocking on estimated years
        "dob_two": date.year // 2 if date is not None else None,
        "dob_two_shifted": (date.year + 1) // 2 if date is not None else None,
        "nationality": _or_none(record.nationality.upper()),
        "document": _or_none(document_key(record.document_number)),
        "sex": record.sex if record.sex in {"female", "male"} else None,
    }
