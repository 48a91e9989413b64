"""Lists show people, not codes: name, age, nationality and the most urgent open need."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.assistance.rows import age_of, case_rows
from needsfirst.web.cases.models import Person
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def _assign_to(case, user):
    case.assigned_caseworker = user
    case.save(update_fields=["assigned_caseworker"])
    return case


def test_the_case_list_shows_the_name_age_nationality_and_most_urgent_need(
    caseworker_client, open_case, assess
):
    case = open_case("Blessing", "Okafor", estimated_age=24, citizenship=["NG"])
    assess(case, no_safe_place_tonight="yes")
    page = caseworker_client.get(reverse("cases:list")).content.decode()
    assert "Blessing Okafor" in page
    assert "about 24 years old" in page
    assert "Nigeria" in page
    assert "Shelter" in page
    assert case.reference in page


def test_the_case_list_reads_a_fixed_number_of_queries_whatever_the_number_of_rows(
    caseworker_client, open_case, assess
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = caseworker_client.get(reverse("cases:list"))
        assert response.status_code == 200
        return len(captured)

    queries()  # the first page after sign-in renews the session (at most once a minute)
    first = open_case("Ana", "One", citizenship=["PH"])
    assess(first, no_safe_place_tonight="yes")
    with_two = (open_case("Bo", "Two"), queries())[1]
    for n in range(6):
        assess(open_case(f"Person{n}", "Many", citizenship=["NP", "IN"]), injury="yes")
    with_eight = queries()
    assert with_eight == with_two


def test_a_partner_sees_no_name_of_a_case_whose_identity_is_not_shared(
    make_user, other_ngo, open_case
):
    case = open_case("Hidden", "Person")
    partner = make_user(Role.CASEWORKER, other_ngo, "partner")
    [row] = case_rows(partner, [case], timezone.localdate())
    assert row.name is None
    assert row.age == ""
    assert row.need is None


def test_the_most_urgent_need_is_marked_overdue_when_its_date_has_passed(
    caseworker, open_case, assess
):
    case = open_case()
    assess(case, no_safe_place_tonight="yes")
    PlanItem.objects.filter(case=case).update(due_on=timezone.localdate() - timedelta(days=7))
    [row] = case_rows(caseworker, [case], timezone.localdate())
    assert row.need is not None
    assert row.need.overdue


def test_an_age_is_counted_from_the_birth_date_or_grown_from_the_estimate():
    today = date(2026, 12, 3)
    assert age_of(Person(birthdate=date(2000, 12, 4)), today) == "25 years old"
    assert age_of(Person(birthdate=date(2000, 12, 3)), today) == "26 years old"
    estimate = Person(estimated_age=30, estimated_age_on=date(2024, 12, 1))
    assert age_of(estimate, today) == "about 32 years old"


def test_the_dashboard_lists_overdue_actions_apart_from_those_due_by_tomorrow(
    caseworker, caseworker_client, open_case, assess
):
    late = _assign_to(open_case("Late", "Person"), caseworker)
    assess(late, no_safe_place_tonight="yes")
    PlanItem.objects.filter(case=late).update(due_on=timezone.localdate() - timedelta(days=7))
    page = caseworker_client.get(reverse("home")).content.decode()
    overdue_section = page.split('id="overdue-tasks"')[1].split("</section>")[0]
    due_section = page.split('id="due-tasks"')[1].split("</section>")[0]
    assert "Late Person" in overdue_section
    assert "overdue since" in overdue_section
    assert "Late Person" not in due_section


def test_the_dashboard_count_of_open_cases_links_to_all_of_them(
    caseworker, caseworker_client, open_case
):
    for n in range(12):
        _assign_to(open_case(f"P{n}", "Open"), caseworker)
    page = caseworker_client.get(reverse("home")).content.decode()
    link = reverse("cases:list") + "?status=not_closed&amp;mine=on"
    assert link in page
    listed = caseworker_client.get(reverse("cases:list"), {"status": "not_closed", "mine": "on"})
    assert len(listed.context["page"].object_list) == 12


def test_the_supervisors_home_shows_the_teams_overdue_and_urgent_items(
    supervisor, open_case, assess
):
    case = open_case("Urgent", "Person")
    assess(case, no_safe_place_tonight="yes")
    PlanItem.objects.filter(case=case).update(due_on=timezone.localdate() - timedelta(days=2))
    page = signed_in(supervisor).get(reverse("home")).content.decode()
    assert 'id="team-urgent"' in page
    assert "Urgent Person" in page
    assert "overdue" in page


def test_the_case_heading_shows_the_persons_name(caseworker_client, open_case):
    case = open_case("Amal", "Haddad")
    page = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    heading = page.split("<h1>")[1].split("</h1>")[0]
    assert "Amal Haddad" in heading


def test_notifications_and_the_team_page_name_the_person(
    supervisor, caseworker_client, open_case, assess
):
    case = open_case("Named", "Person")
    assess(case, no_safe_place_tonight="yes")
    team = signed_in(supervisor).get(reverse("assistance:team")).content.decode()
    assert "Named Person" in team
