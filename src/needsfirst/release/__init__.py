"""Safe releases of case statistics: k-anonymity with generalisation and suppression,
differentially private counts (OpenDP), and the CTDC layout. Pure: never imports Django."""

from needsfirst.release.hierarchies import ReleaseErrorCode
from needsfirst.release.kanon import (
    DEFAULT_K,
    QuasiIdentifier,
    Release,
    ReleaseReport,
    ReleaseSpec,
    anonymise,
)

__all__ = [
    "DEFAULT_K",
    "QuasiIdentifier",
    "Release",
    "ReleaseErrorCode",
    "ReleaseReport",
    "ReleaseSpec",
    "anonymise",
]
