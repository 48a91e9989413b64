"""The input error of the linkage package: the project's one `InputError` shape."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from needsfirst.errors import InputError


class LinkageErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    KEY_TOO_SHORT = "key_too_short"
    OTHER_KEY = "other_key"
    OTHER_VERSION = "other_version"
    NOT_AN_ENCODING_FILE = "not_an_encoding_file"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"


class LinkageInputError(InputError):
    """A record, key or encoding file that linkage refuses; `field` names where."""

    def __init__(
        self,
        field: str,
        code: LinkageErrorCode,
        message: str,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code, field, message, params)
