"""Keyed Bloom-filter encodings of person records (cryptographic long-term keys).

After Schnell, Bachteler and Reiher (2009), "Privacy-preserving record linkage using Bloom
filters": every feature of a record (the bigrams of each name, the year, month and day of birth,
sex, each nationality) sets `k` bits of one 1024-bit filter, and two filters of the same person
share most of their bits. Two choices harden the original:

* **Keyed random hashing.** A feature's bits come from HMAC-SHA256 under a key derived from the
  partners' shared secret, each position from fresh HMAC output, not from the double-hashing
  scheme (h1 + i * h2) that Kroll and Steinmetzer showed can be attacked. Without the secret
  nobody can compute which bits a name would set.
* **Names folded before hashing.** Each name token is transliterated and folded with
  `needsfirst.protect.names` (Mohammed, Muhammad and Mohamed share one skeleton), its bigrams
  hashed with the token's consonant key, so spelling variants of one name set most bits alike.

Names of all fields are pooled: a given name recorded as a family name still matches. Features
are hashed once per linkage run (a cache), so a million records take seconds, not minutes.

Block keys: two keyed 8-byte values per record (year of birth; consonant key of the family
name) that decide which pairs are compared. They repeat for everyone sharing a year or a family
name: see docs/linkage.md on what they tell a coordinator.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.records import LinkageRecord
from needsfirst.protect import names

FILTER_BITS = 1024
FILTER_BYTES = FILTER_BITS // 8
BLOCK_KEY_BYTES = 8
BLOCK_KEYS = 2
NO_BLOCK_KEY = bytes(BLOCK_KEY_BYTES)


@dataclass(frozen=True)
class EncodingSettings:
    """How many bits each kind of feature sets; written into every file and checked on match."""

    # Chosen on bench/linkage.py's generator (results in docs/linkage.md): the consonant key of a
    # token (one feature per name) carries more weight than its bigrams, because romanisations
    # of one name differ in vowels and doubled letters far more often than in consonants.
    name_bigram_bits: int = 8
    name_consonant_bits: int = 30
    year_bits: int = 40
    month_day_bits: int = 30
    sex_bits: int = 10
    nationality_bits: int = 10

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


DEFAULT_SETTINGS = EncodingSettings()


def _bigrams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


@lru_cache(maxsize=200_000)
def _name_features(name: str) -> tuple[tuple[str, ...], str]:
    """Features of one name field, and the consonant key of its first token (for blocking)."""
    tokens = names.tokenise(name)
    features: list[str] = []
    for token in tokens:
        folded = names.vowel_folded(token)
        features.extend(f"n:{bigram}" for bigram in _bigrams(folded))
        features.append(f"k:{names.consonant_key(token)}")
    first_key = names.consonant_key(tokens[0]) if tokens else ""
    return tuple(features), first_key


@dataclass
class Encoder:
    """Encodes records under one key; keeps the bits of each feature it has hashed."""

    key: LinkageKey
    settings: EncodingSettings = DEFAULT_SETTINGS
    _masks: dict[str, int] = field(default_factory=dict, repr=False)

    def _bits_for(self, feature: str) -> int:
        kind = feature[0]
        return {
            "n": self.settings.name_bigram_bits,
            "k": self.settings.name_consonant_bits,
            "y": self.settings.year_bits,
            "d": self.settings.month_day_bits,
            "s": self.settings.sex_bits,
            "c": self.settings.nationality_bits,
        }[kind]

    def _mask(self, feature: str) -> int:
        mask = self._masks.get(feature)
        if mask is None:
            mask = 0
            bits = self._bits_for(feature)
            counter = 0
            chosen = 0
            encoded = feature.encode("utf-8")
            while chosen < bits:
                digest = hmac.new(
                    self.key.bloom, encoded + counter.to_bytes(2, "big"), hashlib.sha256
                ).digest()
                counter += 1
                for offset in range(0, len(digest), 2):
                    if chosen == bits:
                        break
                    position = int.from_bytes(digest[offset : offset + 2], "big") % FILTER_BITS
                    mask |= 1 << position
                    chosen += 1
            self._masks[feature] = mask
        return mask

    def features(self, record: LinkageRecord) -> list[str]:
        features: list[str] = []
        for name in record.names:
            features.extend(_name_features(name)[0])
        if record.birth_year is not None:
            features.append(f"y:{record.birth_year}")
        if record.birth_month_day is not None:
            month, day = record.birth_month_day
            features.extend((f"d:m{month}", f"d:d{day}"))
        if record.sex:
            features.append(f"s:{record.sex}")
        features.extend(f"c:{code}" for code in record.nationalities)
        return features

    def filter_of(self, record: LinkageRecord) -> bytes:
        value = 0
        for feature in self.features(record):
            value |= self._mask(feature)
        return value.to_bytes(FILTER_BYTES, "little")

    def block_keys_of(self, record: LinkageRecord) -> bytes:
        keys = [NO_BLOCK_KEY, NO_BLOCK_KEY]
        if record.birth_year is not None:
            keys[0] = self._block_key(f"year:{record.birth_year}")
        family = record.family_name or (record.names[-1] if record.names else "")
        family_key = _name_features(family)[1] if family else ""
        if family_key:
            keys[1] = self._block_key(f"family:{family_key}")
        return b"".join(keys)

    def _block_key(self, text: str) -> bytes:
        return hmac.new(self.key.block, text.encode("utf-8"), hashlib.sha256).digest()[
            :BLOCK_KEY_BYTES
        ]

    def encode(self, records: Iterable[LinkageRecord]) -> tuple[bytearray, bytearray]:
        """Filters (128 bytes each) and block keys (16 bytes each), in record order."""
        filters = bytearray()
        block_keys = bytearray()
        for record in records:
            filters += self.filter_of(record)
            block_keys += self.block_keys_of(record)
        return filters, block_keys
