"""May an inspector enter a private household that employs a domestic worker, on what basis?

ILO C081 Art. 12 gives free entry to workplaces liable to inspection, but a home is protected by
domestic law; C189 Art. 17(3) asks each state to set the conditions for entering household
premises, respecting privacy. The conditions are dated law data per jurisdiction
(`law/data/jurisdictions/<ISO>/household-entry.yaml`): the bases accepted (the occupier's
consent, a warrant), with a summary, an alternative to entry and the source.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from needsfirst.i18n import Text, _, text
from needsfirst.law import LawDataError, Source
from needsfirst.law.dated import Dated, Timeline, parse_date
from needsfirst.law.loader import data_path, load_yaml

BASES = ("consent", "warrant")
BASIS_LABELS = {"consent": _("the occupier's consent"), "warrant": _("a warrant")}


@dataclass(frozen=True, slots=True)
class EntryRule:
    accepts: tuple[str, ...]
    summary: str
    alternative: str


@dataclass(frozen=True, slots=True)
class EntryRuling:
    """`allowed` is None when no rule is held for the country (then do not enter)."""

    allowed: bool | None
    accepts: tuple[str, ...]
    explanation: Text
    summary: str
    alternative: str
    source: Source | None


@cache
def _timeline(code: str) -> Timeline[EntryRule] | None:
    relative = f"jurisdictions/{code}/household-entry.yaml"
    if not data_path(relative).is_file():
        return None
    raw = load_yaml(relative)
    if not isinstance(raw, Mapping) or raw.get("jurisdiction") != code:
        raise LawDataError(f"{relative}: jurisdiction must be {code}")
    entries = []
    for index, entry in enumerate(raw.get("entries") or []):
        where = f"{relative}: entries[{index}]"
        accepts = tuple(entry.get("accepts") or ())
        if not accepts or any(basis not in BASES for basis in accepts):
            raise LawDataError(f"{where}.accepts: a list of {', '.join(BASES)}")
        entries.append(
            Dated(
                value=EntryRule(
                    accepts=accepts,
                    summary=" ".join(str(entry.get("summary", "")).split()),
                    alternative=" ".join(str(entry.get("alternative", "")).split()),
                ),
                effective_from=parse_date(entry.get("effective_from"), f"{where}.effective_from"),
                source=Source.from_mapping(entry.get("source") or {}, where),
            )
        )
    return Timeline(entries)


def household_entry(code: str, on: date, *, bases: Collection[str]) -> EntryRuling:
    """Whether the bases the inspector holds (`consent`, `warrant`) allow entering a private
    household in `code` on `on`. An unknown basis is refused (ValueError naming it)."""
    unknown = set(bases) - set(BASES)
    if unknown:
        raise ValueError(f"bases: unknown basis {sorted(unknown)[0]!r}")
    timeline = _timeline(code.upper())
    found = timeline.at(on) if timeline is not None else None
    if found is None:
        return EntryRuling(
            allowed=None,
            accepts=(),
            explanation=text(
                _("No rule on entering homes is held for this country: do not enter; ask first.")
            ),
            summary="",
            alternative="",
            source=None,
        )
    rule = found.value
    held = [basis for basis in rule.accepts if basis in bases]
    if held:
        explanation = text(
            _("Entry is allowed on the basis of %(basis)s."), basis=BASIS_LABELS[held[0]]
        )
    else:
        labels = [text(BASIS_LABELS[basis]) for basis in rule.accepts]
        explanation = (
            text(_("Do not enter: the law requires %(first)s."), first=labels[0])
            if len(labels) == 1
            else text(
                _("Do not enter: the law requires %(first)s or %(second)s."),
                first=labels[0],
                second=labels[1],
            )
        )
    return EntryRuling(
        allowed=bool(held),
        accepts=rule.accepts,
        explanation=explanation,
        summary=rule.summary,
        alternative=rule.alternative,
        source=found.source,
    )


@cache
def ilo_indicators() -> dict[str, str]:
    """The eleven ILO forced-labour indicators, code to name (law data, 2012 booklet)."""
    raw = load_yaml("indicators/ilo-forced-labour.yaml")
    return {str(code): str(name) for code, name in raw["indicators"]["list"].items()}
