"""Jurisdiction codes: ISO 3166-1 alpha-2, or ISO 3166-2 where one country has several laws (GB)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pycountry

from needsfirst.i18n import _
from needsfirst.law import LawDataError, list_data, load_yaml
from needsfirst.needs.errors import ErrorCode, NeedsInputError


@dataclass(frozen=True, slots=True)
class JurisdictionData:
    """One jurisdiction's slice of a law-data file: the country file, narrowed to the region."""

    code: str
    file: str
    content: Mapping[str, Any]


def _countries_with(file_name: str) -> dict[str, str]:
    return {path.split("/")[1]: path for path in list_data("jurisdictions", f"*/{file_name}")}


def supported_jurisdictions(file_name: str = "reflection-period.yaml") -> tuple[str, ...]:
    """Every code one can ask about, e.g. ('BE', ..., 'GB-ENG', 'GB-NIR', ...)."""
    codes: list[str] = []
    for country, path in _countries_with(file_name).items():
        content = load_yaml(path)
        regions = content.get("regions") if isinstance(content, Mapping) else None
        codes.extend(regions if isinstance(regions, Mapping) else [country])
    return tuple(sorted(codes))


def _iso_code(raw_code: object, field: str) -> tuple[str, str]:
    """(the code in upper case, its country) if it is an ISO 3166 country or subdivision code."""
    if not isinstance(raw_code, str) or not raw_code.strip():
        raise NeedsInputError(field, _("is required"), ErrorCode.REQUIRED)
    code = raw_code.strip().upper()
    country = code.split("-", 1)[0]
    if pycountry.countries.get(alpha_2=country) is None:
        raise NeedsInputError(
            field,
            _("%(code)s is not an ISO 3166 country code") % {"code": code},
            ErrorCode.UNKNOWN_JURISDICTION,
        )
    if "-" in code and pycountry.subdivisions.get(code=code) is None:  # type: ignore[no-untyped-call]
        raise NeedsInputError(
            field,
            _("%(code)s is not an ISO 3166-2 subdivision code") % {"code": code},
            ErrorCode.UNKNOWN_JURISDICTION,
        )
    return code, country


def jurisdiction_data(
    raw_code: object, file_name: str, *, field: str = "jurisdiction"
) -> JurisdictionData:
    """The data for a jurisdiction code, or an error naming the field and what is wrong."""
    code, country = _iso_code(raw_code, field)
    path = _countries_with(file_name).get(country)
    if path is None:
        raise NeedsInputError(
            field,
            _("needsfirst has no %(file)s data for %(code)s yet")
            % {"file": file_name, "code": code},
            ErrorCode.UNKNOWN_JURISDICTION,
        )
    content = load_yaml(path)
    if not isinstance(content, Mapping):
        raise LawDataError(f"{path}: a mapping is required")
    regions = content.get("regions")
    if isinstance(regions, Mapping):
        if code == country:
            raise NeedsInputError(
                field,
                _("%(code)s has separate laws for %(regions)s; name one")
                % {"code": code, "regions": ", ".join(sorted(regions))},
                ErrorCode.JURISDICTION_NEEDS_REGION,
            )
        if code not in regions:
            raise NeedsInputError(
                field,
                _("needsfirst has no %(file)s data for %(code)s yet")
                % {"file": file_name, "code": code},
                ErrorCode.UNKNOWN_JURISDICTION,
            )
        region = regions[code]
        if not isinstance(region, Mapping):
            raise LawDataError(f"{path}: regions.{code} must be a mapping")
        return JurisdictionData(code, path, region)
    if code != country:
        # A region of a country whose law is national (e.g. FR-75) follows the national rules.
        return JurisdictionData(code, path, content)
    return JurisdictionData(code, path, content)
