"""Writes of the wage claim: each one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from needsfirst import law
from needsfirst.i18n import Text
from needsfirst.wages import Claim
from needsfirst.wages.remedies import ForumAdvice, RemedyFacts, RemedyInputError, remedy_options
from needsfirst.wages.render import claim_to_data
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_arg, case_of_arg, writes_case
from needsfirst.web.claims.models import ClaimMatter, MatterOutcome, MatterStage, WageClaim
from needsfirst.web.common.errors import input_error_message


def _stored(message: str) -> Any:
    """A sentence as it is stored: its message id and parameters, so it reads again in any
    language."""
    return message.as_json() if isinstance(message, Text) else message


def claim_record(claim: Claim) -> dict[str, Any]:
    """The computed claim as stored: `claim_to_data`, with each sentence kept as a message."""
    data = claim_to_data(claim)
    for row, line in zip(data["lines"], claim.lines, strict=True):
        row["arithmetic"] = _stored(line.arithmetic)
    data["notes"] = [_stored(note) for note in claim.notes]
    return data


@writes_case("wage_claim_save", case_arg)
@transaction.atomic
def wage_claim_save(
    *,
    actor: Actor,
    case: Case,
    facts: Mapping[str, Any],
    claim: Claim,
) -> WageClaim:
    """Save the claim on the case as a new version; the earlier ones stay as its history.

    `facts` are the entries (the claim layout plus the employer's name); `claim` is what the
    core computed from them, checked by the caller."""
    saved = WageClaim.objects.create(
        case=case,
        facts=dict(facts),
        result=claim_record(claim),
        rules_version=law.rules_version(),
        created_by=actor.staff,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=saved,
        actor=actor,
        detail={"case": str(case.uuid), "lines": len(claim.lines)},
    )
    return saved


class MatterError(ValueError):
    """A follow-up that cannot be recorded: `field` names the entry at fault."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _advice_for(facts: RemedyFacts, forum: str) -> ForumAdvice:
    try:
        advice = remedy_options(facts, forum=forum)
    except RemedyInputError as error:
        raise MatterError(error.field, input_error_message(error)) from error
    if not advice.forums:
        raise MatterError("forum", _("No rule of this forum was in force on these dates."))
    return advice.forums[0]


@writes_case("claim_matter_open", case_arg)
@transaction.atomic
def claim_matter_open(
    *,
    actor: Actor,
    case: Case,
    facts: RemedyFacts,
    forum: str,
    wage_claim: WageClaim | None = None,
) -> ClaimMatter:
    """Take the claim to a forum: the deadline is the core's (`wages.remedies`), stored with
    the rules version it came from, so the daily reminders can warn before it."""
    advice = _advice_for(facts, forum)
    matter = ClaimMatter.objects.create(
        case=case,
        wage_claim=wage_claim,
        jurisdiction=facts.jurisdiction,
        forum=forum,
        facts=remedy_facts_to_data(facts),
        deadline=advice.deadline,
        last_deadline=advice.last_deadline,
        rules_version=law.rules_version(),
        created_by=actor.staff,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=matter,
        detail={"case": str(case.uuid), "forum": forum},
    )
    return matter


@writes_case("claim_matter_follow_up", case_of_arg("matter"))
@transaction.atomic
def claim_matter_follow_up(
    *,
    actor: Actor,
    matter: ClaimMatter,
    stage: str,
    filed_on: date | None = None,
    hearing_on: date | None = None,
    decided_on: date | None = None,
    outcome: str = "",
    currency: str = "",
    awarded: Decimal | None = None,
    recovered: Decimal | None = None,
) -> ClaimMatter:
    """Record where the matter stands. Contradictions are refused naming the field: a stage
    that needs a date without it, dates before the facts, more recovered than awarded."""
    if stage not in MatterStage.values:
        raise MatterError("stage", _("Choose a stage from the list."))
    _check_follow_up_dates(
        stage,
        first_unpaid=date.fromisoformat(matter.facts["first_unpaid"]),
        filed_on=filed_on,
        hearing_on=hearing_on,
        decided_on=decided_on,
    )
    _check_follow_up_outcome(
        stage, outcome=outcome, currency=currency, awarded=awarded, recovered=recovered
    )
    matter.stage = stage
    matter.filed_on, matter.hearing_on, matter.decided_on = filed_on, hearing_on, decided_on
    matter.outcome, matter.currency = outcome, currency
    matter.awarded, matter.recovered = awarded, recovered
    matter.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=matter,
        detail={"case": str(matter.case.uuid), "stage": stage},
    )
    return matter


def _check_follow_up_dates(
    stage: str,
    *,
    first_unpaid: date,
    filed_on: date | None,
    hearing_on: date | None,
    decided_on: date | None,
) -> None:
    needs: dict[str, tuple[str, date | None]] = {
        MatterStage.FILED: ("filed_on", filed_on),
        MatterStage.HEARING: ("hearing_on", hearing_on),
        MatterStage.DECIDED: ("decided_on", decided_on),
        MatterStage.PAID: ("decided_on", decided_on),
    }
    if stage in needs and needs[stage][1] is None:
        raise MatterError(needs[stage][0], _("This date is required at this stage."))
    if stage not in (MatterStage.OPEN, MatterStage.CLOSED) and filed_on is None:
        raise MatterError("filed_on", _("Give the day the claim was filed."))
    for name, day in (
        ("filed_on", filed_on),
        ("hearing_on", hearing_on),
        ("decided_on", decided_on),
    ):
        if day is not None and day < first_unpaid:
            raise MatterError(name, _("This day is before the first unpaid pay day."))
    if filed_on and decided_on and decided_on < filed_on:
        raise MatterError("decided_on", _("The decision cannot come before the claim was filed."))


def _check_follow_up_outcome(
    stage: str,
    *,
    outcome: str,
    currency: str,
    awarded: Decimal | None,
    recovered: Decimal | None,
) -> None:
    if stage in (MatterStage.DECIDED, MatterStage.PAID) and not outcome:
        raise MatterError("outcome", _("Give the outcome once the forum decided."))
    if outcome and outcome not in MatterOutcome.values:
        raise MatterError("outcome", _("Choose an outcome from the list."))
    if (awarded is not None or recovered is not None) and not currency:
        raise MatterError("currency", _("Give the currency of the amounts."))
    for name, amount in (("awarded", awarded), ("recovered", recovered)):
        if amount is not None and amount < 0:
            raise MatterError(name, _("An amount cannot be negative."))
    if awarded is not None and recovered is not None and recovered > awarded:
        raise MatterError("recovered", _("More cannot be recovered than was awarded."))
    if stage == MatterStage.PAID and (awarded is None or recovered != awarded):
        raise MatterError(
            "recovered", _("Paid in full means the amount recovered equals the amount awarded.")
        )


def remedy_facts_to_data(facts: RemedyFacts) -> dict[str, Any]:
    return {
        "jurisdiction": facts.jurisdiction,
        "first_unpaid": facts.first_unpaid.isoformat(),
        "last_unpaid": facts.last_unpaid.isoformat(),
        "employment_ended": facts.employment_ended.isoformat() if facts.employment_ended else None,
        "events": {key: day.isoformat() for key, day in facts.events.items()},
        "immigration_status": str(facts.immigration_status),
        "willful": facts.willful,
    }
