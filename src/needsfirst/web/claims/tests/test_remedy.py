"""The road to a remedy: forums and deadlines on the page, a matter opened with its deadline,
its follow-up until paid, reminders before the deadline, and bad input by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from needsfirst.wages.remedies import remedy_facts_from_mapping
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.claims import services
from needsfirst.web.claims.models import ClaimMatter, MatterStage
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

HAQUE = {
    "jurisdiction": "GB",
    "forum": "employment-tribunal",
    "first_unpaid": "2016-06-20",
    "last_unpaid": "2016-06-20",
    "conciliation_started": "2016-07-22",
    "conciliation_ended": "2016-08-22",
    "immigration_status": "irregular",
}


def _url(case):
    return reverse("claims:remedy", args=[case.uuid])


def test_the_page_shows_the_deadline_the_core_computes_and_why(open_case, caseworker):
    case = open_case()
    response = signed_in(caseworker).post(_url(case), {**HAQUE, "action": "compute"})
    assert response.status_code == 200
    (row,) = response.context["advice"]
    assert row["deadline"] == date(2016, 10, 20)
    page = response.content.decode()
    assert "31 days from 2016-07-23 to 2016-08-22 are not counted" in page
    assert "Whether immigration status bars this claim is unclear." in page
    assert "Okedina" in page
    assert "Criminal Injuries Compensation Scheme" in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.uuid), detail__page="claim_remedy"
    ).exists()


def test_opening_the_matter_stores_the_deadline_and_audits_it(open_case, caseworker):
    case = open_case()
    response = signed_in(caseworker).post(_url(case), {**HAQUE, "action": "open"})
    assert response.status_code == 302
    matter = ClaimMatter.objects.get(case=case)
    assert (matter.forum, matter.deadline, matter.stage) == (
        "employment-tribunal",
        date(2016, 10, 20),
        MatterStage.OPEN,
    )
    assert matter.facts["immigration_status"] == "irregular"
    reopened = signed_in(caseworker).get(_url(case)).context["form"].initial
    assert (reopened["forum"], reopened["conciliation_ended"]) == (
        "employment-tribunal",
        "2016-08-22",
    )
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(matter.uuid), actor=caseworker
    ).exists()


def test_it_refuses_to_open_a_matter_without_a_forum_naming_the_field(open_case, caseworker):
    case = open_case()
    data = {**HAQUE, "forum": "", "action": "open"}
    response = signed_in(caseworker).post(_url(case), data)
    assert response.status_code == 400
    assert "forum" in response.context["form"].errors
    assert not ClaimMatter.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"last_unpaid": "2016-01-01"}, "last_unpaid"),
        ({"conciliation_ended": "2016-07-01"}, "conciliation_ended"),
        ({"conciliation_started": ""}, "conciliation_started"),
        ({"forum": "magistrates"}, "forum"),
        ({"first_unpaid": "20/06/2016"}, "first_unpaid"),
    ],
)
def test_it_refuses_bad_dates_and_unknown_forums_naming_the_field(
    open_case, caseworker, change, field
):
    case = open_case()
    response = signed_in(caseworker).post(_url(case), {**HAQUE, **change, "action": "open"})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ClaimMatter.objects.exists()


def test_a_forum_of_another_country_is_refused_naming_the_forum(open_case, caseworker):
    case = open_case()
    data = {**HAQUE, "forum": "conseil-de-prudhommes", "action": "compute"}
    response = signed_in(caseworker).post(_url(case), data)
    assert response.status_code == 400
    assert "forum" in response.context["form"].errors


def _matter(case, user, **facts):
    raw = {
        "jurisdiction": "GB",
        "first_unpaid": "2026-01-31",
        "last_unpaid": "2026-02-28",
        **facts,
    }
    return services.claim_matter_open(
        actor=Actor.for_user(user),
        case=case,
        facts=remedy_facts_from_mapping(raw),
        forum="employment-tribunal",
    )


def test_the_follow_up_runs_from_filed_to_paid_in_full(open_case, caseworker):
    case = open_case()
    matter = _matter(case, caseworker)
    client = signed_in(caseworker)
    url = reverse("claims:matter_follow_up", args=[case.uuid, matter.uuid])
    prefix = str(matter.uuid)
    steps = [
        {"stage": "filed", "filed_on": "2026-03-10"},
        {"stage": "hearing", "filed_on": "2026-03-10", "hearing_on": "2026-06-01"},
        {
            "stage": "decided",
            "filed_on": "2026-03-10",
            "hearing_on": "2026-06-01",
            "decided_on": "2026-06-15",
            "outcome": "awarded",
            "currency": "GBP",
            "awarded": "953.60",
            "recovered": "400",
        },
        {
            "stage": "paid",
            "filed_on": "2026-03-10",
            "hearing_on": "2026-06-01",
            "decided_on": "2026-06-15",
            "outcome": "awarded",
            "currency": "GBP",
            "awarded": "953.60",
            "recovered": "953.60",
        },
    ]
    for step in steps:
        response = client.post(url, {f"{prefix}-{key}": value for key, value in step.items()})
        assert response.status_code == 302, response.content[:2000]
        matter.refresh_from_db()
        assert matter.stage == step["stage"]
    assert matter.outstanding == Decimal("0")
    assert (
        AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(matter.uuid)).count()
        == 4
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"stage": "filed"}, "filed_on"),
        ({"stage": "filed", "filed_on": "2025-01-01"}, "filed_on"),
        ({"stage": "decided", "filed_on": "2026-03-10", "decided_on": "2026-06-15"}, "outcome"),
        (
            {
                "stage": "decided",
                "filed_on": "2026-03-10",
                "decided_on": "2026-03-01",
                "outcome": "awarded",
            },
            "decided_on",
        ),
        (
            {
                "stage": "decided",
                "filed_on": "2026-03-10",
                "decided_on": "2026-06-15",
                "outcome": "awarded",
                "currency": "GBP",
                "awarded": "100",
                "recovered": "200",
            },
            "recovered",
        ),
        (
            {
                "stage": "decided",
                "filed_on": "2026-03-10",
                "decided_on": "2026-06-15",
                "outcome": "awarded",
                "awarded": "100",
            },
            "currency",
        ),
        (
            {
                "stage": "paid",
                "filed_on": "2026-03-10",
                "decided_on": "2026-06-15",
                "outcome": "awarded",
                "currency": "GBP",
                "awarded": "100",
                "recovered": "50",
            },
            "recovered",
        ),
    ],
)
def test_a_contradictory_follow_up_is_refused_naming_the_field(open_case, caseworker, data, field):
    case = open_case()
    matter = _matter(case, caseworker)
    url = reverse("claims:matter_follow_up", args=[case.uuid, matter.uuid])
    prefix = str(matter.uuid)
    response = signed_in(caseworker).post(url, {f"{prefix}-{k}": v for k, v in data.items()})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    matter.refresh_from_db()
    assert matter.stage == MatterStage.OPEN


def test_another_organisation_gets_404_for_the_page_and_the_matter(
    open_case, caseworker, make_user, other_ngo
):
    case = open_case()
    matter = _matter(case, caseworker)
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo))
    assert stranger.get(_url(case)).status_code == 404
    url = reverse("claims:matter_follow_up", args=[case.uuid, matter.uuid])
    response = stranger.post(url, {f"{matter.uuid}-stage": "closed"})
    assert response.status_code == 404
    matter.refresh_from_db()
    assert matter.stage == MatterStage.OPEN


def test_a_labour_inspector_is_refused_the_remedy_page(open_case, make_user, shelter):
    case = open_case()
    inspector = signed_in(make_user(Role.LABOUR_INSPECTOR, shelter))
    assert inspector.get(_url(case)).status_code == 403


def test_reminders_warn_before_the_deadline_once_each_and_stop_once_filed(open_case, caseworker):
    case = open_case()
    case.assigned_caseworker = caseworker
    case.save()
    matter = _matter(case, caseworker)  # deadline: 27 May 2026 (three months less a day)
    assert matter.deadline == date(2026, 5, 27)
    call_command("send_reminders", "--today", "2026-04-20")
    assert not Notification.objects.filter(kind=NotificationKind.CLAIM_DEADLINE).exists()
    call_command("send_reminders", "--today", "2026-04-27")
    call_command("send_reminders", "--today", "2026-04-27")
    reminders = Notification.objects.filter(kind=NotificationKind.CLAIM_DEADLINE, user=caseworker)
    assert reminders.count() == 1
    assert case.reference in reminders.get().text
    assert "2026-05-27" in reminders.get().text
    services.claim_matter_follow_up(
        actor=Actor.for_user(caseworker), matter=matter, stage="filed", filed_on=date(2026, 5, 1)
    )
    call_command("send_reminders", "--today", "2026-05-26")
    assert reminders.count() == 1


def test_a_hearing_is_reminded_a_week_and_a_day_before_once_each(open_case, caseworker):
    case = open_case()
    case.assigned_caseworker = caseworker
    case.save()
    matter = _matter(case, caseworker)
    services.claim_matter_follow_up(
        actor=Actor.for_user(caseworker),
        matter=matter,
        stage="hearing",
        filed_on=date(2026, 3, 1),
        hearing_on=date(2026, 6, 10),
    )
    hearing = Notification.objects.filter(user=caseworker, text_code="claim_hearing")
    call_command("send_reminders", "--today", "2026-06-02")
    assert not hearing.exists()
    call_command("send_reminders", "--today", "2026-06-03")
    call_command("send_reminders", "--today", "2026-06-05")
    assert hearing.count() == 1
    call_command("send_reminders", "--today", "2026-06-09")
    assert hearing.count() == 2
    assert "2026-06-10" in hearing.first().text


def test_the_page_says_which_compensation_scheme_is_open_and_shows_legal_aid(open_case, caseworker):
    case = open_case()
    client = signed_in(caseworker)
    recent = {
        **HAQUE,
        "first_unpaid": "2025-09-01",
        "last_unpaid": "2025-10-31",
        "conciliation_started": "",
        "conciliation_ended": "",
        "action": "compute",
    }
    # identified as a trafficking victim, reported: the scheme is open
    opened = client.post(_url(case), {**recent, "reported": "yes", "trafficking_victim": "yes"})
    (scheme,) = opened.context["schemes"]
    assert scheme["outcome"] == "open"
    assert "Apply by 2027-10-31 (2 years from the crime)." in scheme["reasons"]
    page = opened.content.decode()
    assert "Legal Aid, Sentencing and Punishment of Offenders Act 2012" in page
    assert "For victims of trafficking." in page
    # not reported: closed, and the page says why
    closed = client.post(_url(case), {**recent, "reported": "no", "trafficking_victim": "yes"})
    (scheme,) = closed.context["schemes"]
    assert scheme["outcome"] == "closed"
    assert "Closed to this person." in closed.content.decode()
    assert any("it was not" in reason for reason in scheme["reasons"])
    # the Haque facts of 2016 are years out of time
    old = client.post(_url(case), {**HAQUE, "reported": "yes", "action": "compute"})
    (scheme,) = old.context["schemes"]
    assert scheme["outcome"] == "closed"
    assert any(reason.startswith("Out of time") for reason in scheme["reasons"])
