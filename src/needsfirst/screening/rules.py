"""The identification rules, read once from the law data and compiled into plain tuples.

Every screening reads these compiled rules; nothing is parsed per record. The rules carry the
version of the data they came from (`needsfirst.law.rules_version()`), which each
determination records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from needsfirst.law import LawDataError, Source, load_yaml, rules_version

Strength = Literal["strong", "medium", "weak"]
STRENGTHS: tuple[Strength, ...] = ("strong", "medium", "weak")
SETS = ("adult_labour", "child_labour", "adult_sexual", "child_sexual")
DIMENSIONS = ("D1", "D2", "D3", "D4", "D5", "D6")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One ILO/EC 2009 operational indicator, with its strength in each set."""

    id: str
    label: str
    dimension: str
    strengths: Mapping[str, Strength]  # set name -> strength; absent from a set = not listed
    disputed: Mapping[str, Strength]  # set name -> the other reading of an open question
    means: tuple[str, ...]
    ilo11: str
    forced_labour: str  # "", "involuntariness", "menace" or "both"
    implies_act: str
    vulnerability: bool


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    name: str
    group: str  # recruitment | exploitation | destination
    recruitment_type: str
    implies_act: str
    means_when_positive: str


@dataclass(frozen=True, slots=True)
class Switches:
    """The open questions of the ILO/EC combination rule, as explicit choices."""

    child_requires_recruitment_dimension: bool = True
    d3_disputed_strength: Strength = "weak"


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything the engine needs, compiled from `law/data/`."""

    version: str
    acts: Mapping[str, str]
    means: Mapping[str, tuple[str, str]]  # id -> (label, kind)
    purposes: Mapping[str, str]
    protocol_source: Source
    protocol_rules: Mapping[str, tuple[str, str]]  # rule -> (provision, summary)
    age_of_majority: int
    not_required: Mapping[str, tuple[str, Source]]
    indicators: Mapping[str, Indicator]
    dimensions: Mapping[str, Dimension]
    dimension_indicators: Mapping[str, tuple[str, ...]]
    clauses: tuple[tuple[int, int, int], ...]
    delphi_step1_source: Source
    delphi_adult_source: Source
    delphi_child_source: Source
    delphi_source: Source
    sets_verified: Mapping[str, bool]
    sets_empty: frozenset[str]
    default_switches: Switches
    ilo11: Mapping[str, str]
    ilo11_source: Source
    forced_labour_source: Source
    forced_labour_convention: Source
    unodc: Mapping[str, tuple[str, bool]]  # id -> (label, verified)
    unodc_source: Source
    objective: Mapping[str, tuple[str, tuple[str, ...]]]  # test -> (summary, derived indicators)
    objective_source: Source
    far_below_ratio: Decimal
    methods_of_control: Mapping[str, tuple[str, ...]]
    smuggling_elements: Mapping[str, tuple[str, Source]]
    smuggling_aggravating: Mapping[str, tuple[str, Source]]
    slavery_sources: Mapping[str, Source] = field(
        default_factory=dict
    )  # slavery|slavery_without_sale|practice|servitude|household_help
    all_indicator_ids: frozenset[str] = field(default=frozenset())


def _source(raw: Any, where: str) -> Source:
    return Source.from_mapping(raw, where)


def _strength(raw: object, where: str) -> Strength | None:
    if raw == "absent":
        return None
    if raw not in STRENGTHS:
        raise LawDataError(f"{where}: strength must be strong, medium, weak or absent, not {raw!r}")
    return raw


def _compile_indicators(
    data: Mapping[str, Any], means_ids: Mapping[str, Any], where: str
) -> tuple[dict[str, Indicator], dict[str, Dimension], dict[str, tuple[str, ...]]]:
    dimensions = {
        key: Dimension(
            id=key,
            name=str(raw["name"]),
            group=str(raw["group"]),
            recruitment_type=str(raw.get("recruitment_type", "")),
            implies_act=str(raw.get("implies_act", "")),
            means_when_positive=str(raw.get("means_when_positive", "")),
        )
        for key, raw in data["dimensions"].items()
    }
    if tuple(dimensions) != DIMENSIONS:
        raise LawDataError(f"{where}: dimensions must be D1 to D6")
    indicators: dict[str, Indicator] = {}
    by_dimension: dict[str, list[str]] = {key: [] for key in DIMENSIONS}
    for raw in data["indicators"]:
        ident = str(raw["id"])
        here = f"{where}: {ident}"
        dimension = ident.split(".", 1)[0]
        if dimension not in dimensions:
            raise LawDataError(f"{here}: unknown dimension")
        if ident in indicators:
            raise LawDataError(f"{here}: listed twice")
        strengths: dict[str, Strength] = {}
        disputed: dict[str, Strength] = {}
        for set_name in ("adult_labour", "child_labour"):
            strength = _strength(raw.get(set_name), f"{here}.{set_name}")
            if strength is not None:
                strengths[set_name] = strength
            other = raw.get(f"{set_name}_disputed")
            if other is not None:
                alternative = _strength(other, f"{here}.{set_name}_disputed")
                if alternative is not None:
                    disputed[set_name] = alternative
        means = tuple(str(item) for item in raw.get("means", ()))
        for item in means:
            if item not in means_ids:
                raise LawDataError(f"{here}: unknown means {item!r}")
        indicators[ident] = Indicator(
            id=ident,
            label=str(raw["label"]),
            dimension=dimension,
            strengths=strengths,
            disputed=disputed,
            means=means,
            ilo11=str(raw.get("ilo11", "")),
            forced_labour=str(raw.get("forced_labour", "")),
            implies_act=str(raw.get("implies_act", "")),
            vulnerability=bool(raw.get("vulnerability", False)),
        )
        by_dimension[dimension].append(ident)
    return indicators, dimensions, {key: tuple(value) for key, value in by_dimension.items()}


def _slavery_sources(data: Mapping[str, Any]) -> dict[str, Source]:
    """The sources each slavery, servitude and household-help finding cites, from
    instruments/slavery-conventions.yaml."""
    where = "instruments/slavery-conventions.yaml"
    return {
        "slavery": _source(data["slavery"]["source"], f"{where}: slavery"),
        "slavery_without_sale": _source(
            data["slavery"]["without_sale"]["source"], f"{where}: slavery.without_sale"
        ),
        "practice": _source(data["practices"]["source"], f"{where}: practices"),
        "servitude": _source(data["servitude"]["source"], f"{where}: servitude"),
        "household_help": _source(data["household_help"]["source"], f"{where}: household_help"),
    }


@cache
def load_rules() -> Rules:
    """The rules in the shipped law data, compiled once per process."""
    protocol = load_yaml("instruments/un-trafficking-protocol.yaml")
    smuggling = load_yaml("instruments/smuggling-protocol.yaml")
    convention = load_yaml("instruments/ilo-c029.yaml")
    slavery = load_yaml("instruments/slavery-conventions.yaml")
    delphi = load_yaml("indicators/ilo-ec-2009.yaml")
    forced = load_yaml("indicators/ilo-forced-labour.yaml")
    unodc = load_yaml("indicators/unodc-indicators.yaml")
    objective = load_yaml("indicators/objective-exploitation.yaml")

    where = "indicators/ilo-ec-2009.yaml"
    indicators, dimensions, dimension_indicators = _compile_indicators(
        delphi, protocol["means"], where
    )
    clauses = tuple(
        (int(c.get("strong", 0)), int(c.get("medium", 0)), int(c.get("weak", 0)))
        for c in delphi["combination"]["step1"]["clauses"]
    )
    ilo11 = {str(k): str(v) for k, v in forced["indicators"]["list"].items()}
    for indicator in indicators.values():
        if indicator.ilo11 and indicator.ilo11 not in ilo11:
            raise LawDataError(
                f"{where}: {indicator.id}: unknown ILO indicator {indicator.ilo11!r}"
            )
    unodc_map = {
        str(raw["id"]): (str(raw["label"]), bool(raw.get("verified", True)))
        for raw in unodc["indicators"]
    }
    methods = {
        str(code): tuple(str(item) for item in items)
        for code, items in objective["htcds_methods_of_control"].items()
    }
    for code, items in methods.items():
        for item in items:
            if item not in indicators:
                raise LawDataError(f"objective-exploitation: {code}: unknown indicator {item!r}")
    tests = {
        str(name): (str(raw["summary"]), tuple(str(item) for item in raw.get("derives", ())))
        for name, raw in objective["tests"].items()
    }
    switches = delphi["switches"]
    step2 = delphi["combination"]["step2"]
    rules = Rules(
        version=rules_version(),
        acts={str(k): str(v) for k, v in protocol["acts"].items()},
        means={str(k): (str(v["label"]), str(v["kind"])) for k, v in protocol["means"].items()},
        purposes={str(k): str(v["protocol"]) for k, v in protocol["purposes"].items()},
        protocol_source=_source(protocol["source"], "un-trafficking-protocol"),
        protocol_rules={
            str(k): (str(v["provision"]), str(v["summary"])) for k, v in protocol["rules"].items()
        },
        age_of_majority=int(protocol["rules"]["child_age"]["age_of_majority"]),
        not_required={
            str(k): (str(v["summary"]), _source(v["source"], f"not_required.{k}"))
            for k, v in protocol["not_required"].items()
        },
        indicators=indicators,
        dimensions=dimensions,
        dimension_indicators=dimension_indicators,
        clauses=clauses,
        delphi_step1_source=_source(delphi["combination"]["step1"]["source"], "step1"),
        delphi_adult_source=_source(step2["adult"]["source"], "step2.adult"),
        delphi_child_source=_source(step2["child"]["source"], "step2.child"),
        delphi_source=_source(delphi["source"], "ilo-ec-2009"),
        sets_verified={str(k): bool(v.get("verified", False)) for k, v in delphi["sets"].items()},
        sets_empty=frozenset(str(k) for k, v in delphi["sets"].items() if v.get("empty")),
        default_switches=Switches(
            child_requires_recruitment_dimension=bool(
                switches["child_requires_recruitment_dimension"]["default"]
            ),
            d3_disputed_strength=_strength(switches["d3_disputed_strength"]["default"], "switch")
            or "weak",
        ),
        ilo11=ilo11,
        ilo11_source=_source(forced["indicators"]["source"], "ilo-forced-labour.indicators"),
        forced_labour_source=_source(forced["survey_definition"]["source"], "survey_definition"),
        forced_labour_convention=_source(convention["definition"]["source"], "ilo-c029"),
        unodc=unodc_map,
        unodc_source=_source(unodc["source"], "unodc-indicators"),
        objective=tests,
        objective_source=_source(objective["source"], "objective-exploitation"),
        far_below_ratio=Decimal(str(objective["tests"]["far_below_minimum_wage"]["ratio"])),
        methods_of_control=methods,
        smuggling_elements={
            str(k): (str(v["summary"]), _source(v["source"], f"smuggling.{k}"))
            for k, v in smuggling["elements"].items()
        },
        smuggling_aggravating={
            str(k): (str(v["summary"]), _source(v["source"], f"smuggling.{k}"))
            for k, v in smuggling["aggravating"].items()
        },
        all_indicator_ids=frozenset(indicators) | frozenset(unodc_map),
        slavery_sources=_slavery_sources(slavery),
    )
    return rules
