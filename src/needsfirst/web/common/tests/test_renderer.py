"""The fast widget renderer writes exactly what the widget templates write, for every kind of
widget the forms use, in every language (an empty choice reads "Choose…" in the reader's)."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe

from needsfirst.web.common.renderer import FAST, FastWidgetRenderer
from needsfirst.web.screening.forms import ScreeningForm


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, help_text="A name")
    count = forms.IntegerField(required=False)
    money = forms.DecimalField(required=False, max_digits=8, decimal_places=2)
    born = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    mail = forms.EmailField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    country = forms.ChoiceField(
        choices=[("", "---------"), ("IT", "Italy"), ("CI", "Côte d'Ivoire <&>")], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("", "---------"), ("Europe", [("FR", "France"), ("IT", "Italy")]), ("X", "X")],
        required=False,
    )
    many = forms.MultipleChoiceField(
        choices=[("ar", "Arabic"), ("fr", "French")],
        widget=forms.SelectMultiple(attrs={"data-search": "", "size": 8}),
        required=False,
    )
    answer = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", mark_safe("<i>Unknown</i>"))],
        widget=forms.RadioSelect,
        initial="unknown",
    )
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A & B"), ("b", 'Say "b"')],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = forms.TypedChoiceField(choices=[(4, "Now"), (1, "Planned")], coerce=int)


def _render_both(form: forms.Form) -> tuple[list[str], list[str]]:
    fast, slow = [], []
    for bound in form:
        bound.field.widget.attrs.setdefault("data-x", 'q"<>&')
        fast.append(str(bound.as_widget()))
        for option in bound.subwidgets:
            fast.append(str(option.tag(wrap_label=True)))
    form.renderer = TemplatesSetting()
    for bound in form:
        slow.append(str(bound.as_widget()))
        for option in bound.subwidgets:
            slow.append(str(option.tag(wrap_label=True)))
    return fast, slow


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "name": "Ana <b>",
            "count": "12000",
            "money": "12.50",
            "born": "1990-02-03",
            "secret": "x&y",
            "mail": "a@b.example",
            "hidden": "h",
            "agree": "on",
            "note": "line one\nline <two>",
            "country": "CI",
            "grouped": "FR",
            "many": ["ar", "fr"],
            "answer": "no",
            "boxes": ["a"],
            "urgency": "4",
        },
        {"name": "", "count": "many", "born": "not a day", "answer": "maybe"},
    ],
)
def test_every_widget_renders_the_same_html_as_its_template(language, data):
    with translation.override(language):
        form = EveryWidget(data, initial={"born": date(2000, 1, 2)}, renderer=FastWidgetRenderer())
        fast, slow = _render_both(form)
    assert fast == slow


def test_the_screening_form_renders_the_same_html_fast(db):
    form = ScreeningForm(renderer=FastWidgetRenderer())
    fast, slow = _render_both(form)
    assert fast == slow
    assert len(fast) > 300


def test_the_fast_templates_are_the_plain_ones_of_django_and_the_project():
    assert "django/forms/widgets/select_option.html" in FAST
    assert all(name.startswith("django/forms/widgets/") for name in FAST)
