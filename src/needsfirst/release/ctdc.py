"""A case set in the Counter Trafficking Data Collaborative's columns and codes, released only
through k-anonymity.

Columns and codes follow `ctdc_fields.json` (the 2020 global dataset's layout, reconstructed
from public code; the official codebook was not available, so the mapping is unverified):
`ageBroad` bands, `majorityStatus` at registration, at exploitation and at entry, binary flags
1 / -99 ("yes" / not recorded), `00` for a missing country and -99 for anything else missing.

The quasi-identifiers are the year, gender, age band, the three majority statuses, citizenship
and the country of exploitation; the flags are released as they are. The person id is used to
count distinct people per class and never appears in the output.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from needsfirst.errors import InputError
from needsfirst.release.defaults import DEFAULT_K
from needsfirst.release.hierarchies import MISSING, ReleaseErrorCode, ctdc_age_band
from needsfirst.release.kanon import QuasiIdentifier, Release, ReleaseSpec, anonymise

YES = "1"
COUNTRY_MISSING = "00"

GENDER = {
    "Feminine": "Female",
    "Masculine": "Male",
    "TransgenderFeminine": "Trans/Transgender/NonConforming",
    "TransgenderMasculine": "Trans/Transgender/NonConforming",
    "NonConforming": "Trans/Transgender/NonConforming",
}

# HTCDS vic_TypeOfExploitation (the screening's `purposes`) -> CTDC flag.
EXPLOITATION_FLAGS = {
    "ForcedLabour": "isForcedLabour",
    "SexualExploitation": "isSexualExploit",
    "ForcedMarriage": "isForcedMarriage",
    "ForcedMilitaryByNonStateActors": "isForcedMilitary",
    "OrganRemoval": "isOrganRemoval",
    "Slavery": "isSlaveryAndPractices",
    "Servitude": "isSlaveryAndPractices",
}
OTHER_EXPLOITATION = "isOtherExploit"

# The screening's `work.sector` -> CTDC typeOfLabour flag.
LABOUR_FLAGS = {
    "agriculture": "typeOfLabourAgriculture",
    "fishing": "typeOfLabourAquafarming",
    "construction": "typeOfLabourConstruction",
    "domestic_work": "typeOfLabourDomesticWork",
    "hospitality": "typeOfLabourHospitality",
    "manufacturing": "typeOfLabourManufacturing",
    "other": "typeOfLabourOther",
    "general": "typeOfLabourNotSpecified",
}

SEX_FLAGS = {
    "Prostitution": "typeOfSexProstitution",
    "Pornography": "typeOfSexPornography",
    "RemoteInteractiveServices": "typeOfSexRemoteInteractiveServices",
    "PrivateSexualServices": "typeOfSexPrivateSexualServices",
}

MEANS_FLAGS = {
    "DebtBondage": "meansOfControlDebtBondage",
    "TakesEarnings": "meansOfControlTakesEarnings",
    "RestrictsFinancialAccess": "meansOfControlRestrictsFinancialAccess",
    "PhysicalThreats": "meansOfControlThreats",
    "ThreatensChildrenFamily": "meansOfControlThreats",
    "PsychologicalAbuse": "meansOfControlPsychologicalAbuse",
    "PhysicalAbuse": "meansOfControlPhysicalAbuse",
    "SexualAbuse": "meansOfControlSexualAbuse",
    "FalsePromises": "meansOfControlFalsePromises",
    "PsychoactiveSubstance": "meansOfControlPsychoactiveSubstances",
    "RestrictsMedicalCare": "meansOfControlRestrictsMedicalCare",
    "ExcessiveWorkingHours": "meansOfControlExcessiveWorkingHours",
    "ThreatsLawEnforcement": "meansOfControlThreatOfLawEnforcement",
    "WithholdsNecessities": "meansOfControlWithholdsNecessities",
    "WithholdsDocuments": "meansOfControlWithholdsDocuments",
    "Other": "meansOfControlOther",
}

FLAG_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *EXPLOITATION_FLAGS.values(),
            OTHER_EXPLOITATION,
            "isSexAndLabour",
            *LABOUR_FLAGS.values(),
            *SEX_FLAGS.values(),
            *MEANS_FLAGS.values(),
        ]
    )
)

QUASI_IDENTIFIERS = (
    QuasiIdentifier("yearOfRegistration", "year"),
    QuasiIdentifier("gender", "category"),
    QuasiIdentifier("ageBroad", "ctdc_age"),
    QuasiIdentifier("majorityStatus", "category"),
    QuasiIdentifier("majorityStatusAtExploit", "category"),
    QuasiIdentifier("majorityEntry", "category"),
    QuasiIdentifier("citizenship", "country"),
    QuasiIdentifier("CountryOfExploitation", "country"),
)
COUNTRY_COLUMNS = ("citizenship", "CountryOfExploitation")
DATASOURCE = "Case Management"
PERSON = "_person"


@dataclass(frozen=True)
class CaseProfile:
    """What a CTDC row is made from; the person id never leaves this module."""

    person_id: str
    year_registered: int
    gender: str = ""
    age_at_registration: int | None = None
    age_at_exploitation: int | None = None
    age_at_entry: int | None = None
    citizenship: str = ""
    country_of_exploitation: str = ""
    exploitation: frozenset[str] = field(default_factory=frozenset)
    labour_sector: str = ""
    sex_types: frozenset[str] = field(default_factory=frozenset)
    means: frozenset[str] = field(default_factory=frozenset)


def _majority(age: int | None) -> str:
    if age is None:
        return MISSING
    return "Minor" if age < 18 else "Adult"


def ctdc_row(profile: CaseProfile) -> dict[str, str]:
    row = {
        "yearOfRegistration": str(profile.year_registered),
        "Datasource": DATASOURCE,
        "gender": GENDER.get(profile.gender, MISSING),
        "ageBroad": ctdc_age_band(profile.age_at_registration),
        "majorityStatus": _majority(profile.age_at_registration),
        "majorityStatusAtExploit": _majority(profile.age_at_exploitation),
        "majorityEntry": _majority(profile.age_at_entry),
        "citizenship": profile.citizenship or COUNTRY_MISSING,
        "CountryOfExploitation": profile.country_of_exploitation or COUNTRY_MISSING,
    }
    flags = dict.fromkeys(FLAG_COLUMNS, MISSING)
    for purpose in profile.exploitation:
        flags[EXPLOITATION_FLAGS.get(purpose, OTHER_EXPLOITATION)] = YES
    if flags["isForcedLabour"] == YES and flags["isSexualExploit"] == YES:
        flags["isSexAndLabour"] = YES
    if profile.labour_sector in LABOUR_FLAGS:
        flags[LABOUR_FLAGS[profile.labour_sector]] = YES
    for kind in profile.sex_types:
        if kind in SEX_FLAGS:
            flags[SEX_FLAGS[kind]] = YES
    for means in profile.means:
        if means in MEANS_FLAGS:
            flags[MEANS_FLAGS[means]] = YES
    row.update(flags)
    return row


def ctdc_table(profiles: Iterable[CaseProfile]) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for profile in profiles:
        row = ctdc_row(profile)
        row[PERSON] = profile.person_id
        for name, value in row.items():
            columns.setdefault(name, []).append(value)
    return columns


def ctdc_release(
    profiles: Sequence[CaseProfile], k: int = DEFAULT_K, max_suppression: float = 0.01
) -> Release:
    """The CTDC rows that pass k-anonymity (distinct people per class), with the report."""
    if len(profiles) < k:
        raise InputError(
            ReleaseErrorCode.TOO_FEW_ROWS,
            "",
            "fewer cases than k: nothing can be released",
            {"rows": len(profiles), "k": k},
        )
    table = ctdc_table(profiles)
    spec = ReleaseSpec(
        quasi_identifiers=QUASI_IDENTIFIERS,
        sensitive=("Datasource", *FLAG_COLUMNS),
        person_column=PERSON,
        k=k,
        max_suppression=max_suppression,
    )
    release = anonymise(table, spec)
    # CTDC writes a missing country as 00, everything else missing as -99.
    positions = [release.columns.index(c) for c in COUNTRY_COLUMNS]
    rows = [
        tuple(
            COUNTRY_MISSING if i in positions and value == MISSING else value
            for i, value in enumerate(row)
        )
        for row in release.rows
    ]
    return Release(release.columns, rows, release.report)


def as_mapping_rows(release: Release) -> list[Mapping[str, str]]:
    return [dict(zip(release.columns, row, strict=True)) for row in release.rows]
