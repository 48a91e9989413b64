"""Backup keys are read by the one key-file reader of `needsfirst.protect`; a bad file is a
`BackupError` with the reason (it used to escape as a raw base64 error)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from needsfirst.web.common.backup import BackupError, key_from_file


def test_a_hex_key_file_is_read(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "backup.key"
    path.write_text(key.hex(), encoding="ascii")
    assert key_from_file(path) == key


@pytest.mark.parametrize(
    ("content", "reason"),
    [("%%% not a key", "neither hex nor base64"), ("abcd", "32 random bytes")],
)
def test_a_bad_key_file_is_refused_with_the_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "backup.key"
    path.write_text(content, encoding="ascii")
    with pytest.raises(BackupError, match=reason):
        key_from_file(path)


def test_a_missing_key_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="cannot be read"):
        key_from_file(tmp_path / "missing.key")
