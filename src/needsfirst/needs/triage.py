"""Needs triage: facts in, needs out, each with its urgency, reasons and sources. Deterministic."""

from __future__ import annotations

from dataclasses import dataclass

from needsfirst.law import Source
from needsfirst.needs.facts import AssessmentFacts, fact_domain, fact_names, fact_question
from needsfirst.needs.model import Answer, Domain, Role, SupportPlanType, Urgency
from needsfirst.needs.rules import RuleBook, rule_book

_DOMAIN_ORDER = {domain: index for index, domain in enumerate(Domain)}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a rule fired: the rule, the facts behind it, the urgency it set and its source."""

    rule_id: str
    text: str
    urgency: Urgency
    facts: tuple[tuple[str, Answer], ...]
    source: Source


@dataclass(frozen=True, slots=True)
class NeedAction:
    """A suggested action for a need, as urgent as the most urgent rule that asked for it."""

    action_id: str
    text: str
    role: Role
    support_plan_type: SupportPlanType
    urgency: Urgency
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Need:
    domain: Domain
    title: str
    urgency: Urgency
    actions: tuple[NeedAction, ...]
    sources: tuple[Source, ...]

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(reason for action in self.actions for reason in action.reasons)


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A fact still unknown: what to ask next, and in which domain."""

    fact: str
    domain: Domain
    question: str


@dataclass(frozen=True, slots=True)
class NeedsAssessment:
    facts: AssessmentFacts
    needs: tuple[Need, ...]
    open_questions: tuple[OpenQuestion, ...]

    def need(self, domain: Domain) -> Need | None:
        return next((need for need in self.needs if need.domain is domain), None)

    def urgency_of(self, domain: Domain) -> Urgency | None:
        need = self.need(domain)
        return need.urgency if need else None

    @property
    def most_urgent(self) -> Urgency:
        return max(need.urgency for need in self.needs)


def needs_assess(facts: AssessmentFacts, *, book: RuleBook | None = None) -> NeedsAssessment:
    """Triage every need domain from the facts. Never asks for, and never uses, a trafficking label.

    Each need's urgency is the highest urgency of the rules that fired for it; every need and
    action carries the reasons (rule, facts, source) behind it. Unknown facts are listed as open
    questions. Rules for everyone guarantee that no person leaves without a need to act on.
    """
    book = book or rule_book()
    answers = {name: facts.answer(name) for name in fact_names()}
    by_action: dict[str, list[Reason]] = {}
    templates = {}
    for rule in book.rules:
        if not rule.fires(answers):
            continue
        reason = Reason(
            rule_id=rule.id,
            text=rule.reason,
            urgency=rule.urgency,
            facts=tuple((name, answers[name]) for name, _accepted in rule.when),
            source=rule.source,
        )
        by_action.setdefault(rule.action.id, []).append(reason)
        templates[rule.action.id] = rule.action

    by_domain: dict[Domain, list[NeedAction]] = {}
    for action_id, reasons in by_action.items():
        template = templates[action_id]
        ordered = tuple(sorted(reasons, key=lambda r: (-r.urgency, r.rule_id)))
        by_domain.setdefault(template.domain, []).append(
            NeedAction(
                action_id=action_id,
                text=template.text,
                role=template.role,
                support_plan_type=template.support_plan_type,
                urgency=ordered[0].urgency,
                reasons=ordered,
            )
        )

    needs = []
    for domain, actions in by_domain.items():
        info = book.domains[domain]
        actions.sort(key=lambda a: (-a.urgency, a.action_id))
        needs.append(
            Need(
                domain=domain,
                title=info.title,
                urgency=actions[0].urgency,
                actions=tuple(actions),
                sources=info.sources,
            )
        )
    needs.sort(key=lambda n: (-n.urgency, _DOMAIN_ORDER[n.domain]))

    open_questions = tuple(
        OpenQuestion(name, fact_domain(name), fact_question(name))
        for name in fact_names()
        if answers[name] is Answer.UNKNOWN
    )
    return NeedsAssessment(facts=facts, needs=tuple(needs), open_questions=open_questions)
