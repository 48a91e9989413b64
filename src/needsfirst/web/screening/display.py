"""A determination ready to show: the engine's English text through gettext.

The pure core marks its text with `needsfirst.i18n._` and returns it in English; translation
happens here, where the reader's language is known. No machine key reaches the page: label
details are shown under translated names with translated values (indicator ids, purpose
codes, test names and means kinds are replaced by their labels), and details without a
reader-facing meaning are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from needsfirst.i18n import Text, render
from needsfirst.screening import DISCLAIMER, load_rules
from needsfirst.screening.instruments.trafficking_protocol import LABOUR_EXPLOITATION
from needsfirst.screening.outcomes import CATEGORIES, ELEMENT_NAMES, PRACTICES

STATUS_MARK = {"yes": "met", "no": "not-met", "unknown": "unknown", "undetermined": "unknown"}
DETAIL_NAMES = {
    "category": _("Age group"),
    "recruitment": _("How the person was recruited"),
    "means_at_destination": _("Means used to hold the person"),
    "purposes": _("Purposes of exploitation"),
    "basis": _("Basis"),
    "tests": _("Breaches of labour standards"),
    "missing": _("Not yet shown"),
    "closed_by": _("Ruled out"),
    "practice": _("Practice"),
    "law_used": _("Legal values used"),
}
KINDS = {
    "deceptive": _("deception"),
    "coercive": _("coercion"),
    "abuse_of_vulnerability": _("abuse of vulnerability or of power"),
}
INSTRUMENTS = {
    "trafficking_protocol": _("UN Trafficking Protocol"),
    "forced_labour": _("ILO Forced Labour Convention (C029)"),
    "slavery": _("Slavery, servitude and practices similar to slavery"),
    "smuggling_protocol": _("UN Smuggling of Migrants Protocol"),
    "labour_standards": _("Labour standards"),
}
INSTRUMENT_STATUS = {
    "yes": _("met"),
    "no": _("not met"),
    "undetermined": _("undetermined"),
}
LAW_USED = {
    ("minimum_wage", "supplied"): _("minimum wage supplied with the record"),
    ("minimum_wage", "tables"): _("minimum wage from the law tables"),
    ("working_time", "supplied"): _("working-time limit supplied with the record"),
    ("working_time", "tables"): _("working-time limit from the law tables"),
}


def _indicator_label(ident: object) -> Any:
    rules = load_rules()
    if isinstance(ident, str) and ident in rules.indicators:
        return Text(rules.indicators[ident].label)
    if isinstance(ident, str) and ident in rules.unodc:
        return Text(rules.unodc[ident][0])
    return ident


def _purpose_label(code: str) -> Any:
    purposes = load_rules().purposes
    return Text(purposes[code]) if code in purposes else Text(LABOUR_EXPLOITATION)


def _test_label(code: str) -> Any:
    objective = load_rules().objective
    return Text(objective[code][0]) if code in objective else code


def _detail_values(key: str, value: Any, t: Callable[[object], str]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if key == "category":
        return [t(Text(CATEGORIES[v])) for v in items if v in CATEGORIES]
    if key in ("recruitment", "means_at_destination"):
        return [str(KINDS[v]) for v in items if v in KINDS]
    if key == "purposes":
        return [t(_purpose_label(v)) for v in items]
    if key == "tests":
        return [t(_test_label(v)) for v in items]
    if key in ("missing", "closed_by"):
        return [t(Text(ELEMENT_NAMES[v])) for v in items if v in ELEMENT_NAMES]
    if key == "practice":
        return [t(Text(PRACTICES[v])) for v in items if v in PRACTICES]
    if key == "law_used" and isinstance(value, Mapping):
        return [str(LAW_USED[pair]) for pair in value.items() if pair in LAW_USED]
    if key == "basis":
        return [t(v) for v in items]
    return []


def _details(label: Mapping[str, Any], t: Callable[[object], str]) -> list[dict[str, str]]:
    details = label.get("details") or {}
    shown = []
    for key, name in DETAIL_NAMES.items():
        if key not in details:
            continue
        values = _detail_values(key, details[key], t)
        if values:
            shown.append({"name": str(name), "value": ", ".join(values)})
    if details.get("single_fact"):
        shown.append(
            {"name": str(_("Note")), "value": gettext("This rests on a single fact only.")}
        )
    return shown


def _translator(messages: Mapping[str, Any]) -> Callable[[object], str]:
    def _t(text: object) -> str:
        if not text:
            return ""
        if isinstance(text, str) and text in messages:
            return render(Text.from_json(messages[text]), gettext, ngettext)
        return render(text, gettext, ngettext)

    return _t


def _derived(line: str, messages: Mapping[str, Any], t: Callable[[object], str]) -> str:
    """'<indicator id>: <reasons>' shown with the indicator's label, not its id."""
    if line in messages:
        sentence = Text.from_json(messages[line])
        params = dict(sentence.params)
        if "indicator" in params:
            params["indicator"] = _indicator_label(params["indicator"])
            return render(Text(sentence.msgid, params), gettext, ngettext)
    ident, _sep, rest = line.partition(": ")
    label = _indicator_label(ident)
    return f"{t(label)}: {t(rest)}" if label is not ident else t(line)


def shown(result: Mapping[str, Any]) -> dict[str, Any]:
    """The stored or fresh result (`Determination.as_dict()`), translated for the page.

    A composed sentence is rebuilt from its message id and parameters (`result["messages"]`)
    and translated as a whole; other text is its own message id. A result stored before the
    messages were kept is translated line by line as before.
    """
    messages: Mapping[str, Any] = result.get("messages") or {}
    _t = _translator(messages)
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
        labels.append(
            {
                "id": label["label"],
                "title": _t(label["title"]),
                "unverified": bool(label.get("rests_on_unverified_data")),
                "details": _details(label, _t),
                "elements": elements,
            }
        )
    return {
        "as_of": result.get("as_of", ""),
        "rules_version": result.get("rules_version", ""),
        "summary": _t(result.get("summary", "")),
        "labels": labels,
        "instruments": [
            {
                "name": str(INSTRUMENTS[key]),
                "status": value["status"],
                "status_label": str(INSTRUMENT_STATUS.get(value["status"], value["status"])),
                "mark": STATUS_MARK.get(value["status"], "unknown"),
            }
            for key in INSTRUMENTS
            if (value := (result.get("instruments") or {}).get(key)) is not None
        ],
        "conflicts": [_t(c["text"]) for c in result.get("conflicts", ()) if c.get("text")],
        "questions": [
            {"text": _t(question["question"]), "impact": question.get("impact", 0)}
            for question in result.get("questions", ())
        ],
        "notes": [_t(note) for note in result.get("notes", ())],
        "calculations": [_t(line) for line in result.get("calculations", ())],
        "derived": [_derived(line, messages, _t) for line in result.get("derived_indicators", ())],
        "disclaimer": _t(result.get("disclaimer") or DISCLAIMER),
    }


def outcome_titles(result: Mapping[str, Any]) -> list[str]:
    """The translated titles of a stored result's labels (for the case page and history)."""
    t = _translator(result.get("messages") or {})
    return [t(label["title"]) for label in result.get("labels", ())]
