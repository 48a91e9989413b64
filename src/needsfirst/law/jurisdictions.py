"""Jurisdiction codes and regions: ISO 3166-1 alpha-2, or ISO 3166-2 where the nations of one
country have different laws (GB-ENG, GB-WLS, GB-SCT, GB-NIR).

This is the one place that turns a code into the data that governs it. A file of
`jurisdictions/<country>/` either holds the national content, which then applies in every region
of the country (GB minimum wage applies UK-wide, so `GB-SCT` reads the `GB` table), or a
`regions` mapping, in which case the plain country code is refused because it does not say which
law applies. Needs and wages both ask here, so a code means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import pycountry

from needsfirst.i18n import _, text
from needsfirst.law.loader import list_data, load


class JurisdictionErrorCode(StrEnum):
    REQUIRED = "required"
    UNKNOWN_JURISDICTION = "unknown_jurisdiction"
    JURISDICTION_NEEDS_REGION = "jurisdiction_needs_region"
    NO_DATA = "no_data"


class JurisdictionError(ValueError):
    """A jurisdiction code that names no law we hold; `message` is a translatable sentence."""

    def __init__(self, message: str, code: JurisdictionErrorCode) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class JurisdictionData:
    """One jurisdiction's slice of a law-data file: the country file, narrowed to the region."""

    code: str
    file: str
    content: Mapping[str, Any]

    @property
    def country(self) -> str:
        return self.code.split("-", 1)[0]


def _file_name(kind: str) -> str:
    return kind if kind.endswith(".yaml") else f"{kind}.yaml"


@cache
def countries_with(kind: str) -> Mapping[str, str]:
    """Country code -> data file, for every country that has a file of this kind."""
    name = _file_name(kind)
    return {path.split("/")[1]: path for path in list_data("jurisdictions", f"*/{name}")}


def normalise(raw_code: object) -> str:
    """The code in capitals, checked against ISO 3166-1 and, for a region, ISO 3166-2."""
    if not isinstance(raw_code, str) or not raw_code.strip():
        raise JurisdictionError(_("is required"), JurisdictionErrorCode.REQUIRED)
    code = raw_code.strip().upper()
    country = code.split("-", 1)[0]
    if pycountry.countries.get(alpha_2=country) is None:
        raise JurisdictionError(
            text(_("%(code)s is not an ISO 3166 country code"), code=code),
            JurisdictionErrorCode.UNKNOWN_JURISDICTION,
        )
    if "-" in code and pycountry.subdivisions.get(code=code) is None:  # type: ignore[no-untyped-call]
        raise JurisdictionError(
            text(_("%(code)s is not an ISO 3166-2 subdivision code"), code=code),
            JurisdictionErrorCode.UNKNOWN_JURISDICTION,
        )
    return code


def _regions(content: Any) -> Mapping[str, Any] | None:
    regions = content.get("regions") if isinstance(content, Mapping) else None
    return regions if isinstance(regions, Mapping) else None


def supported(kind: str) -> tuple[str, ...]:
    """Every code one can ask about for this kind, e.g. ('BE', ..., 'GB-ENG', 'GB-NIR', ...)."""
    codes: list[str] = []
    for country, path in countries_with(kind).items():
        regions = _regions(load(path))
        codes.extend(regions if regions is not None else [country])
    return tuple(sorted(codes))


def resolve(raw_code: object, kind: str) -> JurisdictionData:
    """The data of this kind that governs a jurisdiction code, or an error saying why none does.

    A region of a country whose file is national (e.g. GB-SCT for the UK-wide minimum wage, FR-75)
    reads the national content; a country whose file is split by region must be asked by region.
    """
    code = normalise(raw_code)
    country = code.split("-", 1)[0]
    name = _file_name(kind)
    path = countries_with(kind).get(country)
    if path is None:
        raise JurisdictionError(
            text(_("needsfirst has no %(file)s data for %(code)s yet"), file=name, code=code),
            JurisdictionErrorCode.NO_DATA,
        )
    content = load(path)
    regions = _regions(content)
    if regions is None:
        return JurisdictionData(code, path, content)
    if code == country:
        raise JurisdictionError(
            text(
                _("%(code)s has separate laws for %(regions)s; name one"),
                code=code,
                regions=", ".join(sorted(regions)),
            ),
            JurisdictionErrorCode.JURISDICTION_NEEDS_REGION,
        )
    if code not in regions:
        raise JurisdictionError(
            text(_("needsfirst has no %(file)s data for %(code)s yet"), file=name, code=code),
            JurisdictionErrorCode.NO_DATA,
        )
    return JurisdictionData(code, path, regions[code])


@cache
def table_key(raw_code: str, kind: str) -> str | None:
    """The country whose national table of this kind governs `raw_code`, or None without one.

    For the national tables of wages (minimum-wage, working-time): 'GB-SCT' -> 'GB'. Never raises:
    an unknown or malformed code simply has no table (the caller says "unknown").
    """
    try:
        data = resolve(raw_code, kind)
    except JurisdictionError:
        return None
    return data.country
