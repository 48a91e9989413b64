"""Entitlements by jurisdiction and category, as dated law data with sources.

The category is a plain input (the web layer gets it from the competent authority or from
screening); this module never asks for it and never decides it. The result shows what the person
is owed now and, separately, what more they would be owed if recognised as a victim, so the label
never decides the basic help.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from needsfirst.i18n import Text, _, text
from needsfirst.law import Dated, LawDataError, Source, Timeline, load_yaml, parse_date
from needsfirst.needs.errors import ErrorCode, NeedsInputError
from needsfirst.needs.jurisdictions import jurisdiction_data
from needsfirst.needs.model import Category
from needsfirst.needs.reflection import COE_FILE, period_timelines

FILE = "entitlements.yaml"


class EntitlementKind(StrEnum):
    EMERGENCY_CARE = "emergency_care"
    LABOUR_CLAIMS = "labour_claims"
    INFORMATION = "information"
    ASSISTANCE = "assistance"
    NON_REMOVAL = "non_removal"
    REFLECTION_PERIOD = "reflection_period"
    RESIDENCE_PERMIT = "residence_permit"
    LEGAL_AID = "legal_aid"
    COMPENSATION = "compensation"
    SAFE_RETURN = "safe_return"
    CHILD_PROTECTION = "child_protection"


@dataclass(frozen=True, slots=True)
class EntitlementText:
    summary: str
    date_verified: bool
    repealed: bool


@dataclass(frozen=True, slots=True)
class EntitlementRule:
    id: str
    kind: EntitlementKind
    title: str
    minimum_category: Category
    children_only: bool
    level: str  # "instrument" or "national"
    timeline: Timeline[EntitlementText]
    # For instrument rules: the day from which the jurisdiction is bound.
    applies_from: date | None = None


@dataclass(frozen=True, slots=True)
class Entitlement:
    """One thing the person is owed on a given day, with where it comes from."""

    id: str
    kind: EntitlementKind
    title: str
    summary: str
    minimum_category: Category
    children_only: bool
    level: str
    effective_from: date
    date_verified: bool
    source: Source

    @property
    def verified(self) -> bool:
        return self.source.verified and self.date_verified


@dataclass(frozen=True, slots=True)
class EntitlementSummary:
    jurisdiction: str
    on: date
    category: Category
    child: bool
    now: tuple[Entitlement, ...]
    # What recognition would add, by the category that would unlock it.
    if_recognised: tuple[tuple[Category, tuple[Entitlement, ...]], ...]

    def owed_now(self, entitlement_id: str) -> bool:
        return any(item.id == entitlement_id for item in self.now)

    def owed_if(self, category: Category, entitlement_id: str) -> bool:
        return any(
            item.id == entitlement_id
            for level, items in self.if_recognised
            if level <= category
            for item in items
        )


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LawDataError(f"{where}.{key}: required")
    return " ".join(value.split())


def parse_entitlement(
    raw: Any, where: str, level: str, applies_from: date | None
) -> EntitlementRule:
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: a mapping is required")
    entitlement_id = _text(raw, "id", where)
    try:
        kind = EntitlementKind(str(raw.get("kind")))
    except ValueError:
        raise LawDataError(
            f"{where}.kind: {raw.get('kind')!r} is not a kind of entitlement"
        ) from None
    try:
        category = Category.from_key(str(raw.get("minimum_category", "")))
    except ValueError as error:
        raise LawDataError(f"{where}.minimum_category: {error}") from None
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        raise LawDataError(f"{where}.entries: at least one dated entry is required")
    dated = []
    for index, entry in enumerate(entries):
        at = f"{where}.entries[{index}]"
        dated.append(
            Dated(
                EntitlementText(
                    summary=_text(entry, "summary", at),
                    date_verified=bool(entry.get("date_verified", False)),
                    repealed=bool(entry.get("repealed", False)),
                ),
                parse_date(entry.get("effective_from"), f"{at}.effective_from"),
                Source.from_mapping(entry.get("source") or {}, f"{at}.source"),
            )
        )
    try:
        timeline = Timeline(dated)
    except LawDataError as error:
        raise LawDataError(f"{where}: {error}") from None
    return EntitlementRule(
        id=entitlement_id,
        kind=kind,
        title=_text(raw, "title", where),
        minimum_category=category,
        children_only=bool(raw.get("children_only", False)),
        level=level,
        timeline=timeline,
        applies_from=applies_from,
    )


def entitlement_rules(jurisdiction: str) -> tuple[EntitlementRule, ...]:
    """The national rules of a jurisdiction, plus the Convention's where the state is bound."""
    data = jurisdiction_data(jurisdiction, FILE)
    rules: list[EntitlementRule] = []
    for index, raw in enumerate(data.content.get("entitlements") or []):
        rules.append(
            parse_entitlement(raw, f"{data.file}: entitlements[{index}]", "national", None)
        )
    coe = data.content.get("coe_convention")
    if isinstance(coe, Mapping) and coe.get("party"):
        bound_from = parse_date(
            coe.get("in_force_from"), f"{data.file}: coe_convention.in_force_from"
        )
        instrument = load_yaml(COE_FILE)
        for index, raw in enumerate(instrument.get("entitlements") or []):
            rules.append(
                parse_entitlement(
                    raw, f"{COE_FILE}: entitlements[{index}]", "instrument", bound_from
                )
            )
    ids = [rule.id for rule in rules]
    duplicates = {item for item in ids if ids.count(item) > 1}
    if duplicates:
        raise LawDataError(f"{data.file}: duplicate entitlement ids {sorted(duplicates)}")
    return tuple(rules)


