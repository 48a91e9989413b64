"""A determination as readable text, for the command line and for printing."""

from __future__ import annotations

from needsfirst.i18n import _
from needsfirst.screening.engine import DISCLAIMER, Determination


def render_text(result: Determination) -> str:
    """Plain text: labels with their elements, arithmetic, notes, then the next questions."""
    lines = [
        _("Screening of record ") + (result.record_id or "-") + _(" as of ") + result.as_of,
        _("Rules version: ") + result.rules_version,
        "",
    ]
    for conclusion in result.labels:
        flag = _("  [rests on unverified data]") if conclusion.rests_on_unverified else ""
        lines.append(f"* {conclusion.title}{flag}")
        for key, value in conclusion.details.items():
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            lines.append(f"    {key}: {shown}")
        for element in conclusion.elements:
            mark = {"yes": "+", "no": "-", "unknown": "?"}[element.status]
            check = "" if element.verified else _(" [unverified]")
            lines.append(f"    {mark} {element.name} ({element.source}{check})")
            for fact in element.facts:
                lines.append(f"        - {fact}")
    if result.calculations:
        lines += ["", _("Arithmetic:")] + [f"  {line}" for line in result.calculations]
    if result.derived_indicators:
        lines += ["", _("Indicators derived from the facts:")]
        lines += [f"  {line}" for line in result.derived_indicators]
    if result.notes:
        lines += ["", _("Notes:")] + [f"  {line}" for line in result.notes]
    if result.formal_decision:
        decision = result.formal_decision
        lines += [
            "",
            _("Formal decision: ")
            + str(decision["status"])
            + (_(" (differs from this screening)") if decision["differs"] else ""),
        ]
    if result.questions:
        lines += ["", _("Questions that could change the outcome (most decisive first):")]
        for number, question in enumerate(result.questions, start=1):
            lines.append(f"  {number}. {question.question}")
    lines += ["", DISCLAIMER]
    return "\n".join(lines) + "\n"
