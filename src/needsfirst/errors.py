"""One shape for bad input to the core: `InputError(code, field, message, params)`.

Each package has an enum of its codes (`needs.ErrorCode`, `wages.WagesErrorCode`,
`protect.ProtectErrorCode`); the web layer looks a message up by code, in the reader's language,
and puts it on the field the error names (`needsfirst.web.common.errors`). The English `message`
is for logs and the command line; it never holds personal data or key material.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class InputError(ValueError):
    """An input the core refuses.

    `code`: why, a member of the package's code enum; `field`: where, a field name or a path such
    as `periods[0].paid.amount` ("" for the input as a whole); `params`: values a translated
    message may quote (never personal data); `message`: English text for logs.
    """

    def __init__(
        self,
        code: StrEnum,
        field: str = "",
        message: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        text = message or str(code)
        super().__init__(f"{field}: {text}" if field else text)
        self.code = code
        self.field = field
        self.message = text
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))

    @property
    def reason(self) -> str:
        """The English message (the name the wages and screening errors used)."""
        return self.message
