"""The demo inspectorate: workplaces (private households among them) with past visits and
findings, so the backtest runs on the demo and an inspector's day can be lived."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.conftest import signed_in
from needsfirst.web.demo.loader import load_demo
from needsfirst.web.inspection import selectors
from needsfirst.web.inspection.models import Sanction, Visit, VisitStatus, WorkerReferral, Workplace

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_inspector_a_day_and_the_backtest_its_history():
    load_demo()
    load_demo()  # twice: nothing doubles
    kofi = User.objects.get(username="kofi")
    workplaces = Workplace.objects.filter(organisation=kofi.organisation)
    assert workplaces.count() == 20
    assert workplaces.filter(is_household=True).count() == 2
    today = timezone.localdate()
    assert Visit.objects.filter(status=VisitStatus.PLANNED, planned_on=today).count() == 2
    actor = Actor.for_user(kofi)
    result = selectors.backtest_of(actor, on=today)
    assert result is not None
    assert (result.total, result.found) == (20, 7)
    # the pure backtest of the same history (docs/inspection.md): four of seven in the top five
    assert result.found_in_top == 4
    assert Sanction.objects.filter(visit__workplace__organisation=kofi.organisation).count() == 7
    assert selectors.sanctions_outstanding(actor, on=today)
    referral = WorkerReferral.objects.get()
    assert referral.partner.name.startswith("Harbour Light Shelter")

    page = signed_in(kofi).get(reverse("inspection:list")).content.decode()
    assert "How the score ranks past visits" in page
    assert "4 of them were in the first 5" in page
