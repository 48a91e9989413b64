"""The linkage secret shared among partner organisations, and the keys derived from it.

The partners agree on one secret (at least 32 random bytes) outside needsfirst and never send it
to the coordinator. HKDF derives one key per use, so that a key used for the Bloom filters is
never the key used for block keys or for the fingerprint written into every file. The
fingerprint lets a coordinator refuse to compare files made with different secrets without
learning anything about the secret (it is an HMAC output).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from needsfirst.linkage.errors import LinkageErrorCode, LinkageInputError
from needsfirst.protect import keyfile

MINIMUM_SECRET_BYTES = 32
_FINGERPRINT_LABEL = b"needsfirst linkage fingerprint"


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"needsfirst-linkage-v1", info=purpose
    ).derive(secret)


@dataclass(frozen=True, repr=False)
class LinkageKey:
    """Keys for one linkage round. `repr` never shows key material."""

    bloom: bytes
    block: bytes
    fingerprint: str

    @classmethod
    def from_secret(cls, secret: bytes) -> LinkageKey:
        if len(secret) < MINIMUM_SECRET_BYTES:
            raise LinkageInputError(
                "key",
                LinkageErrorCode.KEY_TOO_SHORT,
                f"the shared secret must hold at least {MINIMUM_SECRET_BYTES} bytes",
                {"minimum": MINIMUM_SECRET_BYTES},
            )
        fingerprint_key = _derive(secret, b"fingerprint")
        fingerprint = hmac.new(fingerprint_key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()
        return cls(
            bloom=_derive(secret, b"bloom filter"),
            block=_derive(secret, b"block key"),
            fingerprint=fingerprint[:16],
        )

    @classmethod
    def from_file(cls, path: Path) -> LinkageKey:
        """A key file holds the secret as base64 or hex text (as `link keygen` writes it)."""
        try:
            secret = keyfile.read_secret_file(path)
        except keyfile.SecretTextError as error:
            raise LinkageInputError("key", LinkageErrorCode.INVALID, str(error)) from error
        return cls.from_secret(secret)

    def __repr__(self) -> str:
        return f"LinkageKey(fingerprint={self.fingerprint!r})"


def decode_secret(text: str) -> bytes:
    """The secret from its hex or base64 text; refused, naming the key, if neither."""
    try:
        return keyfile.decode_secret(text)
    except keyfile.SecretTextError as error:
        raise LinkageInputError("key", LinkageErrorCode.INVALID, str(error)) from error
