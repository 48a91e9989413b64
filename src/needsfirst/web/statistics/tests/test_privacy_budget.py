"""The privacy ledger: each release with differential privacy spends on the organisations whose
people it counts, and the release that would go over a budget is refused with what is left."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from needsfirst.errors import InputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.statistics.models import PartnerRelease, PrivacyBudget, PrivacySpend
from needsfirst.web.statistics.refresh import refresh_case_facts
from needsfirst.web.statistics.release_services import (
    budget_states,
    covered_organisations,
    release_create,
)

pytestmark = pytest.mark.django_db


def dp(epsilon: float, **extra) -> dict:
    return {
        "kind": "dp_counts",
        "k": 11,
        "max_suppression": 0.01,
        "dimension": "gender",
        "epsilon": epsilon,
        "bound": 1,
        **extra,
    }


@override_settings(NEEDSFIRST_PRIVACY_BUDGET_EPSILON=2.0)
def test_each_dp_release_is_recorded_and_the_one_over_the_budget_is_refused_with_what_is_left(
    shelter_cases, make_user, shelter
):
    refresh_case_facts()
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    client = signed_in(admin)
    assert client.post(reverse("statistics:release"), dp(1.0)).status_code == 302
    assert client.post(reverse("statistics:release"), dp(0.75)).status_code == 302
    spends = PrivacySpend.objects.order_by("released_at")
    assert [(s.organisation_id, s.contribution_bound, s.released_by_id) for s in spends] == [
        (shelter.id, 1, admin.id),
        (shelter.id, 1, admin.id),
    ]
    assert [round(s.epsilon, 6) for s in spends] == [1.0, 0.75]

    response = client.post(reverse("statistics:release"), dp(0.5))
    assert response.status_code == 200
    page = response.content.decode()
    assert "only 0.25 of the privacy budget is left for these cases" in page
    assert "(2 per 365 days, 1.75 spent by 2 releases)" in page
    assert PartnerRelease.objects.count() == 2
    assert PrivacySpend.objects.count() == 2
    refused = AuditEntry.objects.get(actor=admin, action=AuditAction.EXPORT_FAILED)
    assert refused.detail["code"] == "release.budget_exceeded"
    # a smaller epsilon still fits
    assert client.post(reverse("statistics:release"), dp(0.25)).status_code == 302


def test_a_k_anonymous_release_spends_no_epsilon(shelter_cases, make_user, shelter):
    refresh_case_facts()
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    release = release_create(actor=Actor.for_user(admin), data={**dp(1.0), "kind": "ctdc", "k": 5})
    assert release.kind == "ctdc"
    assert not PrivacySpend.objects.exists()


def test_an_analysts_release_over_every_organisation_spends_on_each_of_them(
    shelter_cases, ngo_cases, make_user, shelter, other_ngo
):
    refresh_case_facts()
    PrivacyBudget.objects.create(organisation=other_ngo, epsilon=1.0, period_days=30)
    analyst = make_user(Role.ANALYST, shelter, "lena")
    assert covered_organisations(analyst) == sorted([shelter.id, other_ngo.id])
    release_create(actor=Actor.for_user(analyst), data=dp(0.75))
    assert set(PrivacySpend.objects.values_list("organisation_id", flat=True)) == {
        shelter.id,
        other_ngo.id,
    }
    states = {
        b.organisation.id: b.state
        for b in budget_states([shelter.id, other_ngo.id], timezone.now())
    }
    assert states[other_ngo.id].remaining_epsilon == pytest.approx(0.25)
    assert states[shelter.id].remaining_epsilon == pytest.approx(2.25)  # the default, 3

    # the other NGO's administrator sees what the analyst spent on their people, and may not
    # spend more than is left of it
    ngo_admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, "ngo-admin")
    page = signed_in(ngo_admin).get(reverse("statistics:release")).content.decode()
    assert "Privacy ledger" in page
    assert "lena" in page
    response = signed_in(ngo_admin).post(reverse("statistics:release"), dp(0.5))
    assert "only 0.25 of the privacy budget is left" in response.content.decode()
    # the analyst is refused too: one organisation counted has too little left
    with pytest.raises(InputError) as refused:
        release_create(actor=Actor.for_user(analyst), data=dp(0.5))
    assert refused.value.params["remaining_epsilon"] == pytest.approx(0.25)


def test_spending_older_than_the_period_is_no_longer_counted(shelter_cases, make_user, shelter):
    refresh_case_facts()
    PrivacyBudget.objects.create(organisation=shelter, epsilon=1.0, period_days=30)
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    release_create(actor=Actor.for_user(admin), data=dp(1.0))
    PrivacySpend.objects.update(released_at=timezone.now() - dt.timedelta(days=31))
    release = release_create(actor=Actor.for_user(admin), data=dp(1.0))
    assert release.privacy_spends.count() == 1


def test_the_release_page_shows_the_budget_and_the_ledger(shelter_cases, make_user, shelter):
    refresh_case_facts()
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    release_create(actor=Actor.for_user(admin), data=dp(0.5, bound=2))
    page = signed_in(admin).get(reverse("statistics:release")).content.decode()
    assert "Privacy budget" in page
    assert ">2.5<" in page  # left of the default 3
    assert "Each person counted at most" in page
    detail = signed_in(admin).get(
        reverse("statistics:release-detail", args=[PartnerRelease.objects.get().uuid])
    )
    assert "Recorded in the privacy ledger of 1 organisation." in detail.content.decode()


def test_the_budget_is_set_per_organisation_and_a_meaningless_one_is_refused(shelter):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("privacy_budget", organisation=shelter.id, epsilon=5, period_days=90, stdout=out)
    assert "epsilon 5 per 90 days; 0 spent by 0 release(s); 5 left" in out.getvalue()
    assert PrivacyBudget.objects.get(organisation=shelter).epsilon == 5
    with pytest.raises(CommandError, match="epsilon must be positive"):
        call_command("privacy_budget", organisation=shelter.id, epsilon=0)


@override_settings(NEEDSFIRST_PRIVACY_BUDGET_EPSILON=1.0)
def test_a_release_that_another_took_the_budget_from_while_it_counted_is_refused(
    shelter_cases, make_user, shelter, monkeypatch
):
    """The budget is checked before counting and again, under a lock, before the release is
    kept: another release made in between is not spent twice."""
    from needsfirst.web.statistics import release_services

    refresh_case_facts()
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    counted = release_services._dp

    monkeypatch.setattr(release_services, "_dp", counted)

    def another_release_meanwhile(user, data):
        result = counted(user, data)
        release_services._dp = counted  # the other release counts plainly
        release_create(actor=Actor.for_user(admin), data=dp(0.75))
        return result

    release_services._dp = another_release_meanwhile
    with pytest.raises(InputError) as refused:
        release_create(actor=Actor.for_user(admin), data=dp(0.5))
    assert refused.value.params["remaining_epsilon"] == pytest.approx(0.25)
    assert PartnerRelease.objects.count() == 1
    assert PrivacySpend.objects.count() == 1


def test_a_role_that_may_not_release_is_refused_by_the_service(make_user, shelter):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        release_create(actor=Actor.for_user(make_user(Role.CASEWORKER, shelter)), data=dp(1.0))
    assert not PartnerRelease.objects.exists()
