"""Demo screenings: the IOM 2009 situations, attached to a few demo cases."""

from __future__ import annotations

from typing import Any

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Case
from needsfirst.web.screening.services import screening_save

DEMO_FACTS: tuple[dict[str, Any], ...] = (
    {
        "as_of": "2024-06-01",
        "jurisdiction": "ES",
        "person": {"age": 25, "citizenship": ["MA"]},
        "movement": {"crossed_border": "yes"},
        "work": {
            "sector": "agriculture",
            "wage_promised": {"amount": 5, "currency": "EUR", "period": "day"},
            "wage_paid": {"amount": 5, "currency": "EUR", "period": "day"},
            "hours_per_day": 10,
            "days_per_week": 6,
        },
        "own_view": {"agreed_to_conditions": "yes"},
    },
    {
        "as_of": "2024-06-01",
        "jurisdiction": "IT",
        "person": {"age": 35, "citizenship": ["PH"]},
        "movement": {"crossed_border": "yes", "entry": "regular"},
        "acts": {"harbouring": "yes"},
        "purposes": {"Slavery": "yes"},
        "indicators": {
            "D5.isolation_confinement_surveillance": "yes",
            "D5.violence": "yes",
            "D5.confiscation_of_documents": "yes",
        },
        "own_view": {"agreed_to_conditions": "no", "free_to_leave": "no"},
    },
    {
        "as_of": "2024-06-01",
        "jurisdiction": "IT",
        "person": {"age": 28, "citizenship": ["ER"]},
        "movement": {
            "crossed_border": "yes",
            "entry": "irregular",
            "arranged_by": ["Smuggler"],
            "paid_by": "self",
            "amount_paid": {"amount": 5000, "currency": "USD"},
            "inhuman_or_degrading_treatment": "yes",
        },
    },
)


def demo_screening(*, case: Case, by: User, index: int) -> None:
    """Screen a demo case with one of the IOM situations (chosen by its index)."""
    facts = DEMO_FACTS[index % len(DEMO_FACTS)]
    screening_save(actor=Actor.for_user(by), case=case, facts=facts, expected_version=0)
