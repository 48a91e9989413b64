"""The case list reads a page at a time by (opened, id), newest first: every case once, in order,
forwards and back, with no count of the whole list; the shared cases merged in their place."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.models import Role
from needsfirst.web.cases.models import Case, CaseShare, CaseStatus, Consent
from needsfirst.web.cases.selectors import case_list_page
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def _open(open_case, count, **extra):
    cases = [open_case(f"Person{n}", "Listed", **extra) for n in range(count)]
    # Spread the opening times; two share one moment, so the id breaks the tie.
    now = timezone.now()
    for index, case in enumerate(cases):
        moment = now - timedelta(hours=index // 2 * 3)
        Case.objects.filter(pk=case.pk).update(opened_at=moment)
    return list(Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("-opened_at", "-id"))


def test_walking_the_pages_forwards_lists_every_case_once_newest_first(caseworker, open_case):
    expected = _open(open_case, 8)
    seen, cursor = [], None
    while True:
        page = case_list_page(caseworker, after=cursor, size=3)
        seen += [case.pk for case in page]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [case.pk for case in expected]


def test_the_previous_link_goes_back_to_the_same_rows(caseworker, open_case):
    _open(open_case, 7)
    first = case_list_page(caseworker, size=3)
    second = case_list_page(caseworker, after=first.next_cursor, size=3)
    back = case_list_page(caseworker, before=second.previous_cursor, size=3)
    assert [c.pk for c in back] == [c.pk for c in first]
    assert not first.has_previous
    assert second.has_previous
    assert back.has_next


def test_a_cursor_that_does_not_parse_shows_the_first_page(caseworker_client, open_case):
    _open(open_case, 2)
    for bad in ("x", "1.2.3", "-" * 60, "99999999999999999999999.1", "12.-4"):
        response = caseworker_client.get(reverse("cases:list"), {"after": bad})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 2


def test_the_page_links_keep_the_filters_and_carry_no_page_number(
    caseworker_client, open_case, settings
):
    settings.NEEDSFIRST_PAGE_SIZE = 2
    _open(open_case, 5)
    html = caseworker_client.get(reverse("cases:list"), {"status": "open"}).content.decode()
    link = re.search(r'rel="next" href="\?([^"]+)"', html)
    assert link is not None
    assert "status=open" in link.group(1)
    assert "after=" in link.group(1)
    assert "page=" not in link.group(1)
    assert "Page 1 of" not in html


def test_the_filters_apply_on_every_page(caseworker, make_user, shelter, open_case):
    other = make_user(Role.CASEWORKER, shelter, "other-worker")
    mine = _open(open_case, 4)
    _open(open_case, 3, by=other)
    Case.objects.filter(pk=mine[0].pk).update(status=CaseStatus.CLOSED)
    listed, cursor = [], None
    while True:
        page = case_list_page(
            caseworker, mine=True, exclude_status=CaseStatus.CLOSED, after=cursor, size=2
        )
        listed += list(page)
        if not (cursor := page.next_cursor):
            break
    assert {c.pk for c in listed} == {c.pk for c in mine[1:]}


def test_cases_shared_under_consent_are_merged_in_order_and_others_never_appear(
    caseworker, make_user, other_ngo, open_case
):
    partner = make_user(Role.CASEWORKER, other_ngo, "partner")
    theirs = _open(open_case, 3)
    own = [open_case("Own", "Partner", by=partner) for _ in range(3)]
    consent = Consent.objects.create(
        case=theirs[1],
        kind="data_sharing",
        granted=True,
        purpose="referral",
        recipient=other_ngo,
        method="verbal",
        decided_on=date(2026, 1, 5),
        recorded_by=caseworker,
    )
    CaseShare.objects.create(case=theirs[1], organisation=other_ngo, consent=consent, sections=[])
    listed, cursor = [], None
    while True:
        page = case_list_page(partner, after=cursor, size=2)
        listed += [c.pk for c in page]
        if not (cursor := page.next_cursor):
            break
    expected = sorted([*own, theirs[1]], key=lambda c: (c.opened_at, c.pk), reverse=True)
    assert listed == [c.pk for c in expected]
    assert theirs[0].pk not in listed
    assert theirs[2].pk not in listed


def test_another_organisations_user_gets_no_case_even_with_a_cursor(
    make_user, other_ngo, open_case
):
    stranger = make_user(Role.CASEWORKER, other_ngo, "stranger")
    cases = _open(open_case, 3)
    assert list(case_list_page(stranger, size=2)) == []
    response = signed_in(stranger).get(reverse("cases:list"), {"after": f"{10**17}.{10**6}"})
    assert cases[0].reference not in response.content.decode()
