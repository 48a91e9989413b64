"""The one reader of key files: hex or base64 text, and a refusal that never shows the key."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest

from needsfirst.linkage.errors import LinkageInputError
from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.keys import decode_secret as linkage_decode
from needsfirst.protect.keyfile import SecretTextError, decode_secret, read_secret_file


def test_hex_and_base64_give_the_same_bytes() -> None:
    key = secrets.token_bytes(32)
    assert decode_secret(key.hex()) == key
    assert decode_secret(base64.b64encode(key).decode() + "\n") == key


def test_text_that_is_neither_is_refused_without_showing_it() -> None:
    with pytest.raises(SecretTextError) as caught:
        decode_secret("not a key!")
    assert "not a key" not in str(caught.value)
    assert "neither hex nor base64" in str(caught.value)


def test_a_file_is_read_and_a_missing_or_binary_file_refused(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    good = tmp_path / "key"
    good.write_text(key.hex() + "\n", encoding="ascii")
    assert read_secret_file(good) == key
    with pytest.raises(SecretTextError, match="cannot be read"):
        read_secret_file(tmp_path / "missing")
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SecretTextError, match="cannot be read"):
        read_secret_file(binary)


def test_linkage_keys_read_through_it_and_name_the_field(tmp_path: Path) -> None:
    secret = secrets.token_bytes(32)
    path = tmp_path / "link.key"
    path.write_text(base64.b64encode(secret).decode(), encoding="ascii")
    assert LinkageKey.from_file(path) == LinkageKey.from_secret(secret)
    with pytest.raises(LinkageInputError) as caught:
        linkage_decode("%%%")
    assert caught.value.field == "key"
    with pytest.raises(LinkageInputError):
        LinkageKey.from_file(tmp_path / "missing")
