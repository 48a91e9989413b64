"""In a real browser, at desktop width, at 390 px and in Arabic: a caseworker looks for
duplicates, compares the two records side by side with the reasons, merges them, sees both
cases under one person, and undoes the merge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services as cases
from needsfirst.web.cases.models import Case
from needsfirst.web.dedup.models import PersonMerge

from .conftest import DESKTOP, sign_in_in_language

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize(
    ("name", "viewport", "language"),
    [("desktop", DESKTOP, "en"), ("phone-390", PHONE_390, "en"), ("arabic-390", PHONE_390, "ar")],
)
def test_a_caseworker_reviews_merges_and_undoes_a_duplicate(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    shoot: Callable[[Any, str], None],
    caseworker: User,
) -> None:
    actor = Actor.for_user(caseworker)
    first = cases.case_intake(
        actor=actor,
        person_data={
            "first_name": "Mohammed",
            "middle_name": "Ahmed",
            "second_name": "Al-Hassan",
            "birthdate": dt.date(1990, 5, 17),
            "citizenship": ["SY"],
            "sex": "male",
        },
    )
    second = cases.case_intake(
        actor=actor,
        person_data={
            "first_name": "محمد",
            "second_name": "الحسن",
            "birthdate": dt.date(1990, 5, 17),
            "citizenship": ["SY"],
            "sex": "male",
        },
    )
    watched = open_page(viewport)
    page = watched.page
    width = viewport["width"]
    sign_in_in_language(page, caseworker, language)

    page.goto("/duplicates/")
    page.locator('form[action$="/duplicates/run/"] button[type=submit]').click()
    row = page.locator("tr.candidate-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Al-Hassan")
    expect(row).to_contain_text("محمد")
    shoot(page, f"{name}-pairs")
    assert page.evaluate(SCROLL_WIDTH) <= width, "the list of pairs scrolls sideways"

    row.locator("a.button").click()
    expect(page.locator("table.compare")).to_contain_text(first.reference)
    expect(page.locator("table.compare")).to_contain_text(second.reference)
    expect(page.locator("ul.reasons li")).not_to_have_count(0)
    shoot(page, f"{name}-compare")
    assert page.evaluate(SCROLL_WIDTH) <= width, "the comparison scrolls sideways"

    page.locator('form[action$="/merge/"] button[type=submit]').click()
    merged = page.locator("ul.cards li").first
    expect(merged).to_contain_text("Al-Hassan")
    expect(merged.locator('form[action$="/undo/"]')).to_have_count(1)
    shoot(page, f"{name}-merged")
    assert page.evaluate(SCROLL_WIDTH) <= width
    kept, absorbed = PersonMerge.objects.values_list("kept_id", "absorbed_id").get()
    assert set(Case.objects.filter(person_id=kept).values_list("id", flat=True)) == {
        first.id,
        second.id,
    }

    merged.locator('form[action$="/undo/"] button[type=submit]').click()
    expect(page.locator("tr.candidate-row")).to_have_count(1)
    shoot(page, f"{name}-undone")
    assert Case.objects.get(pk=second.pk).person_id in {kept, absorbed}
    assert Case.objects.filter(person_id=absorbed).count() == 1
    assert watched.console_errors == []
