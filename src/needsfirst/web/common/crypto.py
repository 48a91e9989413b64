"""The web layer's access to the key ring and the blind index (configured from settings)."""

from __future__ import annotations

from collections.abc import Iterable
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


def decrypt(token: str, *, context: str = "") -> str:
    return keyring().decrypt_text(token, context=context)


def name_tokens(names: Iterable[str]) -> set[str]:
    return blind_index().index_tokens(*[name for name in names if name])


def query_tokens(text: str) -> set[str]:
    return blind_index().query_tokens(text)


# A search looks up at most this many tokens: a long query (many names) is cut to its most
# specific keys (those joining several names first, then the heaviest), so its cost is bounded.
QUERY_TOKEN_CAP = 40


def search_tokens(text: str, *, cap: int = QUERY_TOKEN_CAP) -> list[str]:
    """The tokens to look up for a search, the most specific first, at most `cap` of them."""
    query = blind_index().build_query(text)
    ordered = sorted(
        query.keys.items(), key=lambda item: (-len(item[1].covers), -item[1].weight, item[0])
    )
    return [token for token, _key in ordered[:cap]]


def rank_candidates(text: str, candidates: dict[int, set[str]]) -> list[tuple[int, float]]:
    """Candidates (person id -> stored tokens) ranked by how well they match `text`, best first."""
    return blind_index().rank(text, candidates, minimum=MINIMUM_MATCH_SCORE)


# Below this share of matching keys a candidate is noise (one common token, such as "al").
MINIMUM_MATCH_SCORE = 0.3
