"""The interview's questions written in Python are the very HTML the template loop wrote: in
English, French and Arabic, empty, with saved answers and notes, and with errors after a bad
post."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.template import engines
from django.utils import translation

from needsfirst.web.screening.forms import NOTE_SUFFIX, ScreeningForm, initial_from_record
from needsfirst.web.screening.interview_html import questions_html
from needsfirst.web.screening.tests.conftest import TOMATOES, answers

# The loop of screening/interview.html that questions_html replaced, kept as the reference.
TEMPLATE_LOOP = "{% load i18n %}" + (
    Path(__file__).parent / "interview_loop_reference.html"
).read_text(encoding="utf-8")

SAVED_FACTS: dict[str, Any] = {
    "schema_version": "1",
    "as_of": "2024-06-01",
    "jurisdiction": "ES",
    "person": {"age": 25, "citizenship": ["MA", "DZ"]},
    "movement": {"crossed_border": {"answer": "yes", "note": 'Came by boat <"night"> & truck'}},
    "work": {"sector": "agriculture", "hours_per_day": 10},
}


def _by_template(form: ScreeningForm) -> str:
    return engines["django"].from_string(TEMPLATE_LOOP).render({"form": form})


def _bad_post() -> ScreeningForm:
    data = answers(**TOMATOES)
    data.update(
        {
            "person__age": "old",  # not a number
            "work__wage_paid__currency": "",  # an amount without its currency
            "jurisdiction": "XX",  # not a country
            "movement__crossed_border" + NOTE_SUFFIX: "x" * 4001,  # a note too long
            "indicators__D1_contract": "perhaps",  # not one of the answers
        }
    )
    form = ScreeningForm(data=data)
    assert not form.is_valid()
    return form


FORMS = {
    "empty": lambda: ScreeningForm(initial={"version": 0}),
    "saved answers": lambda: ScreeningForm(initial=initial_from_record(SAVED_FACTS, 3)),
    "after a bad post": _bad_post,
}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("state", FORMS)
def test_the_questions_are_written_exactly_as_the_template_wrote_them(language, state):
    with translation.override(language):
        form = FORMS[state]()
        written = questions_html(form)
        assert written == _by_template(form)
    assert written.count('class="question') > 100


def test_a_bad_post_shows_each_error_on_its_question_and_keeps_the_answers():
    with translation.override("fr"):
        written = questions_html(_bad_post())
    assert written.count('class="errorlist"') >= 4
    assert 'value="old"' in written
    assert "Came by boat" not in written


def test_saved_answers_and_their_note_are_shown_escaped_and_the_note_opened():
    written = questions_html(ScreeningForm(initial=initial_from_record(SAVED_FACTS, 3)))
    assert "Came by boat &lt;&quot;night&quot;&gt; &amp; truck" in written
    assert '<details class="note" open>' in written
    assert 'value="10"' in written
