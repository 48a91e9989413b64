"""Forms of the screening pages: the interview (facts in) and the authority's decision."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from needsfirst.screening import ScreeningInputError
from needsfirst.web.common.validators import country_choices
from needsfirst.web.screening import questions as q
from needsfirst.web.screening.models import AuthorityDecision

ANSWERS = (("unknown", _("Unknown")), ("yes", _("Yes")), ("no", _("No")))
NOTE_SUFFIX = "__note"


def _countries() -> list[tuple[str, str]]:
    """The countries named in the reader's language, each with its code (the law data's key)."""
    return [(code, f"{name} ({code})") for code, name in country_choices()]


class ScreeningForm(forms.Form):
    """Every question of the interview; "unknown" is the default and always allowed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = _countries()
        for question in q.questions_by_name().values():
            self.fields[question.name] = self._field(question, countries)
            if question.kind == q.ANSWER and question.path:
                self.fields[question.name + NOTE_SUFFIX] = forms.CharField(
                    label=_("Evidence note"),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    @staticmethod
    def _field(question: q.Question, countries: list[tuple[str, str]]) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.label,
            "required": question.required,
            "help_text": question.help,
        }
        if question.kind == q.ANSWER:
            return forms.ChoiceField(
                choices=ANSWERS, initial="unknown", widget=forms.RadioSelect, **common
            )
        if question.kind == q.INTEGER:
            return forms.IntegerField(min_value=0, max_value=130, **common)
        if question.kind == q.NUMBER:
            return forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, **common)
        if question.kind == q.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if question.kind == q.COUNTRY:
            first = [] if question.required else [("", gettext("Unknown"))]
            return forms.ChoiceField(choices=first + countries, **common)
        if question.kind == q.CHOICE:
            return forms.ChoiceField(choices=question.choices, **common)
        if question.kind == q.CURRENCY:
            return forms.CharField(
                max_length=3, widget=forms.TextInput(attrs={"size": 4}), **common
            )
        if question.kind == q.COUNTRIES:
            return forms.CharField(max_length=200, **common)
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 2}), **common)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for path in q.MONEY_PATHS:
            amount = q.field_name((*path, "amount"))
            currency = q.field_name((*path, "currency"))
            period = q.field_name((*path, "period"))
            if path == ("work", "deductions"):
                continue
            given = cleaned.get(amount) is not None
            if given and not cleaned.get(currency):
                self.add_error(currency, _("Give the currency of this amount."))
            if given and period in self.fields and not cleaned.get(period):
                self.add_error(period, _("Say per hour, day, week or month."))
        for value, source in (
            (("law", "minimum_wage", "amount"), ("law", "minimum_wage", "source", "title")),
            (
                ("law", "working_time", "max_hours_per_week"),
                ("law", "working_time", "source", "title"),
            ),
        ):
            given = cleaned.get(q.field_name(value)) is not None
            if given and not (cleaned.get(q.field_name(source)) or "").strip():
                self.add_error(
                    q.field_name(source),
                    _("A legal value is used only with its source: name the law or table."),
                )
        if cleaned.get(q.field_name(("work", "deductions", "amount"))) is not None and (
            cleaned.get(q.field_name(("work", "wage_paid", "amount"))) is None
        ):
            self.add_error(
                q.field_name(("work", "deductions", "amount")),
                _("Record the pay received first: deductions are taken from it."),
            )
        return cleaned

    def layout(self) -> list[dict[str, Any]]:
        """Groups, sections and their bound fields, in interview order, for the template."""
        values = self._current_values()
        layout = []
        for group in q.groups():
            sections = []
            for section in group.sections:
                items = [
                    {
                        "question": question,
                        "field": self[question.name],
                        "note": self[question.name + NOTE_SUFFIX]
                        if question.name + NOTE_SUFFIX in self.fields
                        else None,
                    }
                    for question in section.questions
                ]
                sections.append(
                    {
                        "section": section,
                        "items": items,
                        "shown": q.section_shown(section, values),
                        "condition": json.dumps([list(c) for c in section.show_if_any])
                        if section.show_if_any
                        else "",
                    }
                )
            layout.append({"group": group, "sections": sections})
        return layout

    def _current_values(self) -> dict[str, Any]:
        """Values that decide skip logic, from the submitted data or the initial answers."""
        values: dict[str, Any] = {}
        for name in q.questions_by_name():
            raw = self[name].value()
            values[name] = raw
        return values

    # --- facts in and out -------------------------------------------------------------------

    def record(self) -> dict[str, Any]:
        """The screening record from the answers; hidden sections and unknowns are left out."""
        values = self.cleaned_data
        record: dict[str, Any] = {"schema_version": "1"}
        for question in q.questions_by_name().values():
            if not question.path or not q.section_shown(q.section_of()[question.name], values):
                continue
            value = _fact(question, values.get(question.name))
            if question.kind == q.ANSWER:
                note = (values.get(question.name + NOTE_SUFFIX) or "").strip()
                if note:
                    value = {"answer": values.get(question.name) or "unknown", "note": note}
            if value is None:
                continue
            _put(record, question.path, value)
        work = record.get("work", {})
        if "deductions" in work and "wage_paid" in work:
            paid = work["wage_paid"]
            work["deductions"].update(currency=paid["currency"], period=paid["period"])
        return record

    def add_input_error(self, error: ScreeningInputError) -> None:
        """Show the engine's objection on the question it concerns, naming the fact."""
        name = field_for_path(error.field)
        reason = gettext(error.reason)
        if name and name in self.fields:
            self.add_error(name, reason)
        else:
            self.add_error(None, reason)


def field_for_path(dotted: str) -> str | None:
    """The form field of a record path, e.g. "person.citizenship.0" -> person__citizenship."""
    by_path = q.questions_by_path()
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in by_path:
            return by_path[candidate].name
        if candidate + ".amount" in by_path:
            return by_path[candidate + ".amount"].name
    return None


def _fact(question: q.Question, value: Any) -> Any:
    if value is None or value == "":
        return None
    if question.kind == q.ANSWER:
        return None if value == "unknown" else value
    if question.kind == q.NUMBER:
        return int(value) if value == value.to_integral_value() else float(value)
    if question.kind == q.DATE:
        return value.isoformat()
    if question.kind == q.CURRENCY:
        return str(value).strip().upper()
    if question.kind == q.COUNTRIES:
        codes = [code.strip().upper() for code in str(value).split(",") if code.strip()]
        return list(dict.fromkeys(codes)) or None
    if question.kind == q.TEXT:
        return str(value).strip() or None
    return value


def _put(record: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = record
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _get(record: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = record
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def initial_from_record(record: Mapping[str, Any], version: int) -> dict[str, Any]:
    """Form answers from stored facts, so the interview reopens where it was left."""
    initial: dict[str, Any] = {"version": version}
    for question in q.questions_by_name().values():
        if not question.path:
            continue
        value = _get(record, question.path)
        if value is None:
            continue
        if question.kind == q.ANSWER and isinstance(value, Mapping):
            initial[question.name + NOTE_SUFFIX] = value.get("note", "")
            value = value.get("answer")
        if question.kind == q.COUNTRIES and isinstance(value, list):
            value = ", ".join(value)
        initial[question.name] = value
    if record.get("work"):
        initial[q.INTERVIEW_ONLY_WORKED] = "yes"
    return initial


class AuthorityDecisionForm(forms.ModelForm):
    class Meta:
        model = AuthorityDecision
        fields = ["status", "decision_making_org", "organisation_name", "decided_on"]
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}

    def clean_decided_on(self) -> Any:
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return decided_on
