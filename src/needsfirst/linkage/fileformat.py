"""The encoding file an organisation sends to the coordinator.

Layout: the line ``NFLINK``, one line of JSON (format version, key fingerprint, encoding
settings, number of records), then every record's 128-byte filter, then every record's block
keys. Records are in the order of the organisation's own file and carry no identifier: a link
names row numbers, which only the organisation can map back to its people. A file made with
another secret or another format version is refused with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from needsfirst.linkage.encoding import (
    BLOCK_KEY_BYTES,
    BLOCK_KEYS,
    FILTER_BITS,
    FILTER_BYTES,
    EncodingSettings,
)
from needsfirst.linkage.errors import LinkageErrorCode, LinkageInputError

MAGIC = b"NFLINK\n"
FORMAT = "needsfirst-linkage"
FORMAT_VERSION = 1
MAXIMUM_HEADER_BYTES = 4096
MAXIMUM_RECORDS = 50_000_000


@dataclass(frozen=True)
class Encodings:
    key_fingerprint: str
    settings: dict[str, int]
    filters: bytes
    block_keys: bytes

    @property
    def count(self) -> int:
        return len(self.filters) // FILTER_BYTES

    def filter(self, index: int) -> bytes:
        return self.filters[index * FILTER_BYTES : (index + 1) * FILTER_BYTES]

    def block_key(self, index: int, which: int) -> bytes:
        start = (index * BLOCK_KEYS + which) * BLOCK_KEY_BYTES
        return self.block_keys[start : start + BLOCK_KEY_BYTES]


def to_bytes(
    *,
    key_fingerprint: str,
    settings: EncodingSettings,
    filters: bytes,
    block_keys: bytes,
) -> bytes:
    count = len(filters) // FILTER_BYTES
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "key_fingerprint": key_fingerprint,
        "bits": FILTER_BITS,
        "block_keys": BLOCK_KEYS,
        "settings": settings.as_dict(),
        "records": count,
    }
    header_line = json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
    return b"".join((MAGIC, header_line, filters, block_keys))


def write(
    path: Path,
    *,
    key_fingerprint: str,
    settings: EncodingSettings,
    filters: bytes,
    block_keys: bytes,
) -> None:
    path.write_bytes(
        to_bytes(
            key_fingerprint=key_fingerprint,
            settings=settings,
            filters=filters,
            block_keys=block_keys,
        )
    )


def _refuse(code: LinkageErrorCode, message: str, **params: Any) -> LinkageInputError:
    return LinkageInputError("file", code, message, params)


def _header(stream: BinaryIO) -> dict[str, Any]:
    if stream.read(len(MAGIC)) != MAGIC:
        raise _refuse(LinkageErrorCode.NOT_AN_ENCODING_FILE, "not a needsfirst encoding file")
    line = stream.readline(MAXIMUM_HEADER_BYTES)
    try:
        header = json.loads(line)
    except ValueError:
        raise _refuse(LinkageErrorCode.NOT_AN_ENCODING_FILE, "its header is not JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refuse(LinkageErrorCode.NOT_AN_ENCODING_FILE, "not a needsfirst encoding file")
    if header.get("version") != FORMAT_VERSION or header.get("bits") != FILTER_BITS:
        raise _refuse(
            LinkageErrorCode.OTHER_VERSION,
            f"format version {header.get('version')!r}; this needsfirst reads version "
            f"{FORMAT_VERSION}: encode again with the same needsfirst version",
            version=header.get("version"),
        )
    return header


def read(path: Path) -> Encodings:
    with path.open("rb") as stream:
        header = _header(stream)
        count = header.get("records")
        if not isinstance(count, int) or not 0 <= count <= MAXIMUM_RECORDS:
            raise _refuse(LinkageErrorCode.TOO_LARGE, "the record count is not valid")
        filters = stream.read(count * FILTER_BYTES)
        block_keys = stream.read(count * BLOCK_KEYS * BLOCK_KEY_BYTES)
        trailing = stream.read(1)
    if len(filters) != count * FILTER_BYTES or len(block_keys) != count * BLOCK_KEYS * 8:
        raise _refuse(LinkageErrorCode.TRUNCATED, "the file ends before its last record")
    if trailing:
        raise _refuse(LinkageErrorCode.TRUNCATED, "the file holds more than its header says")
    return Encodings(
        key_fingerprint=str(header.get("key_fingerprint", "")),
        settings=dict(header.get("settings") or {}),
        filters=filters,
        block_keys=block_keys,
    )


def ensure_comparable(left: Encodings, right: Encodings) -> None:
    """Files made with different secrets or settings cannot be compared: say so, not guess."""
    if left.key_fingerprint != right.key_fingerprint:
        raise _refuse(
            LinkageErrorCode.OTHER_KEY,
            "the two files were encoded with different secrets (key fingerprints "
            f"{left.key_fingerprint} and {right.key_fingerprint})",
            left=left.key_fingerprint,
            right=right.key_fingerprint,
        )
    if left.settings != right.settings:
        raise _refuse(
            LinkageErrorCode.OTHER_VERSION,
            "the two files were encoded with different settings; encode both again",
        )
