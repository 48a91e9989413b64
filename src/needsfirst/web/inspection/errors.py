from __future__ import annotations

from typing import Any


class InspectionError(ValueError):
    """A write refused: `field` names the entry at fault, `message` says why (translated)."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
