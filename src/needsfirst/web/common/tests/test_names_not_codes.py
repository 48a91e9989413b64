"""Names, not codes: countries, languages, jurisdictions and empty choices read as words."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from needsfirst.web.common.validators import (
    USERS_LANGUAGES,
    country_choices,
    jurisdiction_name,
    language_choices,
    language_name,
)


def test_the_language_list_starts_with_the_users_languages_and_has_no_dead_ones():
    codes = [code for code, _name in language_choices()]
    first = codes[: len(USERS_LANGUAGES)]
    assert set(first) == set(USERS_LANGUAGES)
    assert {"ne", "ti", "am", "bn", "ar"} <= set(first)
    assert "vo" not in codes  # Volapük, constructed
    assert "ae" not in codes  # Avestan, ancient


@pytest.mark.parametrize(
    ("choices", "germany_or_german"), [(country_choices, "DE"), (language_choices, "de")]
)
def test_the_lists_made_once_a_language_still_follow_the_readers_language(
    choices, germany_or_german
):
    with translation.override("fr"):
        french = dict(choices())
    with translation.override("ar"):
        arabic = choices()
        arabic.clear()  # a caller changing its list does not change the next reader's
        arabic_again = dict(choices())
    with translation.override("fr"):
        assert dict(choices()) == french
    assert french.keys() == arabic_again.keys()
    assert french[germany_or_german] != arabic_again[germany_or_german]


def test_languages_read_as_their_names_without_iso_qualifiers():
    assert language_name("uk") == "Ukrainian"
    assert language_name("ne") == "Nepali"
    with translation.override("fr"):
        assert language_name("ne") == "Népalais"


def test_a_jurisdiction_reads_as_a_place_in_the_readers_language():
    assert jurisdiction_name("IT") == "Italy"
    assert jurisdiction_name("GB-SCT") == "Scotland, United Kingdom"
    with translation.override("fr"):
        assert jurisdiction_name("IT") == "Italie"


def _render(text: str, **context: object) -> str:
    return Template("{% load iso_names assistance_tags %}" + text).render(Context(context))


def test_a_reference_is_isolated_so_it_keeps_its_direction_in_arabic_text():
    assert _render("{{ v|isolate }}", v="+974 5555 0101") == "<bdi>+974 5555 0101</bdi>"
    assert _render("{{ v|isolate }}", v="<b>") == "<bdi>&lt;b&gt;</bdi>"


def test_a_citation_says_unverified_once_in_the_readers_words():
    stored = "IOM Handbook (2007), Ch. 5 [unverified]"
    assert _render("{{ s|citation }}", s=stored) == "IOM Handbook (2007), Ch. 5 (unverified)"
    assert _render("{{ s|citation_text }}", s=stored) == "IOM Handbook (2007), Ch. 5"
    assert "[unverified]" not in _render("{{ s|citation }}", s=stored)


def test_a_support_plan_type_reads_as_words_not_the_standards_key():
    assert _render("{{ v|plan_type }}", v="SocialCare") == "Social care"
    assert _render("{{ v|plan_type }}", v="RightsBasedTraining") == "Training on rights"


@pytest.mark.django_db
def test_no_select_shows_dashes_for_its_empty_choice(caseworker_client, open_case):
    case = open_case()
    page = caseworker_client.get(reverse("cases:edit", args=[case.uuid])).content.decode()
    assert "---------" not in page
    assert "Choose…" in page


@pytest.mark.django_db
def test_nationality_is_a_searchable_list_that_works_without_the_script(caseworker_client):
    page = caseworker_client.get(reverse("cases:intake")).content.decode()
    assert 'name="citizenship"' in page
    assert "multiple" in page
    assert "data-search" in page
    assert "needsfirst/search-select.js" in page


@pytest.mark.django_db
def test_the_directory_names_languages_and_countries(caseworker_client, shelter):
    from needsfirst.web.referrals.models import ServiceProvider

    ServiceProvider.objects.create(
        owner=shelter,
        organisation=shelter,
        in_needsfirst=True,
        name="Interpreters",
        type="interpreter",
        domains=["interpretation"],
        languages=["uk", "ne"],
        country="GB",
        city="Leeds",
        eligibility=[],
    )
    page = caseworker_client.get(reverse("referrals:directory")).content.decode()
    assert "Ukrainian, Nepali" in page
    assert "(United Kingdom)" in page
