"""Name search costs the same in a large organisation: a capped number of tokens, and a bounded
number of index entries per token, while the person meant still comes first."""

from __future__ import annotations

import pytest

from needsfirst.web.cases import selectors
from needsfirst.web.common import crypto

pytestmark = pytest.mark.django_db


LONG_QUERY = "Mohammed Abdulrahman Oluwaseun Adeyemi Kovalenko Popescu Tesfaye Haddad"


def test_a_long_query_looks_up_at_most_the_cap_most_specific_tokens_first(settings):
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # one key, as usual
    text = LONG_QUERY
    assert len(crypto.query_tokens(text)) > crypto.QUERY_TOKEN_CAP
    tokens = crypto.search_tokens(text)
    assert len(tokens) == crypto.QUERY_TOKEN_CAP
    keys = crypto.blind_index().build_query(text).keys
    widths = [len(keys[token].covers) for token in tokens]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] > 1  # a key joining two names leads


def test_during_a_rotation_the_cap_holds_for_each_key_of_the_ring(settings):
    assert len(settings.FIELD_ENCRYPTION_KEYS) == 2  # the test settings hold an older key
    tokens = crypto.search_tokens(LONG_QUERY)
    assert len(tokens) == 2 * crypto.QUERY_TOKEN_CAP
    assert len(set(tokens)) == len(tokens)


def test_the_person_meant_comes_first_when_a_common_name_part_exceeds_the_bound(
    caseworker, open_case, monkeypatch
):
    for number in range(12):
        open_case("Mohammed", f"Other{chr(65 + number)}")
    meant = open_case("Mohammed", "Haddad")
    monkeypatch.setattr(selectors, "PER_TOKEN_LIMIT", 4)
    found = selectors.people_search(caseworker, "Muhamad Hadad")
    assert found[0] == meant.person


def test_a_search_of_only_invisible_characters_looks_up_nothing(caseworker):
    assert selectors.people_search(caseworker, "\u200b\u202e") == []


def test_the_search_page_reads_a_fixed_number_of_queries_whatever_the_results(
    caseworker_client, open_case
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = caseworker_client.post(reverse("cases:search"), {"name": "Amina Okafor"})
        assert response.status_code == 200
        return len(captured)

    open_case("Amina", "Okafor")
    queries()  # the first page after signing in renews the session (a write, once a minute)
    with_one = queries()
    for number in range(5):
        open_case("Amina", f"Okafor{chr(65 + number)}")
    assert queries() == with_one
