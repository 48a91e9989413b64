"""Fines and back-pay orders followed until paid: the reminder job tells the inspector before
the due day and while the order is unpaid, once per reminder day, and stops when it is paid;
the inspector reads them in their notifications."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.assistance.models import Notification
from needsfirst.web.assistance.services import reminders_send
from needsfirst.web.conftest import signed_in
from needsfirst.web.inspection import services
from needsfirst.web.inspection.reminders import reminder_day, sanction_payment_reminders

pytestmark = pytest.mark.django_db

VISIT = date(2026, 3, 2)
DUE = date(2026, 4, 1)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 24), None),
        (date(2026, 3, 25), (date(2026, 3, 25), False)),
        (date(2026, 3, 31), (date(2026, 3, 31), False)),
        (DUE, (date(2026, 3, 31), False)),
        (date(2026, 4, 2), (date(2026, 4, 2), True)),
        (date(2026, 5, 1), (date(2026, 4, 2), True)),
        (date(2026, 5, 2), (date(2026, 5, 2), True)),
    ],
)
def test_the_reminder_days_of_a_due_day(today, expected):
    assert reminder_day(DUE, today) == expected


@pytest.fixture
def kofi(make_user):
    organisation = Organisation.objects.create(
        name="Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    return make_user(Role.LABOUR_INSPECTOR, organisation, "kofi")


def _order(kofi, *, kind="back_pay"):
    actor = Actor.for_user(kofi)
    workplace = services.workplace_register(
        actor=actor,
        data={"name": "Mrs Private Household", "jurisdiction": "GB", "isic": "A01"},
    )
    visit = services.visit_plan(actor=actor, workplace=workplace, planned_on=VISIT)
    visit = services.visit_done(actor=actor, visit=visit, done_on=VISIT)
    return services.sanction_impose(
        actor=actor,
        visit=visit,
        kind=kind,
        amount=Decimal("900"),
        currency="GBP",
        workers=3,
        due_on=DUE,
    )


def test_an_unpaid_order_is_followed_until_paid_once_per_reminder_day(kofi, monkeypatch):
    order = _order(kofi)
    assert sanction_payment_reminders(date(2026, 3, 20)) == []
    made = sanction_payment_reminders(date(2026, 3, 25))
    assert [n.user for n in made] == [kofi]
    assert made[0].text == (
        "The back-pay order of the visit of 2026-03-02 is due on 2026-04-01; "
        "GBP 900.00 is still owed to the workers."
    )
    assert "Household" not in made[0].text
    assert sanction_payment_reminders(date(2026, 3, 26)) == []  # same reminder day: nothing new
    assert len(sanction_payment_reminders(date(2026, 4, 3))) == 1  # overdue
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 4, 10))
    services.sanction_payment(
        actor=Actor.for_user(kofi), sanction=order, amount=Decimal("900"), paid_on=date(2026, 4, 9)
    )
    assert sanction_payment_reminders(date(2026, 5, 3)) == []  # paid in full: no more
    assert Notification.objects.filter(user=kofi).count() == 2


def test_the_reminder_job_runs_it_and_the_inspector_reads_it(kofi, make_user):
    _order(kofi, kind="fine")
    reminders_send(today=date(2026, 4, 5))
    page = signed_in(kofi).get(reverse("assistance:notifications"))
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        "The fine imposed at the visit of <bdi>2026-03-02</bdi> was due on <bdi>2026-04-01</bdi>"
        in body
    )
    assert reverse("inspection:list") in body
    # another inspector of another organisation sees none of it
    other = Organisation.objects.create(
        name="Other", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    stranger = make_user(Role.LABOUR_INSPECTOR, other, "other")
    assert (
        "2026-04-01"
        not in signed_in(stranger).get(reverse("assistance:notifications")).content.decode()
    )
    notification = Notification.objects.get(user=kofi)
    read = signed_in(stranger).post(
        reverse("assistance:notification_read", args=[notification.uuid])
    )
    assert read.status_code == 404
