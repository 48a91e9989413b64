"""From the on-site checklist to a screening: each ILO forced-labour indicator ticked becomes
one indicator of the ILO/EC operational indicators (2009), the set the identification engine
reads, chosen by the `ilo11` link the law data gives each of them.

One tick becomes one indicator, never several, so a single answer is not counted twice: the
indicator at destination (dimensions D4 to D6) first, else the first in the file. An ILO code
without a linked indicator is returned apart, to be asked again in the full interview. The
caseworker of the partner organisation reviews and completes the screening; this only starts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from needsfirst.law.loader import load_yaml

DESTINATION = ("D4.", "D5.", "D6.")


@cache
def _links() -> dict[str, str]:
    raw = load_yaml("indicators/ilo-ec-2009.yaml")
    chosen: dict[str, str] = {}
    for item in raw.get("indicators") or []:
        code, ident = item.get("ilo11"), str(item.get("id", ""))
        if not code or item.get("adult_labour") == "absent":
            continue
        current = chosen.get(code)
        if current is None or (
            ident.startswith(DESTINATION) and not current.startswith(DESTINATION)
        ):
            chosen[code] = ident
    return chosen


@dataclass(frozen=True, slots=True)
class ScreeningStart:
    facts: dict[str, Any]
    unmapped: tuple[str, ...]


def screening_facts_from_checklist(
    jurisdiction: str, ilo_codes: Iterable[str], *, as_of: date
) -> ScreeningStart:
    """The first facts of a screening from the indicators ticked on site, read by the law as
    of `as_of` (the day of the visit)."""
    links = _links()
    indicators: dict[str, str] = {}
    unmapped: list[str] = []
    for code in ilo_codes:
        if code in links:
            indicators[links[code]] = "yes"
        else:
            unmapped.append(code)
    facts: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "jurisdiction": jurisdiction,
        "indicators": indicators,
    }
    return ScreeningStart(facts=facts, unmapped=tuple(unmapped))
