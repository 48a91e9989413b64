"""Show or set an organisation's privacy budget for releases with differential privacy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from needsfirst.errors import InputError
from needsfirst.release.budget import Budget
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.statistics.models import PrivacyBudget
from needsfirst.web.statistics.release_services import budget_floor_check, budget_states


class Command(BaseCommand):
    help = (
        "Show an organisation's privacy budget and what its ledger spent in the period; with "
        "--epsilon, set the budget (total epsilon per --period-days)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, required=True, help="organisation id")
        parser.add_argument("--epsilon", type=float)
        parser.add_argument("--delta", type=float, default=0.0)
        parser.add_argument("--period-days", type=int, default=365)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError("organisation: no organisation with this id")
        if options["epsilon"] is not None:
            try:
                budget = Budget(options["epsilon"], options["delta"], options["period_days"])
                budget_floor_check(
                    organisation.pk, budget.epsilon, budget.period_days, timezone.now()
                )
            except InputError as error:
                raise CommandError(str(error)) from error
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            PrivacyBudget.objects.update_or_create(
                organisation=organisation,
                defaults={
                    "epsilon": budget.epsilon,
                    "delta": budget.delta,
                    "period_days": budget.period_days,
                },
            )
            audit_record(
                actor=Actor.system("privacy_budget"),
                action=AuditAction.UPDATE,
                object_type="privacybudget",
                object_id=str(organisation.pk),
                detail={"epsilon": budget.epsilon, "period_days": budget.period_days},
            )
        (row,) = budget_states([organisation.pk], timezone.now())
        state = row.state
        self.stdout.write(
            f"{organisation.name}: epsilon {state.budget.epsilon:g} per "
            f"{state.budget.period_days} days; {state.spent_epsilon:g} spent by "
            f"{state.releases} release(s); {state.remaining_epsilon:g} left"
        )
