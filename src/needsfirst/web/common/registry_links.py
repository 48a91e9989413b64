"""A look-up of the recruiter registry for apps that may not import the recruitment app.

The inspection app and the recruitment app sit in the same layer and never import each other
(`pyproject.toml`, the layers contract). The recruitment app registers its look-up here from
its `ready()`; the inspection app calls `registry_links()` and gets `None` when no registry is
installed, in which case an employer or a recruiter stays a plain record. Nothing here holds a
person's data: registry entries are public records of businesses, and case links are counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """A registry entry as another app shows it: its id (a UUID as text), name, kind and
    standing on a day."""

    id: str
    name: str
    kind: str
    kind_label: str
    status: str  # a `needsfirst.recruitment.RecruiterStatus` value
    status_label: str

    @property
    def licensed(self) -> bool:
        return self.status == "licensed"


class RegistryLinks(Protocol):
    def entries(self, ids: Sequence[str], *, on: date) -> dict[str, RegistryEntry]:
        """The entries with these ids that exist, by id, each with its standing on `on`."""

    def find(self, query: str, *, on: date) -> RegistryEntry | None:
        """The best entry for a licence number or a name, or None."""

    def case_counts(self, ids: Sequence[str]) -> dict[str, int]:
        """How many cases, in all organisations, name each entry as a party: counts only."""


_registered: list[RegistryLinks] = []


def register_registry_links(links: RegistryLinks) -> None:
    _registered[:] = [links]


def registry_links() -> RegistryLinks | None:
    return _registered[0] if _registered else None
