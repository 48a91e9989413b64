"""The web layer's access to the key ring and the blind index (configured from settings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from needsfirst.protect.blind_index import BlindIndex
from needsfirst.protect.crypto import KeyRing


@lru_cache(maxsize=4)
def _keyring(keys: tuple[str, ...]) -> KeyRing:
    if not keys:
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS (see docs/security.md).")
    return KeyRing(keys)


def keyring() -> KeyRing:
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS))


NAME_INDEX_FIELD = "person.name"


@lru_cache(maxsize=4)
def _blind_index(keys: tuple[str, ...]) -> BlindIndex:
    return BlindIndex(_keyring(keys), field=NAME_INDEX_FIELD)


def blind_index() -> BlindIndex:
    return _blind_index(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str, *, context: str = "") -> str:
    return keyring().encrypt_text(text, context=context)


def encrypt_many(texts: Sequence[str], *, context: str = "") -> list[str]:
    """`encrypt` of each text in one call: what a bulk write uses (`common.bulk`)."""
    return keyring().encrypt_many_texts(texts, context=context)


def decrypt(token: str, *, context: str = "") -> str:
    return keyring().decrypt_text(token, context=context)


def name_tokens(names: Iterable[str]) -> set[str]:
    given = [name for name in names if name]
    # A person may have no name on record (a case handed over without its identity section).
    return blind_index().index_tokens(*given) if given else set()


@lru_cache(maxsize=4)
def _blind_indexes(keys: tuple[str, ...]) -> tuple[BlindIndex, ...]:
    ring = _keyring(keys)
    return tuple(BlindIndex(ring, field=NAME_INDEX_FIELD, key_id=key_id) for key_id in ring.key_ids)


def search_indexes() -> tuple[BlindIndex, ...]:
    """The index of every key in the ring, newest first. While a rotation runs, a person's stored
    tokens are under the old key until the person is re-indexed, so a search looks under every
    key of the ring; with one key (the usual case) this is the one index."""
    return _blind_indexes(tuple(settings.FIELD_ENCRYPTION_KEYS))


def query_tokens(text: str) -> set[str]:
    tokens: set[str] = set()
    for index in search_indexes():
        tokens |= index.query_tokens(text)
    return tokens


# A search looks up at most this many tokens: a long query (many names) is cut to its most
# specific keys (those joining several names first, then the heaviest), so its cost is bounded.
QUERY_TOKEN_CAP = 40


def search_tokens(text: str, *, cap: int = QUERY_TOKEN_CAP) -> list[str]:
    """The tokens to look up for a search, the most specific first, at most `cap` of them (per
    key of the ring: during a rotation the old key's tokens are looked up too)."""
    tokens: list[str] = []
    for index in search_indexes():
        query = index.build_query(text)
        ordered = sorted(
            query.keys.items(), key=lambda item: (-len(item[1].covers), -item[1].weight, item[0])
        )
        tokens += [token for token, _key in ordered[:cap]]
    return tokens


def rank_candidates(text: str, candidates: dict[int, set[str]]) -> list[tuple[int, float]]:
    """Candidates (person id -> stored tokens) ranked by how well they match `text`, best first."""
    indexes = search_indexes()
    if len(indexes) == 1:
        return indexes[0].rank(text, candidates, minimum=MINIMUM_MATCH_SCORE)
    best: dict[int, float] = {}
    for index in indexes:
        for person_id, score in index.rank(text, candidates, minimum=MINIMUM_MATCH_SCORE):
            best[person_id] = max(score, best.get(person_id, 0.0))
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))


# Below this share of matching keys a candidate is noise (one common token, such as "al").
MINIMUM_MATCH_SCORE = 0.3
