"""Blind index: keyed, truncated tokens of name matching keys, so encrypted names stay searchable.

A token is ``HMAC-SHA256(index key, field label, key)`` truncated to `token_hex_chars` hex
characters. The index key is the key ring's blind-index sub-key (HKDF, separate from the
encryption sub-key). The field label separates domains: the same name in ``person.name`` and in
``contact.name`` gives unrelated tokens, so the two tables cannot be joined on tokens.

Storage the web layer is expected to use: a table ``(record id, token)`` with an index on
``token``. A search computes `query_tokens`, selects rows with ``token IN (...)``, groups them by
record and ranks with `NameQuery.score` (see `BlindIndex.rank`). Only tokens ever reach the
database; the clear matching keys exist only in memory.

Truncation trade-off: 16 hex characters (64 bits, the default) make accidental collisions
negligible for any realistic number of distinct keys. Shorter tokens create collisions (false
candidates, fixed by re-ranking decrypted names in memory) and blur which records share a name,
but only when they are short enough (about 4-5 hex characters) that many distinct keys share
each token; in between, they buy nothing. See docs/security-blind-index.md.

Rotation: tokens depend on the index key, so when a new key is put first in the ring every
stored token must be recomputed from the decrypted names (`reindex`). During the re-index, query
with both the old and new key (`BlindIndex(..., key_id=old)`), then drop the old tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from needsfirst.protect.crypto import KeyRing
from needsfirst.protect.errors import KeyConfigurationError, ProtectErrorCode
from needsfirst.protect.names import NameQuery, build_query, index_keys, rank

K = TypeVar("K")

DEFAULT_TOKEN_HEX_CHARS = 16
MIN_TOKEN_HEX_CHARS = 4
MAX_TOKEN_HEX_CHARS = 64


class BlindIndex:
    """Keyed search tokens for one field (e.g. ``"person.name"``) under one key of a ring."""

    __slots__ = ("_field", "_hex_chars", "_key_id", "_keyring", "_prefix")

    def __init__(
        self,
        keyring: KeyRing,
        *,
        field: str,
        token_hex_chars: int = DEFAULT_TOKEN_HEX_CHARS,
        key_id: str | None = None,
    ) -> None:
        if not field or "\x00" in field:
            raise KeyConfigurationError(
                "a blind index needs a non-empty field label without NUL characters",
                code=ProtectErrorCode.BAD_INDEX_CONFIGURATION,
            )
        if not MIN_TOKEN_HEX_CHARS <= token_hex_chars <= MAX_TOKEN_HEX_CHARS:
            raise KeyConfigurationError(
                f"token_hex_chars must be between {MIN_TOKEN_HEX_CHARS} and "
                f"{MAX_TOKEN_HEX_CHARS}, not {token_hex_chars}",
                code=ProtectErrorCode.BAD_INDEX_CONFIGURATION,
            )
        self._keyring = keyring
        self._field = field
        self._hex_chars = token_hex_chars
        self._prefix = b"needsfirst-blind-index\x00" + field.encode() + b"\x00"
        self._key_id = keyring.primary_key_id if key_id is None else key_id
        keyring.index_hmac(b"", key_id=self._key_id)  # fail now if the key id is unknown

    def __repr__(self) -> str:
        return f"BlindIndex(field={self._field!r}, key_id={self._key_id!r})"

    @property
    def field(self) -> str:
        return self._field

    @property
    def key_id(self) -> str:
        """Id of the key whose index sub-key makes these tokens; store it to track re-indexing."""
        return self._key_id

    def token(self, key: str) -> str:
        """The keyed token of one clear matching key (``kind:value``)."""
        message = self._prefix + key.encode()
        digest = self._keyring.index_hmac(message, key_id=self._key_id)
        return digest.hex()[: self._hex_chars]

    def index_tokens(self, full_name: str, *aliases: str) -> set[str]:
        """Tokens to store for a person known by `full_name` and any `aliases`."""
        return {self.token(key) for key in index_keys(full_name, *aliases)}

    def build_query(self, search_text: str) -> NameQuery:
        """A keyed query: look up `.tokens`, then `.score()` each candidate's stored tokens."""
        return build_query(search_text, transform=self.token)

    def query_tokens(self, search_text: str) -> set[str]:
        """Tokens to look up for a search (``WHERE token IN (...)``)."""
        return self.build_query(search_text).tokens

    def rank(
        self,
        search_text: str,
        candidates: Mapping[K, Iterable[str]],
        *,
        minimum: float = 0.0,
    ) -> list[tuple[K, float]]:
        """Rank candidates (record id -> their stored tokens), best first, score in [0, 1]."""
        return rank(self.build_query(search_text), candidates, minimum=minimum)


def reindex(
    index: BlindIndex, names: Iterable[tuple[K, Sequence[str]]]
) -> Iterator[tuple[K, set[str]]]:
    """Recompute tokens under `index` (usually the newest key) from decrypted names.

    `names` yields (record id, [full name, alias, ...]) with the names already decrypted; the
    caller replaces each record's stored tokens with the yielded set in one transaction per
    batch. Lazy, so a large table can be streamed without holding clear names in memory.
    """
    for record_id, record_names in names:
        if not record_names:
            yield record_id, set()
            continue
        yield record_id, index.index_tokens(record_names[0], *record_names[1:])
