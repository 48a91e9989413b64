"""Recipients a data-sharing consent may name besides an organisation of needsfirst.

An outside provider (an interpreter, a clinic, a family house) is a directory entry of the
referrals app with no organisation in needsfirst. The cases app does not import that app: the
referrals app registers where the entries come from (in its `ready()`), as it does for
`exports.register_case_data`.
"""

from __future__ import annotations

from collections.abc import Callable

OutsideSource = Callable[[], list[tuple[str, str]]]
_SOURCES: list[OutsideSource] = []


def register_outside_recipients(source: OutsideSource) -> None:
    """`source()` returns (directory id, label) of each outside provider a consent may name."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def outside_recipients() -> list[tuple[str, str]]:
    return [choice for source in _SOURCES for choice in source()]
