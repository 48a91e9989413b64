"""Demo inspection data: the twenty workplaces of the backtest history
(`needsfirst.inspection.demo`) as the demo inspectorate's records, private households among
them, each with a past visit and its findings (forced labour found at seven), an earlier visit
where the history says indicators were found before, a back-pay order still unpaid, a visit
planned for today, and a worker referred with consent to the demo shelter. Names are invented
and marked (demo); workers are labels, never names."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from needsfirst.inspection.demo import demo_history
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, User
from needsfirst.web.inspection import services
from needsfirst.web.inspection.models import Workplace

NAMES = {
    "A01": "Farm",
    "A03": "Fishing boat",
    "B08": "Quarry",
    "C10": "Food processing",
    "C13": "Textile workshop",
    "F41": "Building site",
    "F43": "Building site",
    "G45": "Car wash",
    "G47": "Shop",
    "H52": "Warehouse",
    "I55": "Hotel",
    "I56": "Restaurant",
    "M69": "Accountancy office",
    "N81": "Cleaning company",
    "P85": "School",
    "S96": "Nail bar",
    "T97": "Private household",
}
AREAS = ["Valle Verde", "Porto Nuovo", "Collina", "Centro", "Pianura"]
FOUND = ["withholding_of_wages", "retention_of_identity_documents", "debt_bondage"]
EARLIER = ["excessive_overtime", "isolation"]


def demo_inspection(*, inspector: User, partner: Organisation, today: date) -> None:
    """Create the demo inspectorate's workplaces and their history, once."""
    if Workplace.objects.filter(organisation=inspector.organisation).exists():
        return
    actor = Actor.for_user(inspector)
    for index, (signals, found) in enumerate(demo_history()):
        household = signals.isic == "T97"
        workplace = services.workplace_register(
            actor=actor,
            data={
                "name": f"{NAMES.get(signals.isic, 'Workplace')} {index + 1} (demo)",
                "jurisdiction": "IT",
                "area": AREAS[index % len(AREAS)],
                "isic": signals.isic,
                "employer": "" if household else f"Demo Employer {index + 1} Srl",
                "size": 2 if household else 10 + 7 * index,
                "migrant_share": signals.migrant_share,
                "recruiters": [
                    {"name": f"Demo Agency {index + 1}-{number + 1}", "licensed": False}
                    for number in range(signals.unlicensed_recruiters)
                ],
                "is_household": household,
                "complaints": signals.complaints,
            },
        )
        bases = ["consent"] if household else []
        for number in range(signals.earlier_findings):
            day = today - timedelta(days=400 + 30 * number + index)
            visit = services.visit_plan(
                actor=actor, workplace=workplace, planned_on=day, entry_bases=bases
            )
            services.visit_done(actor=actor, visit=visit, done_on=day)
            services.finding_add(
                actor=actor, visit=visit, scope="workplace", indicators=EARLIER[: 1 + number % 2]
            )
        day = today - timedelta(days=20 + 3 * index)
        visit = services.visit_plan(
            actor=actor,
            workplace=workplace,
            planned_on=day,
            entry_bases=bases,
            joint_with=["police"] if found else [],
        )
        services.visit_done(actor=actor, visit=visit, done_on=day)
        if found:
            services.finding_add(
                actor=actor,
                visit=visit,
                scope="worker",
                worker_label="Worker 1",
                indicators=FOUND[: 1 + index % 3],
            )
            services.finding_add(
                actor=actor, visit=visit, scope="worker", worker_label="Worker 2", none_found=True
            )
            services.sanction_impose(
                actor=actor,
                visit=visit,
                kind="back_pay",
                amount=Decimal(1200 + 300 * index),
                currency="EUR",
                workers=2,
                due_on=day + timedelta(days=14),
            )
        else:
            services.finding_add(actor=actor, visit=visit, scope="workplace", none_found=True)
        if index == 0:
            # the first farm: a worker referred on site with consent, waiting at the shelter
            services.checklist_receive(
                actor=actor,
                visit=visit,
                submission="6f1c2a52-7d1e-4c3b-9a4e-0d5f3b9e2a10",
                workers=[
                    {
                        "label": "Worker 3",
                        "indicators": ["withholding_of_wages", "restriction_of_movement"],
                        "consent": True,
                        "partner": str(partner.uuid),
                    }
                ],
            )
        if index in (1, 6):
            # households and a farm planned for today: the inspector's day
            services.visit_plan(
                actor=actor, workplace=workplace, planned_on=today, entry_bases=bases
            )
