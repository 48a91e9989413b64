"""The interview's questions written in Python: the HTML the template loop wrote, byte for byte.

The interview has about 150 questions; the template loop over them (a `{% with %}`, a dozen
variables and conditions a question, a `{% for %}` over each question's radio buttons) was most
of the page's processor time once the widgets themselves were written in Python
(`common/renderer.py`). This writes the same text: `tests/test_interview_html.py` keeps the
template loop it replaces and compares both, in English, French and Arabic, with errors and with
saved answers. The widgets, their error lists and the translations are still Django's (through the
renderer), so only the loop and its plain text are here; a change to the markup of a question is
made here.
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from needsfirst.web.common.renderer import errors_html, show
from needsfirst.web.screening import questions as q
from needsfirst.web.screening.forms import ScreeningForm


def questions_html(form: ScreeningForm) -> SafeString:
    """Every group of the interview, its sections and their questions, with the form's values
    and errors (the loop `{% for block in form.layout %}` of screening/interview.html)."""
    parts = []
    for number, block in enumerate(form.layout(), start=1):
        group = block["group"]
        parts.append(
            f'\n  <fieldset class="screening-group" id="group-{show(group.key)}">'
            f"\n    <legend>{show(number)}. {show(group.title)}</legend>"
            f'\n    <p class="meta source">{show(group.source)}</p>\n    '
        )
        few_sections = len(group.sections) < 3
        for index, part in enumerate(block["sections"]):
            parts.append(_section(part, opened=index == 0 or few_sections))
        parts.append("\n  </fieldset>\n  ")
    return SafeString("".join(parts))


def _section(part: dict[str, Any], *, opened: bool) -> str:
    section, condition = part["section"], part["condition"]
    attributes = f' data-show-any="{show(condition)}"' if condition else ""
    if not part["shown"]:
        attributes += " hidden"
    if opened or condition:
        attributes += " open"
    when = (
        f' <span class="meta">· {show(section.condition_text)}</span>'
        if section.condition_text
        else ""
    )
    items = "".join(_question(item) for item in part["items"])
    return (
        f'\n    <details class="screening-section" id="section-{show(section.key)}"{attributes}>'
        f"\n      <summary>{show(section.title)}{when}</summary>\n      "
        f"{items}\n    </details>\n    "
    )


def _question(item: dict[str, Any]) -> str:
    field: BoundField = item["field"]
    question: q.Question = item["question"]
    if question.kind == q.ANSWER:
        css, body = " answer", _answer(field, question, item["note"])
    else:
        css, body = "", _other(field)
    return (
        f'\n      \n      <div class="question{css}" id="q-{show(field.name)}">\n        '
        f"{body}\n      </div>\n      \n      "
    )


def _help(field: BoundField) -> str:
    return f'<p class="helptext">{show(field.help_text)}</p>' if field.help_text else ""


def _answer(field: BoundField, question: q.Question, note: BoundField | None) -> str:
    tag = (
        f' <span class="tag">{show(gettext("ILO forced-labour indicator:"))} '
        f"{show(question.tag)}</span>"
        if question.tag
        else ""
    )
    radios = "".join(
        f'<label class="choice" for="{show(radio.id_for_label)}">{show(radio.tag())} '
        f"{show(radio.choice_label)}</label>"
        for radio in field
    )
    return (
        f'\n        <fieldset class="tri"><legend>{show(field.label)}{tag}</legend>'
        f"\n          {radios}\n          {_help(field)}\n          {errors_html(field.errors)}"
        f"\n          {_note(field, note)}\n        </fieldset>\n        "
    )


def _note(field: BoundField, note: BoundField | None) -> str:
    if note is None:
        return ""
    evidence = show(gettext("Evidence note"))
    opened = " open" if note.value() else ""
    return (
        f'<details class="note"{opened}><summary>{evidence}</summary>'
        f'\n            <label class="visually-hidden" for="{show(note.id_for_label)}">'
        f"{evidence}: {show(field.label)}</label>{show(note)}{errors_html(note.errors)}</details>"
    )


def _other(field: BoundField) -> str:
    return (
        f'\n        <label for="{show(field.id_for_label)}">{show(field.label)}</label>'
        f"{show(field)}\n        {_help(field)}\n        {errors_html(field.errors)}\n        "
    )
