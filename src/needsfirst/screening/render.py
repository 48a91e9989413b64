"""A determination as readable text, for the command line and for printing."""

from __future__ import annotations

from collections.abc import Callable

from needsfirst.i18n import _, gettext_noop, render, text
from needsfirst.screening.engine import DISCLAIMER, Determination


def render_text(
    result: Determination,
    translate: Callable[[str], str] = gettext_noop,
    translate_plural: Callable[[str, str, int], str] | None = None,
) -> str:
    """Plain text: labels with their elements, arithmetic, notes, then the next questions.

    `translate` (and `translate_plural`) are a gettext (and ngettext); English by default.
    """

    def t(message: object) -> str:
        return render(message, translate, translate_plural)

    lines = [
        t(
            text(
                _("Screening of record %(record)s as of %(date)s"),
                record=result.record_id or "-",
                date=result.as_of,
            )
        ),
        t(text(_("Rules version: %(version)s"), version=result.rules_version)),
        "",
        t(result.summary),
        "",
    ]
    if result.conflicts:
        lines += [t(_("Conflicts between the answers recorded:"))]
        lines += [f"  ! {t(c.text)}" for c in result.conflicts if c.text is not None]
        lines.append("")
    for conclusion in result.labels:
        flag = t(_("  [rests on unverified data]")) if conclusion.rests_on_unverified else ""
        lines.append(f"* {t(conclusion.title)}{flag}")
        for key, value in conclusion.details.items():
            shown = ", ".join(t(v) for v in value) if isinstance(value, list) else t(value)
            lines.append(f"    {key}: {shown}")
        for element in conclusion.elements:
            mark = {"yes": "+", "no": "-", "unknown": "?"}[element.status]
            check = "" if element.verified else t(_(" [unverified]"))
            lines.append(f"    {mark} {t(element.name)} ({element.source}{check})")
            for fact in element.facts:
                lines.append(f"        - {t(fact)}")
    if result.calculations:
        lines += ["", t(_("Arithmetic:"))] + [f"  {t(line)}" for line in result.calculations]
    if result.derived_indicators:
        lines += ["", t(_("Indicators derived from the facts:"))]
        lines += [f"  {t(line)}" for line in result.derived_indicators]
    if result.notes:
        lines += ["", t(_("Notes:"))] + [f"  {t(line)}" for line in result.notes]
    if result.formal_decision:
        decision = result.formal_decision
        lines += [
            "",
            t(
                text(
                    _("Formal decision: %(status)s (differs from this screening)")
                    if decision["differs"]
                    else _("Formal decision: %(status)s"),
                    status=str(decision["status"]),
                )
            ),
        ]
    if result.questions:
        lines += ["", t(_("Questions that could change the outcome (most decisive first):"))]
        for number, question in enumerate(result.questions, start=1):
            lines.append(f"  {number}. {t(question.question)}")
    lines += ["", t(DISCLAIMER)]
    return "\n".join(lines) + "\n"
