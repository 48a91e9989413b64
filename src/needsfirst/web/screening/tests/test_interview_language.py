"""The interview's section titles follow the reader's language."""

from __future__ import annotations


def test_the_dimension_titles_of_the_interview_are_translated():
    from django.utils import translation

    from needsfirst.web.screening.questions import groups

    with translation.override("fr"):
        titles = [str(section.title) for group in groups() for section in group.sections]
    with translation.override("en"):
        english = [str(section.title) for group in groups() for section in group.sections]
    dimension_titles = [(fr, en) for fr, en in zip(titles, english, strict=True) if " · " in en]
    assert dimension_titles
    assert any(fr != en for fr, en in dimension_titles)


def test_the_countries_of_the_interview_are_named_in_the_readers_language_with_their_code():
    from django.utils import translation

    from needsfirst.web.screening.forms import ScreeningForm
    from needsfirst.web.screening.questions import COUNTRY, questions_by_name

    name = next(n for n, question in questions_by_name().items() if question.kind == COUNTRY)
    for language, italy in (("en", "Italy (IT)"), ("fr", "Italie (IT)"), ("ar", "إيطاليا (IT)")):
        with translation.override(language):
            choices = dict(ScreeningForm().fields[name].choices)
        assert choices["IT"] == italy
