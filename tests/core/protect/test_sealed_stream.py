"""A sealed stream opens only with its key and only as written: no chunk changed, moved,
dropped or added."""

from __future__ import annotations

import io
import os

import pytest

from needsfirst.protect import sealed_stream
from needsfirst.protect.errors import ProtectError, ProtectErrorCode

KEY = bytes(range(32))


def sealed(data: bytes, key: bytes = KEY) -> bytes:
    buffer = io.BytesIO()
    writer = sealed_stream.SealedWriter(buffer, key, {"format": "test"})
    for start in range(0, len(data), 100_000):
        writer.write(data[start : start + 100_000])
    writer.close()
    return buffer.getvalue()


def opened(blob: bytes, key: bytes = KEY) -> bytes:
    header, chunks = sealed_stream.open_sealed(io.BytesIO(blob), key)
    assert header["format"] == "test"
    return b"".join(chunks)


@pytest.mark.parametrize(
    "size", [0, 10, sealed_stream.CHUNK_BYTES, 3 * sealed_stream.CHUNK_BYTES + 7]
)
def test_what_was_sealed_opens_unchanged(size: int) -> None:
    data = os.urandom(size)
    assert opened(sealed(data)) == data


def test_another_key_is_refused_naming_both_fingerprints() -> None:
    with pytest.raises(ProtectError) as error:
        opened(sealed(b"data"), bytes(32))
    assert error.value.code is ProtectErrorCode.UNKNOWN_KEY
    assert sealed_stream.key_fingerprint(KEY) in error.value.message


def test_a_changed_byte_is_refused() -> None:
    blob = bytearray(sealed(b"x" * 5000))
    blob[-20] ^= 1
    with pytest.raises(ProtectError):
        opened(bytes(blob))


def test_a_changed_header_is_refused() -> None:
    blob = sealed(b"x" * 5000).replace(b'"test"', b'"tesT"')
    _header, chunks = sealed_stream.open_sealed(io.BytesIO(blob), KEY)
    with pytest.raises(ProtectError, match="changed or is out of place"):
        b"".join(chunks)


def test_a_file_cut_after_a_whole_chunk_is_refused() -> None:
    data = os.urandom(2 * sealed_stream.CHUNK_BYTES + 10)
    blob = sealed(data)
    # Drop the final (short) chunk: what is left ends on a chunk that is not marked final.
    last = 4 + 10 + 16
    with pytest.raises(ProtectError, match="cut short"):
        opened(blob[:-last])


def test_swapped_chunks_are_refused() -> None:
    data = os.urandom(2 * sealed_stream.CHUNK_BYTES + 10)
    blob = sealed(data)
    header_end = blob.index(b"}") + 1 + 8
    chunk = 4 + sealed_stream.CHUNK_BYTES + 16
    first = blob[header_end : header_end + chunk]
    second = blob[header_end + chunk : header_end + 2 * chunk]
    swapped = blob[:header_end] + second + first + blob[header_end + 2 * chunk :]
    with pytest.raises(ProtectError, match="changed or is out of place"):
        opened(swapped)


def test_data_after_the_last_chunk_is_refused() -> None:
    with pytest.raises(ProtectError, match="follows the last chunk"):
        opened(sealed(b"data") + b"more")


def test_a_key_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ProtectError):
        sealed(b"data", b"short")