# one whole sentence per kind of length (never the English enum value inside a sentence)
LENGTH_SENTENCES = {
    "at_least": _("%(title)s: at least %(length)s. %(summary)s"),
    "up_to": _("%(title)s: up to %(length)s. %(summary)s"),
    "exactly": _("%(title)s: exactly %(length)s. %(summary)s"),
}


def _reflection_entitlement(jurisdiction: str, on: date) -> Entitlement | None:
    entry = period_timelines(jurisdiction)["default"].at(on)
    if entry is None:
        return None
    rule = entry.value
    summary = text(
        LENGTH_SENTENCES[rule.length_is.value],
        title=Text(rule.title),
        length=rule.length.describe(),
        summary=Text(rule.summary),
    )
    return Entitlement(
        id=f"{jurisdiction.lower()}-reflection-period",
        kind=EntitlementKind.REFLECTION_PERIOD,
        title=rule.title,
        summary=summary,
        minimum_category=rule.minimum_category,
        children_only=False,
        level="national",
        effective_from=entry.effective_from,
        date_verified=rule.date_verified,
        source=entry.source,
    )


def _in_force(rule: EntitlementRule, on: date) -> Entitlement | None:
    if rule.applies_from is not None and on < rule.applies_from:
        return None
    entry = rule.timeline.at(on)
    if entry is None or entry.value.repealed:
        return None
    effective = max(entry.effective_from, rule.applies_from or entry.effective_from)
    return Entitlement(
        id=rule.id,
        kind=rule.kind,
        title=rule.title,
        summary=entry.value.summary,
        minimum_category=rule.minimum_category,
        children_only=rule.children_only,
        level=rule.level,
        effective_from=effective,
        date_verified=entry.value.date_verified,
        source=entry.source,
    )


def entitlements_list(
    *, jurisdiction: str, category: Category, on: date, child: bool = False
) -> EntitlementSummary:
    """What a person of `category` is owed in `jurisdiction` on `on`, and what recognition adds.

    Entitlements for children are listed only when `child` is true. Every entitlement carries its
    source and the date it applies from; unverified ones say so through `verified`.
    """
    if not isinstance(category, Category):
        raise NeedsInputError("category", _("must be a category"), ErrorCode.INVALID)
    if not isinstance(on, date):
        raise NeedsInputError("on", _("must be a date (YYYY-MM-DD)"), ErrorCode.INVALID)
    code = jurisdiction.strip().upper() if isinstance(jurisdiction, str) else jurisdiction
    items = [
        entitlement for rule in entitlement_rules(code) if (entitlement := _in_force(rule, on))
    ]
    reflection = _reflection_entitlement(code, on)
    if reflection is not None:
        items.append(reflection)
    items = [item for item in items if child or not item.children_only]
    items.sort(key=lambda item: (item.minimum_category, item.kind.value, item.id))
    now = tuple(item for item in items if item.minimum_category <= category)
    more = tuple(
        (level, tuple(item for item in items if item.minimum_category == level))
        for level in Category
        if level > category and any(item.minimum_category == level for item in items)
    )
    return EntitlementSummary(
        jurisdiction=code, on=on, category=category, child=child, now=now, if_recognised=more
    )
