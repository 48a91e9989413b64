"""A sealed stream: a long byte stream encrypted and authenticated in chunks (for backups).

AES-256-GCM over chunks of at most 1 MiB, after the STREAM construction of Hoang, Reyhanitabar,
Rogaway and Vizár (2015): each chunk's nonce is a random 8-byte prefix and the chunk's number,
and the associated data says whether the chunk is the last one. A reordered, dropped, repeated
or truncated chunk fails authentication, as does a changed header: the clear header (format,
version, the key's fingerprint and whatever the caller adds, never personal data) is bound to
every chunk. The key is 32 random bytes kept apart from the data it protects; its fingerprint
(an HMAC output) tells which key a file needs without revealing it.

Layout::

    b"NFSEAL1\\n" | header length (4 bytes) | header (JSON) | prefix (8 bytes) |
    { chunk length (4 bytes) | AES-256-GCM(chunk) }*
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from needsfirst.protect.errors import ProtectError, ProtectErrorCode

MAGIC = b"NFSEAL1\n"
KEY_BYTES = 32
CHUNK_BYTES = 1 << 20
_LENGTH = struct.Struct(">I")
_MAXIMUM_HEADER = 1 << 20
_TAG_BYTES = 16


def key_fingerprint(key: bytes) -> str:
    return hmac.new(key, b"needsfirst sealed stream key", hashlib.sha256).hexdigest()[:16]


def _check_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise ProtectError(
            f"a sealing key is {KEY_BYTES} random bytes", code=ProtectErrorCode.BAD_KEY, field="key"
        )


def _associated(header_bytes: bytes, index: int, final: bool) -> bytes:
    return hashlib.sha256(header_bytes).digest() + struct.pack(">Q?", index, final)


class SealedWriter:
    """Write a sealed stream: `write` any number of times, then `close` (which seals the end)."""

    def __init__(self, stream: BinaryIO, key: bytes, header: dict[str, Any]) -> None:
        _check_key(key)
        self._stream = stream
        self._aead = AESGCM(key)
        self._prefix = os.urandom(8)
        self._header_bytes = json.dumps(
            {**header, "key_fingerprint": key_fingerprint(key)}, sort_keys=True
        ).encode("utf-8")
        self._buffer = bytearray()
        self._index = 0
        stream.write(MAGIC + _LENGTH.pack(len(self._header_bytes)) + self._header_bytes)
        stream.write(self._prefix)

    def _seal(self, chunk: bytes, final: bool) -> None:
        nonce = self._prefix + struct.pack(">I", self._index)
        sealed = self._aead.encrypt(
            nonce, chunk, _associated(self._header_bytes, self._index, final)
        )
        self._stream.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]

    def close(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()


def _refuse(message: str) -> ProtectError:
    return ProtectError(message, code=ProtectErrorCode.TAMPERED_TOKEN, field="file")


def read_header(stream: BinaryIO) -> tuple[dict[str, Any], bytes]:
    if stream.read(len(MAGIC)) != MAGIC:
        raise ProtectError(
            "not a needsfirst sealed file", code=ProtectErrorCode.MALFORMED_TOKEN, field="file"
        )
    length_bytes = stream.read(_LENGTH.size)
    if len(length_bytes) != _LENGTH.size:
        raise _refuse("the file ends inside its header")
    (length,) = _LENGTH.unpack(length_bytes)
    if length > _MAXIMUM_HEADER:
        raise _refuse("the header is too long")
    header_bytes = stream.read(length)
    try:
        header = json.loads(header_bytes)
    except ValueError:
        raise _refuse("the header is not readable") from None
    if not isinstance(header, dict):
        raise _refuse("the header is not readable")
    return header, header_bytes


def open_sealed(stream: BinaryIO, key: bytes) -> tuple[dict[str, Any], Iterator[bytes]]:
    """The header and the clear chunks, each checked before it is yielded; the end is checked
    too (a file cut after a whole chunk fails, because its last chunk is not marked final)."""
    _check_key(key)
    header, header_bytes = read_header(stream)
    if header.get("key_fingerprint") != key_fingerprint(key):
        raise ProtectError(
            f"this file was sealed with key {header.get('key_fingerprint')}, "
            f"not with key {key_fingerprint(key)}",
            code=ProtectErrorCode.UNKNOWN_KEY,
            field="key",
        )
    prefix = stream.read(8)
    if len(prefix) != 8:
        raise _refuse("the file ends before its first chunk")
    return header, _chunks(stream, AESGCM(key), prefix, header_bytes)


def _open_chunk(
    aead: AESGCM, nonce: bytes, sealed: bytes, header_bytes: bytes, index: int
) -> tuple[bytes, bool]:
    """The clear chunk and whether it is the last one; refused if neither reading holds."""
    for final in (False, True):
        try:
            return aead.decrypt(nonce, sealed, _associated(header_bytes, index, final)), final
        except InvalidTag:
            continue
    raise _refuse(f"chunk {index} was changed or is out of place")


def _chunks(stream: BinaryIO, aead: AESGCM, prefix: bytes, header_bytes: bytes) -> Iterator[bytes]:
    index = 0
    while True:
        length_bytes = stream.read(_LENGTH.size)
        if len(length_bytes) != _LENGTH.size:
            raise _refuse("the file is cut short: its last chunk is missing")
        (length,) = _LENGTH.unpack(length_bytes)
        if length > CHUNK_BYTES + _TAG_BYTES:
            raise _refuse("a chunk is longer than the format allows")
        nonce = prefix + struct.pack(">I", index)
        clear, final = _open_chunk(aead, nonce, stream.read(length), header_bytes, index)
        yield clear
        if final:
            if stream.read(1):
                raise _refuse("data follows the last chunk")
            return
        index += 1
