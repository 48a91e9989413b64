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
