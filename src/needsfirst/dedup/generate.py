"""Migrant-like person records with known truth, for measuring duplicate detection.

Each generated person has an origin (Nepali, Bengali, Arabic, Tigrinya, Filipino, Vietnamese,
Ukrainian, Nigerian), a given name (sometimes two) and a family name drawn from that origin's
pools with Zipf's law (`needsfirst.dedup.names`: real common names at the head, then a long tail
composed from the origin's naming morphology; 400 given names per sex and 4,000 family names),
a sex, a true date of birth, a nationality and, for some, a document number. Each name comes
with the romanisations different clerks write (Mohammed / Muhammad / Mohamed / Mohammad;
Chowdhury / Choudhury / Chaudhuri; Tesfay / Tesfaye / Tesfai; Shrestha / Srestha), and Arabic,
Nepali and Bengali names are sometimes written in their own script.

A person is recorded once, or again (a duplicate) with the mistakes registration makes:

- another romanisation of each name (40 %), a typo (4 %: a letter dropped, doubled or swapped),
  given and family names swapped (5 %), a second given name dropped (30 % when there is one),
  the name in its original script (3 %, Arabic, Nepali and Bengali only);
- the date of birth as a year only (15 %), as 1 January of the year (10 %), a year off by one
  (estimated age, 8 %), day and month swapped (3 %), missing (8 %);
- the nationality missing (5 %); the document number missing (50 %) or with one character
  wrong (3 %); the sex unknown (5 %).

How many records a person has: 1 for 65 % of people, then 2 to 6 (cluster sizes of real
registers). The truth maps each record id to its person. Seeded: the same seed gives the same
records. The linkage bench (`bench/linkage.py`) uses the same people and noise
(`make_person`, `recorded`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from needsfirst.dedup.names import ARABIC_NATIONALITIES, ORIGINS, V
from needsfirst.dedup.records import PersonRecord

DUPLICATES: Final = ((1, 0.65), (2, 0.2), (3, 0.08), (4, 0.04), (5, 0.02), (6, 0.01))
_EPOCH: Final = dt.date(1960, 1, 1)
_DAYS: Final = (dt.date(2008, 12, 31) - _EPOCH).days


@dataclass(frozen=True, slots=True)
class Person:
    """A person as the truth has them (what records of them are made from)."""

    given: tuple[V, ...]
    family: V
    sex: str
    birthdate: dt.date
    nationality: str
    document: str
    script: dict[str, str] | None


def make_person(rng: random.Random) -> Person:
    """A person as the truth has them: usual spellings, exact date of birth."""
    origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
    sex = rng.choice(("female", "male"))
    pool = origin.female if sex == "female" else origin.male
    given = [pool.draw(rng)]
    if rng.random() < 0.8:
        # a father's name (Arabic, Tigrinya, Ukrainian patronymics) or a middle name
        second = origin.male.draw(rng)
        if second != given[0]:
            given.append(second)
    nationality = origin.nationality
    if nationality == "SY":
        nationality = rng.choice(ARABIC_NATIONALITIES)
    document = ""
    if rng.random() < 0.6:
        document = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**7):07d}"
    return Person(
        given=tuple(given),
        family=origin.family.draw(rng),
        sex=sex,
        birthdate=_EPOCH + dt.timedelta(days=rng.randrange(_DAYS)),
        nationality=nationality,
        document=document,
        script=origin.script,
    )


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(2, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _spell(rng: random.Random, name: V, person: Person, *, first: bool) -> str:
    if first:
        return name[0]
    if person.script and name[0] in person.script and rng.random() < 0.03:
        return person.script[name[0]]
    spelling = rng.choice(name) if rng.random() < 0.4 else name[0]
    if rng.random() < 0.04:
        spelling = _typo(rng, spelling)
    return spelling


def _birth(rng: random.Random, date: dt.date) -> tuple[dt.date | None, bool]:
    roll = rng.random()
    if roll < 0.08:
        return None, False
    if roll < 0.23:
        return dt.date(date.year, 1, 1), True
    if roll < 0.33:
        return dt.date(date.year, 1, 1), False
    if roll < 0.41:
        return dt.date(date.year + rng.choice((-1, 1)), 1, 1), True
    if roll < 0.44 and date.day <= 12 and date.day != date.month:
        return dt.date(date.year, date.day, date.month), False
    return date, False


def recorded(rng: random.Random, rid: str, person: Person, *, first: bool) -> PersonRecord:
    """The person as one clerk recorded them: as they are (`first`), or with the noise of a
    duplicate."""
    given = [_spell(rng, g, person, first=first) for g in person.given]
    if not first and len(given) > 1 and rng.random() < 0.3:
        given = given[:1]
    family = _spell(rng, person.family, person, first=first)
    given_text = " ".join(given)
    if not first and rng.random() < 0.05:
        given_text, family = family, given_text
    birthdate, year_only = (person.birthdate, False) if first else _birth(rng, person.birthdate)
    document = person.document
    if not first and document:
        roll = rng.random()
        if roll < 0.5:
            document = ""
        elif roll < 0.53:
            i = rng.randrange(1, len(document))
            document = document[:i] + str((int(document[i]) + 1) % 10) + document[i + 1 :]
    return PersonRecord(
        record_id=rid,
        given_name=given_text,
        family_name=family,
        birthdate=birthdate,
        birth_year_only=year_only,
        nationality="" if not first and rng.random() < 0.05 else person.nationality,
        document_number=document,
        sex="" if not first and rng.random() < 0.05 else person.sex,
    )


def generate(count: int, *, seed: int = 12) -> tuple[list[PersonRecord], dict[str, str]]:
    """`count` records and the truth (record id -> person id), shuffled."""
    rng = random.Random(seed)
    records: list[PersonRecord] = []
    truth: dict[str, str] = {}
    sizes, weights = zip(*DUPLICATES, strict=True)
    person_number = 0
    while len(records) < count:
        person = make_person(rng)
        pid = f"p{person_number}"
        person_number += 1
        copies = min(rng.choices(sizes, weights=weights)[0], count - len(records))
        for copy in range(copies):
            rid = f"r{len(records)}"
            records.append(recorded(rng, rid, person, first=copy == 0))
            truth[rid] = pid
    rng.shuffle(records)
    return records, truth


def iter_records(count: int, *, seed: int = 12) -> Iterator[PersonRecord]:
    records, _ = generate(count, seed=seed)
    yield from records


def without_truth(record: PersonRecord, rid: str) -> PersonRecord:
    return replace(record, record_id=rid)
