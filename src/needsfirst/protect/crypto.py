"""Field encryption at rest: a key ring of master keys, AES-256-GCM tokens with key ids.

Why AES-GCM with an explicit key id rather than MultiFernet: a Fernet token does not say which
key made it, so `needs_rotation` and "which key is missing?" would need trial decryption with
every key, and Fernet embeds a clear-text timestamp of when each field was written. Here a token
names its key id (a one-way HKDF output, not the key), so rotation checks are a header read and
an unknown key gives a precise, typed error.

Token layout (binary, version 1)::

    b"NF" | 0x01 | key id (4 bytes) | nonce (12 bytes) | AES-256-GCM(ciphertext || tag 16 bytes)

The 7-byte header and an optional caller `context` (for example "person.family_name") are the
associated data, so a token cannot be moved to another field or have its key id swapped without
failing authentication. Plaintexts are padded (PKCS#7) to a multiple of 32 bytes before
encryption so the column does not reveal the exact length of a name. Text tokens are this blob
in URL-safe base64 without padding, prefixed with ``nf1:``; they are pure ASCII.

Each master key in FIELD_ENCRYPTION_KEYS is never used directly: HKDF-SHA256 derives separate
sub-keys for encryption, for the blind index and for the key id, each under its own info label,
so the index key never equals the encryption key and leaking one does not give the other.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from needsfirst.protect.errors import (
    KeyConfigurationError,
    MalformedTokenError,
    ProtectErrorCode,
    TamperedTokenError,
    UnknownKeyError,
)

ENV_VARIABLE = "FIELD_ENCRYPTION_KEYS"
KEY_BYTES = 32
TEXT_PREFIX = "nf1:"

_MAGIC = b"NF"
_VERSION = 1
_KEY_ID_BYTES = 4
_NONCE_BYTES = 12
_TAG_BYTES = 16
_HEADER_BYTES = len(_MAGIC) + 1 + _KEY_ID_BYTES
_PAD_BITS = 256  # pad to 32-byte blocks: hides the exact length of short fields such as names
_PAD_BYTES = _PAD_BITS // 8

# HKDF info labels. Changing any of them changes every derived key: treat them as frozen.
_INFO_ENCRYPTION = b"needsfirst/v1/field-encryption"
_INFO_BLIND_INDEX = b"needsfirst/v1/blind-index"
_INFO_KEY_ID = b"needsfirst/v1/key-id"
_HKDF_SALT = b"needsfirst field protection"


def generate_key() -> str:
    """Return a fresh random master key: 32 bytes from the OS CSPRNG, URL-safe base64 encoded.

    The format is the same as `cryptography.fernet.Fernet.generate_key()`, so keys made by either
    tool work in FIELD_ENCRYPTION_KEYS.
    """
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _derive(master: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=_HKDF_SALT, info=info).derive(master)


def _decode_key(text: str, position: int) -> bytes:
    """Decode one configured key; errors name its 1-based position, never its value."""
    stripped = text.strip()
    if not stripped:
        raise KeyConfigurationError(
            f"key #{position} of {ENV_VARIABLE} is empty (check for a stray comma)",
            code=ProtectErrorCode.BAD_KEY,
        )
    padded = stripped + "=" * (-len(stripped) % 4)
    try:
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise KeyConfigurationError(
            f"key #{position} of {ENV_VARIABLE} is not URL-safe base64; "
            "generate keys with `needsfirst.protect.crypto.generate_key()`",
            code=ProtectErrorCode.BAD_KEY,
        ) from None
    if len(raw) != KEY_BYTES:
        raise KeyConfigurationError(
            f"key #{position} of {ENV_VARIABLE} decodes to {len(raw)} bytes; "
            f"a key must be exactly {KEY_BYTES} bytes",
            code=ProtectErrorCode.BAD_KEY,
        )
    if len(set(raw)) == 1:
        raise KeyConfigurationError(
            f"key #{position} of {ENV_VARIABLE} is a single repeated byte, "
            "which looks like a placeholder rather than a random key",
            code=ProtectErrorCode.BAD_KEY,
        )
    return raw


@dataclass(frozen=True, slots=True, repr=False)
class _Key:
    key_id: bytes
    aead: AESGCM
    index_key: bytes

    @classmethod
    def from_master(cls, master: bytes) -> _Key:
        return cls(
            key_id=_derive(master, _INFO_KEY_ID, _KEY_ID_BYTES),
            aead=AESGCM(_derive(master, _INFO_ENCRYPTION)),
            index_key=_derive(master, _INFO_BLIND_INDEX),
        )


@dataclass(frozen=True, slots=True)
class TokenHeader:
    """What a token says about itself without decrypting it."""

    version: int
    key_id: str


class KeyRing:
    """An ordered set of master keys, newest first. The first key encrypts; all keys decrypt.

    Build it with `KeyRing.from_env()` (reads FIELD_ENCRYPTION_KEYS), `KeyRing.parse(text)` or
    `KeyRing(keys)` with raw 32-byte keys or their URL-safe base64 text.
    """

    __slots__ = ("_by_hex", "_by_id", "_keys")

    def __init__(self, keys: Sequence[bytes | str]) -> None:
        if not keys:
            raise KeyConfigurationError(
                f"no encryption keys configured: set {ENV_VARIABLE} to one or more keys "
                "(comma-separated, newest first)",
                code=ProtectErrorCode.NO_KEYS,
            )
        derived: list[_Key] = []
        for position, key in enumerate(keys, start=1):
            if isinstance(key, str):
                raw = _decode_key(key, position)
            else:
                if len(key) != KEY_BYTES:
                    raise KeyConfigurationError(
                        f"key #{position} is {len(key)} bytes; a key must be exactly "
                        f"{KEY_BYTES} bytes",
                        code=ProtectErrorCode.BAD_KEY,
                    )
                raw = bytes(key)
            derived.append(_Key.from_master(raw))
        by_id: dict[bytes, _Key] = {}
        for position, key_obj in enumerate(derived, start=1):
            if key_obj.key_id in by_id:
                raise KeyConfigurationError(
                    f"key #{position} repeats an earlier key (key id {key_obj.key_id.hex()}); "
                    "list each key once",
                    code=ProtectErrorCode.DUPLICATE_KEY,
                )
            by_id[key_obj.key_id] = key_obj
        self._keys: tuple[_Key, ...] = tuple(derived)
        self._by_id: dict[bytes, _Key] = by_id
        # The blind index names its key by the hex id: looked up once per token (25 a name).
        self._by_hex: dict[str, _Key] = {key_id.hex(): key for key_id, key in by_id.items()}

    @classmethod
    def parse(cls, value: str) -> KeyRing:
        """Build a ring from comma-separated URL-safe base64 keys, newest first."""
        if not value.strip():
            return cls([])
        return cls(value.split(","))

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, variable: str = ENV_VARIABLE
    ) -> KeyRing:
        """Build a ring from the environment variable (FIELD_ENCRYPTION_KEYS by default)."""
        env = os.environ if environ is None else environ
        return cls.parse(env.get(variable, ""))

    def __repr__(self) -> str:
        return f"KeyRing(key_ids={list(self.key_ids)!r})"

    def __reduce__(self) -> tuple[object, ...]:
        # Refuse pickling: a pickled ring would put every key into a cache, queue or log.
        raise TypeError("KeyRing cannot be pickled; rebuild it from the environment")

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Hex key ids, newest first. Safe to log and to show to operators."""
        return tuple(k.key_id.hex() for k in self._keys)

    @property
    def primary_key_id(self) -> str:
        """Key id of the newest key, which encrypts everything new."""
        return self._keys[0].key_id.hex()

    # -- bytes -------------------------------------------------------------------------------

    def encrypt_bytes(self, data: bytes, *, context: str = "") -> bytes:
        """Encrypt and authenticate `data` under the newest key; return a binary token.

        `context` is authenticated but not stored: decryption must pass the same value. Use the
        field's name so a ciphertext cannot be copied into another column unnoticed.
        """
        return self.encrypt_many_bytes([data], context=context)[0]

    def encrypt_many_bytes(self, items: Sequence[bytes], *, context: str = "") -> list[bytes]:
        """`encrypt_bytes` of each item (a fresh nonce each), with the per-call work done once:
        the header, the associated data and one read of the OS random source for every nonce.
        A bulk import encrypts millions of fields; this is about three times faster a field."""
        key = self._keys[0]
        header = _MAGIC + bytes([_VERSION]) + key.key_id
        associated = header + context.encode("utf-8")
        nonces = os.urandom(_NONCE_BYTES * len(items))
        encrypt = key.aead.encrypt
        sealed = []
        for position, data in enumerate(items):
            nonce = nonces[position * _NONCE_BYTES : (position + 1) * _NONCE_BYTES]
            sealed.append(header + nonce + encrypt(nonce, _pad(data), associated))
        return sealed

    def decrypt_bytes(self, token: bytes, *, context: str = "") -> bytes:
        """Decrypt a binary token from `encrypt_bytes`.

        Raises `MalformedTokenError`, `UnknownKeyError` (key removed from the ring) or
        `TamperedTokenError` (altered token or different `context`).
        """
        header = self.inspect_bytes(token)
        key = self._by_id.get(bytes.fromhex(header.key_id))
        if key is None:
            raise UnknownKeyError(
                f"token was encrypted under key id {header.key_id}, which is not in the key "
                f"ring (ring has {', '.join(self.key_ids)}); restore that key to "
                f"{ENV_VARIABLE} to read it",
                key_id=header.key_id,
            )
        nonce = token[_HEADER_BYTES : _HEADER_BYTES + _NONCE_BYTES]
        sealed = token[_HEADER_BYTES + _NONCE_BYTES :]
        try:
            padded = key.aead.decrypt(
                nonce, sealed, token[:_HEADER_BYTES] + context.encode("utf-8")
            )
        except InvalidTag:
            raise TamperedTokenError(
                f"token under key id {header.key_id} failed authentication: it was altered, "
                "truncated, or belongs to another field",
                code=ProtectErrorCode.TAMPERED_TOKEN,
            ) from None
        unpadder = padding.PKCS7(_PAD_BITS).unpadder()
        try:
            return unpadder.update(padded) + unpadder.finalize()
        except ValueError:  # authenticated but badly padded: only a bug could do this
            raise TamperedTokenError(
                "token decrypted but its padding is invalid",
                code=ProtectErrorCode.TAMPERED_TOKEN,
            ) from None

    def inspect_bytes(self, token: bytes) -> TokenHeader:
        """Read a binary token's header (version, key id) without decrypting it."""
        if len(token) < _HEADER_BYTES + _NONCE_BYTES + _TAG_BYTES or not token.startswith(_MAGIC):
            raise MalformedTokenError(
                "value is not a needsfirst encrypted token (wrong prefix or too short)",
                code=ProtectErrorCode.MALFORMED_TOKEN,
            )
        version = token[len(_MAGIC)]
        if version != _VERSION:
            raise MalformedTokenError(
                f"token format version {version} is not supported",
                code=ProtectErrorCode.MALFORMED_TOKEN,
            )
        return TokenHeader(version=version, key_id=token[len(_MAGIC) + 1 : _HEADER_BYTES].hex())

    def rotate_bytes(self, token: bytes, *, context: str = "") -> bytes:
        """Return `token` re-encrypted under the newest key (unchanged if already there)."""
        if not self.needs_rotation(token):
            return token
        return self.encrypt_bytes(self.decrypt_bytes(token, context=context), context=context)

    # -- text --------------------------------------------------------------------------------

    def encrypt_text(self, plaintext: str, *, context: str = "") -> str:
        """Encrypt a string; return an ASCII token (``nf1:...``) fit for a text column."""
        return self.encrypt_many_texts([plaintext], context=context)[0]

    def encrypt_many_texts(self, plaintexts: Sequence[str], *, context: str = "") -> list[str]:
        """`encrypt_text` of each string, in one call (see `encrypt_many_bytes`)."""
        blobs = self.encrypt_many_bytes(
            [text.encode("utf-8") for text in plaintexts], context=context
        )
        encode = base64.urlsafe_b64encode
        return [TEXT_PREFIX + encode(blob).rstrip(b"=").decode("ascii") for blob in blobs]

    def decrypt_text(self, token: str, *, context: str = "") -> str:
        """Decrypt a text token from `encrypt_text`. Raises the errors of `decrypt_bytes`."""
        data = self.decrypt_bytes(_text_to_blob(token), context=context)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:  # authenticated bytes that are not text: a bytes token
            raise MalformedTokenError(
                "token holds bytes, not text; use decrypt_bytes",
                code=ProtectErrorCode.MALFORMED_TOKEN,
            ) from None

    def rotate(self, token: str, *, context: str = "") -> str:
        """Return a text token re-encrypted under the newest key (unchanged if already there).

        Raises `UnknownKeyError` if the token's key has already been removed from the ring.
        """
        if not self.needs_rotation(token):
            return token
        return self.encrypt_text(self.decrypt_text(token, context=context), context=context)

    def needs_rotation(self, token: str | bytes) -> bool:
        """True if the token was not encrypted under the newest key. Does not decrypt."""
        return self.inspect(token).key_id != self.primary_key_id

    def inspect(self, token: str | bytes) -> TokenHeader:
        """Read the header of a text or binary token without decrypting it."""
        blob = _text_to_blob(token) if isinstance(token, str) else token
        return self.inspect_bytes(blob)

    # -- blind index support -----------------------------------------------------------------

    def index_hmac(self, message: bytes, *, key_id: str | None = None) -> bytes:
        """HMAC-SHA256 of `message` under the blind-index sub-key of a key (newest by default).

        The index sub-key stays inside the ring; only HMAC outputs leave it.
        """
        if key_id is None:
            key = self._keys[0]
        else:
            found = self._by_hex.get(key_id)
            if found is None:
                raise UnknownKeyError(f"key id {key_id} is not in the key ring", key_id=key_id)
            key = found
        # One call into OpenSSL (an import computes about 25 of these a person).
        return hmac.digest(key.index_key, message, "sha256")


def _pad(data: bytes) -> bytes:
    """PKCS#7 padding to a multiple of 32 bytes (1 to 32 bytes added, each the count added)."""
    count = _PAD_BYTES - len(data) % _PAD_BYTES
    return data + bytes((count,)) * count


def is_text_token(value: str) -> bool:
    """True if `value` looks like a text token (has the prefix). Does not authenticate it."""
    return value.startswith(TEXT_PREFIX)


def _text_to_blob(token: str) -> bytes:
    if not token.startswith(TEXT_PREFIX):
        raise MalformedTokenError(
            f"value is not a needsfirst text token (expected the {TEXT_PREFIX!r} prefix)",
            code=ProtectErrorCode.MALFORMED_TOKEN,
        )
    body = token[len(TEXT_PREFIX) :]
    try:
        return base64.b64decode(
            (body + "=" * (-len(body) % 4)).encode("ascii"), altchars=b"-_", validate=True
        )
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise MalformedTokenError(
            "text token is not valid URL-safe base64",
            code=ProtectErrorCode.MALFORMED_TOKEN,
        ) from None
