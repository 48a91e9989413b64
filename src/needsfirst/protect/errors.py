"""Typed errors of the protection core.

Every message here is safe to log: none of them ever contains key material, a plaintext, or a
whole token. Key *ids* may appear; they are one-way HKDF outputs and identify a key without
revealing it. Each error carries a stable `code` so the web layer can translate or map it.
"""

from __future__ import annotations

from enum import StrEnum

from needsfirst.errors import InputError


class ProtectErrorCode(StrEnum):
    NO_KEYS = "no_keys"
    BAD_KEY = "bad_key"
    DUPLICATE_KEY = "duplicate_key"
    MALFORMED_TOKEN = "malformed_token"
    UNKNOWN_KEY = "unknown_key"
    TAMPERED_TOKEN = "tampered_token"
    BAD_INDEX_CONFIGURATION = "bad_index_configuration"


class ProtectError(InputError):
    """Base class of every error raised by `needsfirst.protect`: the input (a key list, a token,
    an index configuration) is refused. `field` names the setting when there is one."""

    code: ProtectErrorCode

    def __init__(self, message: str, *, code: ProtectErrorCode, field: str = "") -> None:
        super().__init__(code, field, message)


class KeyConfigurationError(ProtectError):
    """The key list (usually FIELD_ENCRYPTION_KEYS) is missing or invalid."""


class DecryptionError(ProtectError):
    """A token could not be decrypted. Subclasses say why."""


class MalformedTokenError(DecryptionError):
    """The value is not a needsfirst token at all (wrong prefix, bad base64, too short)."""


class UnknownKeyError(DecryptionError):
    """The token was encrypted under a key that is no longer (or never was) in the key ring."""

    key_id: str

    def __init__(self, message: str, *, key_id: str) -> None:
        super().__init__(message, code=ProtectErrorCode.UNKNOWN_KEY)
        self.key_id = key_id


class TamperedTokenError(DecryptionError):
    """Authentication failed: the token was altered, truncated, or bound to another context."""
