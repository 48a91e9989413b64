"""The saved result is shown with its plain-language summary and its outcomes in the reader's
language, with no machine key, on the screening page and on the case page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from needsfirst.web.screening.tests.conftest import TOMATOES, answers

# machine keys that must never reach a caseworker
MACHINE_KEYS = re.compile(
    r"means_at_destination|recruitment:|purposes:|D[1-6]\.[a-z_]+|ForcedLabour|"
    r"ForcedCriminality|below_minimum_wage|\bcoercive\b|forced_labour_undetermined|"
    r"single_fact|law_used|category_label|dimension D[1-6]"
)
CONTROLLED = {
    **TOMATOES,
    "indicators__D5_debt_bondage": "yes",
    "indicators__D5_isolation_confinement_surveillance": "yes",
    "acts__recruitment": "yes",
    "means__deception": "yes",
    "work__wage_paid__amount": "1",
}


def _determination_html(html: str) -> str:
    start = html.index('id="determination"')
    return html[start : html.index("</aside>", start)]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_screening_page_shows_the_summary_and_no_machine_key(
    caseworker_client, open_case, language
):
    case = open_case()
    url = reverse("screening:interview", args=[case.uuid])
    saved = caseworker_client.post(url, answers(**CONTROLLED))
    assert saved.status_code == 302
    page = caseworker_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    panel = _determination_html(html)
    assert 'class="screening-summary"' in panel
    assert 'href="#determination-heading"' in html  # the result is one tap away on a phone
    assert not MACHINE_KEYS.search(panel), MACHINE_KEYS.search(panel)


def test_the_case_page_shows_the_latest_saved_result_with_date_and_link(
    caseworker_client, open_case
):
    case = open_case()
    url = reverse("screening:interview", args=[case.uuid])
    assert caseworker_client.post(url, answers(**CONTROLLED)).status_code == 302
    html = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Latest saved screening:" in html
    assert 'class="screening-summary"' in html
    assert f"{url}#determination-heading" in html
    assert not MACHINE_KEYS.search(html[html.index('id="screening"') :])


def test_the_case_page_says_when_nothing_was_screened(caseworker_client, open_case):
    case = open_case()
    html = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "No screening saved yet." in html
