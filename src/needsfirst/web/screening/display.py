"""A determination ready to show: the engine's English text through gettext.

The pure core marks its text with `needsfirst.i18n._` and returns it in English; translation
happens here, where the reader's language is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, ngettext

from needsfirst.i18n import Text, render
from needsfirst.screening import DISCLAIMER

STATUS_MARK = {"yes": "met", "no": "not-met", "unknown": "unknown"}


def shown(result: Mapping[str, Any]) -> dict[str, Any]:
    """The stored or fresh result (`Determination.as_dict()`), translated for the page.

    A composed sentence is rebuilt from its message id and parameters (`result["messages"]`)
    and translated as a whole; other text is its own message id. A result stored before the
    messages were kept is translated line by line as before.
    """
    messages: Mapping[str, Any] = result.get("messages") or {}

    def _t(text: object) -> str:
        if not text:
            return ""
        if isinstance(text, str) and text in messages:
            return render(Text.from_json(messages[text]), gettext, ngettext)
        return render(text, gettext, ngettext)

    labels = []
    for label in result.get("labels", ()):
        elements = [
            {
                "name": _t(element["element"]),
                "status": element["status"],
                "mark": STATUS_MARK.get(element["status"], "unknown"),
                "facts": [_t(fact) for fact in element.get("facts", ())],
                "source": element.get("source", ""),
                "verified": element.get("verified", True),
            }
            for element in label.get("elements", ())
        ]
        details = {
            key: ", ".join(_t(v) for v in value) if isinstance(value, list) else _t(value)
            for key, value in (label.get("details") or {}).items()
        }
        labels.append(
            {
                "id": label["label"],
                "title": _t(label["title"]),
                "unverified": bool(label.get("rests_on_unverified_data")),
                "details": details,
                "elements": elements,
            }
        )
    return {
        "as_of": result.get("as_of", ""),
        "rules_version": result.get("rules_version", ""),
        "labels": labels,
        "questions": [
            {"text": _t(question["question"]), "impact": question.get("impact", 0)}
            for question in result.get("questions", ())
        ],
        "notes": [_t(note) for note in result.get("notes", ())],
        "calculations": [_t(line) for line in result.get("calculations", ())],
        "derived": [_t(line) for line in result.get("derived_indicators", ())],
        "disclaimer": _t(result.get("disclaimer") or DISCLAIMER),
    }
