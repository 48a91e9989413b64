"""The privacy budget page: the organisation's administrator sets the total epsilon and the
period (after giving the password again, never below what is spent, audited); analysts read it;
and the release log, where every release that counted the organisation's cases is recorded,
k-anonymous ones included (they spend no epsilon)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.reauth import SESSION_KEY as REAUTH_SESSION_KEY
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.statistics.models import PrivacyBudget, ReleaseLogEntry
from needsfirst.web.statistics.refresh import refresh_case_facts
from needsfirst.web.statistics.release_services import release_create
from needsfirst.web.statistics.tests.test_privacy_budget import dp

pytestmark = pytest.mark.django_db

PAGE = "statistics:privacy-budget"


@pytest.fixture
def admin(make_user, shelter):
    return make_user(Role.ORGANISATION_ADMIN, shelter, "admin")


@pytest.fixture
def spent_one(shelter_cases, admin):
    """The shelter's cases, and a DP release that spent epsilon 1 on them."""
    refresh_case_facts()
    return release_create(actor=Actor.for_user(admin), data=dp(1.0))


def test_the_administrator_sets_the_budget_and_it_is_audited(admin, shelter):
    response = signed_in(admin).post(reverse(PAGE), {"epsilon": "4", "period_days": "180"})
    assert response.status_code == 302
    budget = PrivacyBudget.objects.get(organisation=shelter)
    assert (budget.epsilon, budget.period_days) == (4.0, 180)
    entry = AuditEntry.objects.get(
        actor=admin, action=AuditAction.UPDATE, object_type="privacybudget"
    )
    assert entry.detail["epsilon"][1] == 4.0
    assert entry.detail["period_days"][1] == 180


def test_the_budget_is_never_set_below_what_the_period_spent(spent_one, admin, shelter):
    response = signed_in(admin).post(reverse(PAGE), {"epsilon": "0.5", "period_days": "365"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "epsilon" in form.errors
    assert "already spent in the period: 1 in the last 365 days" in form.errors["epsilon"][0]
    assert not PrivacyBudget.objects.filter(organisation=shelter).exists()
    # exactly what was spent is allowed: nothing more can be released, nothing is exceeded
    assert (
        signed_in(admin).post(reverse(PAGE), {"epsilon": "1", "period_days": "365"}).status_code
        == 302
    )


def test_bad_figures_are_refused_naming_the_field(admin, shelter):
    response = signed_in(admin).post(reverse(PAGE), {"epsilon": "-1", "period_days": "zero"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"epsilon", "period_days"}
    assert not PrivacyBudget.objects.exists()


def test_saving_asks_for_the_password_again_when_it_is_old(admin):
    client = signed_in(admin)
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time()) - 24 * 3600
    session.save()
    response = client.post(reverse(PAGE), {"epsilon": "4", "period_days": "365"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not PrivacyBudget.objects.exists()


def test_an_analyst_reads_the_page_without_a_form_and_may_not_save(make_user, shelter, spent_one):
    analyst = make_user(Role.ANALYST, shelter, "analyst")
    client = signed_in(analyst)
    page = client.get(reverse(PAGE))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Only your organisation's administrator can change the budget." in page.content.decode()
    assert client.post(reverse(PAGE), {"epsilon": "50", "period_days": "365"}).status_code == 403
    assert not PrivacyBudget.objects.exists()
    assert AuditEntry.objects.filter(actor=analyst, action=AuditAction.ACCESS_DENIED).exists()


def test_a_caseworker_may_not_see_the_budget(caseworker_client):
    assert caseworker_client.get(reverse(PAGE)).status_code == 403


def test_another_organisations_administrator_sets_only_their_own_budget(
    make_user, other_ngo, shelter, spent_one
):
    stranger = make_user(Role.ORGANISATION_ADMIN, other_ngo, "stranger")
    client = signed_in(stranger)
    assert client.post(reverse(PAGE), {"epsilon": "0.1", "period_days": "365"}).status_code == 302
    assert PrivacyBudget.objects.get().organisation == other_ngo
    page = client.get(reverse(PAGE)).content.decode()
    assert "Nothing has been released from your organisation's cases yet." in page


# --- the release log --------------------------------------------------------------------------


def test_every_release_is_in_the_log_k_anonymous_ones_without_epsilon(spent_one, admin, shelter):
    release_create(actor=Actor.for_user(admin), data={**dp(1.0), "kind": "ctdc", "k": 5})
    log = list(ReleaseLogEntry.objects.order_by("released_at"))
    assert [(entry.kind, entry.epsilon, entry.organisation_id) for entry in log] == [
        ("dp_counts", pytest.approx(1.0), shelter.id),
        ("ctdc", 0.0, shelter.id),
    ]
    page = signed_in(admin).get(reverse(PAGE)).content.decode()
    assert "none (k-anonymous)" in page
    assert "spends no epsilon" in page


def test_an_analysts_release_over_every_organisation_is_in_each_ones_log(
    shelter_cases, ngo_cases, make_user, shelter, other_ngo
):
    refresh_case_facts()
    analyst = make_user(Role.ANALYST, shelter, "analyst")
    release = release_create(
        actor=Actor.for_user(analyst), data={**dp(1.0), "kind": "ctdc", "k": 5}
    )
    assert set(ReleaseLogEntry.objects.values_list("organisation_id", flat=True)) == {
        shelter.id,
        other_ngo.id,
    }
    ngo_admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, "ngo-admin")
    page = signed_in(ngo_admin).get(reverse(PAGE)).content.decode()
    assert "none (k-anonymous)" in page
    # the other organisation learns that it was released, not the release itself
    assert reverse("statistics:release-detail", args=[release.uuid]) not in page


# --- the world changing between the page and the save ------------------------------------------


def test_an_administrator_moved_since_the_page_sets_only_the_new_organisations_budget(
    admin, shelter, other_ngo
):
    client = signed_in(admin)
    client.get(reverse(PAGE))
    User.objects.filter(pk=admin.pk).update(organisation=other_ngo)
    assert client.post(reverse(PAGE), {"epsilon": "0.2", "period_days": "30"}).status_code == 302
    assert not PrivacyBudget.objects.filter(organisation=shelter).exists()
    assert PrivacyBudget.objects.get().organisation == other_ngo


def test_an_administrator_made_an_analyst_since_the_page_may_not_save(admin):
    client = signed_in(admin)
    client.get(reverse(PAGE))
    User.objects.filter(pk=admin.pk).update(role=Role.ANALYST)
    assert client.post(reverse(PAGE), {"epsilon": "50", "period_days": "365"}).status_code == 403
    assert not PrivacyBudget.objects.exists()


def test_a_system_administrator_without_an_organisation_may_not_save(make_user, shelter):
    root = make_user(Role.SYSTEM_ADMIN, shelter, "root")
    User.objects.filter(pk=root.pk).update(organisation=None)
    response = signed_in(root).post(reverse(PAGE), {"epsilon": "50", "period_days": "365"})
    assert response.status_code == 403
    assert not PrivacyBudget.objects.exists()


def test_the_organisations_name_is_isolated_from_the_arabic_caption(admin, shelter):
    client = signed_in(admin)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f'ميزانية الخصوصية لـ <bdi dir="auto">{shelter.name}</bdi>' in page
