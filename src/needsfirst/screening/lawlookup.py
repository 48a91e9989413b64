"""The jurisdiction's minimum wage and working-time limits, as the engine sees them.

`needsfirst.wages` owns those values. The engine only needs the small interface below, so the
lookup is injectable: tests pass a fake, and the default adapter reads `needsfirst.wages`
when it is installed (and answers "not known" when it is not, rather than guessing).
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from needsfirst.law import Source


class MinimumWageLike(Protocol):
    @property
    def amount(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def effective_from(self) -> date: ...
    @property
    def source(self) -> Source: ...
    def hourly(self) -> Decimal: ...


class WorkingTimeLike(Protocol):
    @property
    def max_hours_per_week(self) -> Decimal: ...
    @property
    def min_weekly_rest_hours(self) -> Decimal: ...
    @property
    def source(self) -> Source: ...


class LawLookup(Protocol):
    """What the engine asks about a jurisdiction's labour law."""

    def minimum_wage(
        self, jurisdiction: str, on: date, sector: str = "general"
    ) -> MinimumWageLike | None: ...

    def working_time_limits(self, jurisdiction: str, on: date) -> WorkingTimeLike | None: ...


class WagesModuleLookup:
    """Reads `needsfirst.wages`; caches answers, since a batch asks the same few many times."""

    def __init__(self) -> None:
        self._module: Any = None
        self._missing = False

    def _wages(self) -> Any:
        if self._module is None and not self._missing:
            try:
                self._module = importlib.import_module("needsfirst.wages")
            except ImportError:
                self._missing = True
            else:
                if not hasattr(self._module, "minimum_wage"):
                    self._module = None
                    self._missing = True
        return self._module

    @lru_cache(maxsize=4096)  # noqa: B019 - one adapter lives for the whole process
    def minimum_wage(
        self, jurisdiction: str, on: date, sector: str = "general"
    ) -> MinimumWageLike | None:
        wages = self._wages()
        if wages is None:
            return None
        # needsfirst.wages falls back to the general rate itself, and answers None where the law
        # leaves a sector without a minimum; a second guess here would be wrong.
        found: MinimumWageLike | None = wages.minimum_wage(jurisdiction, on, sector)
        return found

    @lru_cache(maxsize=4096)  # noqa: B019
    def working_time_limits(self, jurisdiction: str, on: date) -> WorkingTimeLike | None:
        wages = self._wages()
        if wages is None or not hasattr(wages, "working_time_limits"):
            return None
        found: WorkingTimeLike | None = wages.working_time_limits(jurisdiction, on)
        return found

    @property
    def available(self) -> bool:
        return self._wages() is not None


DEFAULT_LOOKUP = WagesModuleLookup()
