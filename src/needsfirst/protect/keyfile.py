"""Secret keys written as text: the one reader of every key file of needsfirst (backup keys,
linkage keys). A key file holds random bytes as hex or as base64 text, as `openssl rand -hex 32`
or `link keygen` write them. No message here ever holds key material."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path


class SecretTextError(ValueError):
    """The text or the file holds no key: the message says why, never what was read."""


def decode_secret(text: str) -> bytes:
    """The bytes of a key written as hex or base64 text (surrounding whitespace ignored); hex is
    tried first, so a text that is both (e.g. "abcd") reads as hex."""
    text = text.strip()
    try:
        return bytes.fromhex(text)
    except ValueError:
        pass
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SecretTextError("the key is neither hex nor base64 text") from error


def read_secret_file(path: Path) -> bytes:
    """The key held in a file, decoded as `decode_secret` does."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise SecretTextError(f"the key file cannot be read: {type(error).__name__}") from error
    return decode_secret(text)
