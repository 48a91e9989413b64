"""Loads the triage rules and need domains shipped as data in `needsfirst/needs/data/`.

The files are read and checked against their JSON Schemas by the one law-data loader
(`needsfirst.law.load_needs_data`); this module checks what a schema cannot (known facts, the
"yes" rule, action references) and builds the typed rule book.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from needsfirst.law import NEEDS_DATA_DIR, LawDataError, Source, load_needs_data
from needsfirst.needs.facts import fact_names
from needsfirst.needs.model import Answer, Domain, Role, SupportPlanType, Urgency

DATA_DIR = NEEDS_DATA_DIR


@dataclass(frozen=True, slots=True)
class DomainInfo:
    domain: Domain
    title: str
    description: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class ActionTemplate:
    id: str
    domain: Domain
    text: str
    role: Role
    support_plan_type: SupportPlanType


@dataclass(frozen=True, slots=True)
class TriageRule:
    """One explicit rule: when these facts hold, this need is this urgent, for this reason."""

    id: str
    when: tuple[tuple[str, frozenset[Answer]], ...]
    urgency: Urgency
    action: ActionTemplate
    reason: str
    source: Source

    @property
    def domain(self) -> Domain:
        return self.action.domain

    def fires(self, answer_of: Mapping[str, Answer]) -> bool:
        return all(answer_of[name] in accepted for name, accepted in self.when)


@dataclass(frozen=True, slots=True)
class RuleBook:
    domains: Mapping[Domain, DomainInfo]
    actions: Mapping[str, ActionTemplate]
    rules: tuple[TriageRule, ...]


def _read(name: str) -> Any:
    # a copy: the loader's content is shared, and callers (tests) may change what they get
    return copy.deepcopy(load_needs_data(name))


def _enum(kind: Any, raw: object, where: str) -> Any:
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise LawDataError(f"{where}: {raw!r} is not one of {allowed}") from None


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LawDataError(f"{where}: {key} is required")
    return value.strip()


def _domains(domains_raw: Any, where: str) -> dict[Domain, DomainInfo]:
    if not isinstance(domains_raw, Mapping) or not isinstance(domains_raw.get("domains"), Mapping):
        raise LawDataError(f"{where}/domains.yaml: domains is required")
    domains: dict[Domain, DomainInfo] = {}
    for key, raw in domains_raw["domains"].items():
        at = f"{where}/domains.yaml: domains.{key}"
        domain = _enum(Domain, key, at)
        sources = tuple(
            Source.from_mapping(item, f"{at}.sources[{index}]")
            for index, item in enumerate(raw.get("sources") or [])
        )
        if not sources:
            raise LawDataError(f"{at}.sources: at least one source is required")
        domains[domain] = DomainInfo(
            domain, _text(raw, "title", at), _text(raw, "description", at), sources
        )
    missing = set(Domain) - set(domains)
    if missing:
        raise LawDataError(f"{where}/domains.yaml: domains missing: {sorted(missing)}")
    return domains


def _actions(rules_raw: Mapping[str, Any], where: str) -> dict[str, ActionTemplate]:
    actions: dict[str, ActionTemplate] = {}
    for key, raw in (rules_raw.get("actions") or {}).items():
        at = f"{where}/triage-rules.yaml: actions.{key}"
        actions[str(key)] = ActionTemplate(
            id=str(key),
            domain=_enum(Domain, raw.get("domain"), f"{at}.domain"),
            text=_text(raw, "text", at),
            role=_enum(Role, raw.get("role"), f"{at}.role"),
            support_plan_type=_enum(SupportPlanType, raw.get("support_plan_type"), f"{at}.type"),
        )
    return actions


def _answers(fact: str, accepted: Any, known_facts: set[str], at: str) -> frozenset[Answer]:
    """The answers of `fact` that make a rule fire."""
    if fact not in known_facts:
        raise LawDataError(f"{at}.when.{fact}: not a known assessment fact")
    if not isinstance(accepted, list) or not accepted:
        raise LawDataError(f"{at}.when.{fact}: a list of answers is required")
    # YAML 1.1 reads a bare yes as True: accept both spellings.
    answers = frozenset(
        Answer.YES
        if item is True
        else Answer.NO
        if item is False
        else _enum(Answer, item, f"{at}.when.{fact}")
        for item in accepted
    )
    if Answer.YES not in answers:
        # A rule that fires on "no" or "unknown" only would stop firing when a risk is
        # confirmed, and confirming a risk could then lower an urgency.
        raise LawDataError(f"{at}.when.{fact}: the answers must include yes")
    return answers


def _rule(raw: Any, at: str, actions: Mapping[str, ActionTemplate]) -> TriageRule:
    rule_id = _text(raw, "id", at)
    at = f"{at} ({rule_id})"
    known_facts = set(fact_names())
    when = tuple(
        (str(fact), _answers(str(fact), accepted, known_facts, at))
        for fact, accepted in (raw.get("when") or {}).items()
    )
    try:
        urgency = Urgency.from_name(str(raw.get("urgency", "")))
    except ValueError as error:
        raise LawDataError(f"{at}.urgency: {error}") from None
    action_id = _text(raw, "action", at)
    if action_id not in actions:
        raise LawDataError(f"{at}.action: no action {action_id!r}")
    return TriageRule(
        id=rule_id,
        when=when,
        urgency=urgency,
        action=actions[action_id],
        reason=_text(raw, "reason", at),
        source=Source.from_mapping(raw.get("source") or {}, f"{at}.source"),
    )


def parse_rule_book(domains_raw: Any, rules_raw: Any, where: str = "needs/data") -> RuleBook:
    """Validate the raw YAML; every error names the file and the field at fault."""
    domains = _domains(domains_raw, where)
    if not isinstance(rules_raw, Mapping):
        raise LawDataError(f"{where}/triage-rules.yaml: a mapping is required")
    actions = _actions(rules_raw, where)
    rules: list[TriageRule] = []
    for index, raw in enumerate(rules_raw.get("rules") or []):
        rule = _rule(raw, f"{where}/triage-rules.yaml: rules[{index}]", actions)
        if any(earlier.id == rule.id for earlier in rules):
            raise LawDataError(
                f"{where}/triage-rules.yaml: rules[{index}] ({rule.id}).id: duplicate rule id"
            )
        rules.append(rule)
    if not any(not rule.when for rule in rules):
        raise LawDataError(f"{where}/triage-rules.yaml: a rule for everyone is required")
    return RuleBook(domains=domains, actions=actions, rules=tuple(rules))


@cache
def rule_book() -> RuleBook:
    """The shipped domains, actions and triage rules (read once)."""
    return parse_rule_book(_read("domains.yaml"), _read("triage-rules.yaml"))
