"""Protection of personal data at rest: field encryption, key rotation, blind-index name search.

Pure Python, no Django: the web layer wraps these in model fields. See
docs/security-blind-index.md for the design, the rotation procedure and what the index reveals.
"""

from needsfirst.protect.blind_index import BlindIndex, reindex
from needsfirst.protect.crypto import KeyRing, generate_key, is_text_token
from needsfirst.protect.errors import (
    DecryptionError,
    KeyConfigurationError,
    MalformedTokenError,
    ProtectError,
    ProtectErrorCode,
    TamperedTokenError,
    UnknownKeyError,
)
from needsfirst.protect.names import NameQuery, clean_name, name_similarity, normalise

__all__ = [
    "BlindIndex",
    "DecryptionError",
    "KeyConfigurationError",
    "KeyRing",
    "MalformedTokenError",
    "NameQuery",
    "ProtectError",
    "ProtectErrorCode",
    "TamperedTokenError",
    "UnknownKeyError",
    "clean_name",
    "generate_key",
    "is_text_token",
    "name_similarity",
    "normalise",
    "reindex",
]
