"""Safe releases of case statistics: k-anonymity with generalisation and suppression,
differentially private counts (OpenDP), and the CTDC layout. Pure: never imports Django.

The names below load on first use, so that `needsfirst --help` does not import numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

from needsfirst.release.defaults import DEFAULT_K
from needsfirst.release.hierarchies import ReleaseErrorCode

_LAZY = {
    "QuasiIdentifier": "needsfirst.release.kanon",
    "Release": "needsfirst.release.kanon",
    "ReleaseReport": "needsfirst.release.kanon",
    "ReleaseSpec": "needsfirst.release.kanon",
    "anonymise": "needsfirst.release.kanon",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)


__all__ = [
    "DEFAULT_K",
    "QuasiIdentifier",
    "Release",
    "ReleaseErrorCode",
    "ReleaseReport",
    "ReleaseSpec",
    "anonymise",
]
