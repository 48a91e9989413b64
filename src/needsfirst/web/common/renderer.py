"""Form widgets rendered without a template per widget: the same HTML, a tenth of the work.

Django renders every widget, every radio button and every `<option>` through its own template
(an input includes the attributes' template, a select includes one template per option). The
screening interview has about 150 questions and country lists of 250 options: about 500 template
renders, 200 ms of processor a page, most of the page's cost. This renderer writes the HTML of
Django's plain widget templates in Python instead, producing the same text as those templates
(`common/tests/test_renderer.py` renders each both ways and compares), and leaves every other
template (a project's own, a widget with a custom template) to the template engine as before.

Nothing is cached: each widget is written from its own values, so no person's data can be kept
between requests. The project's own `select_option.html` (an empty choice reads "Choose…") is
written the same way here; a template added under `templates/django/forms/widgets/` that is not
one of those below is rendered by the template engine, and a changed one must be changed here too
(the test compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

WIDGETS = "django/forms/widgets/"


def show(value: Any) -> str:
    """`{{ value }}` in a template: local time, localised numbers, escaped."""
    return str(conditional_escape(localize(template_localtime(value))))


def _format_s(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the text of the value, escaped unless already safe."""
    return str(conditional_escape(value if isinstance(value, SafeData) else str(value)))


def _attrs(attrs: Mapping[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {show(name)}")
        else:
            parts.append(f' {show(name)}="{_format_s(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget.get("value")
    shown = f' value="{_format_s(value)}"' if value is not None else ""
    return (
        f'<input type="{show(widget.get("type", ""))}" name="{show(widget["name"])}"'
        f"{shown}{_attrs(widget.get('attrs', {}))}>\n"
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    if not widget.get("wrap_label"):
        return f"{_input(widget)}\n"
    element_id = widget.get("attrs", {}).get("id")
    label_for = f' for="{show(element_id)}"' if element_id else ""
    return f"<label{label_for}>{_input(widget)} {show(widget.get('label', ''))}</label>\n"


def _select_option(widget: Mapping[str, Any]) -> str:
    # The project's own template: Django's empty choice "---------" reads "Choose…".
    label = widget.get("label")
    shown = conditional_escape(gettext("Choose…")) if label == "---------" else show(label)
    return (
        f'<option value="{_format_s(widget.get("value"))}"'
        f"{_attrs(widget.get('attrs', {}))}>{shown}</option>\n"  # the template's last line
    )


def _option(option: Mapping[str, Any]) -> str:
    fast = FAST.get(option.get("template_name", ""))
    if fast is None:
        raise _NotFast
    return fast(option)


def _select(widget: Mapping[str, Any]) -> str:
    parts = [f'<select name="{show(widget["name"])}"{_attrs(widget.get("attrs", {}))}>']
    for group_name, group_choices, _index in widget.get("optgroups", []):
        if group_name:
            parts.append(f'\n  <optgroup label="{show(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _multiple_input(widget: Mapping[str, Any]) -> str:
    attrs = widget.get("attrs", {})
    element_id, css = attrs.get("id"), attrs.get("class")
    parts = [
        "<div",
        f' id="{show(element_id)}"' if element_id else "",
        f' class="{show(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget.get("optgroups", []):
        if group:
            parts.append(f"\n  <div><label>{show(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{show(widget["name"])}"{_attrs(widget.get("attrs", {}))}>\n'
        f"{show(value) if value else ''}</textarea>\n"
    )


def errors_html(errors: Any) -> str:
    """`{{ field.errors }}`: an empty error list writes nothing (its template starts with
    `{% if errors %}`), without asking the template engine."""
    return str(errors) if errors else ""


class _NotFast(Exception):
    """An option with a template of its own: the whole widget goes to the template engine."""


def _then_newline(write: Callable[[Mapping[str, Any]], str]) -> Callable[[Mapping[str, Any]], str]:
    """A template that only includes another: its output and the file's own last newline."""

    def wrapped(widget: Mapping[str, Any]) -> str:
        return f"{write(widget)}\n"

    return wrapped


# Each of Django's widget templates (and the project's select_option.html) ends with a newline,
# which is part of its output: the functions write those newlines too, so the HTML is the same.
FAST: dict[str, Callable[[Mapping[str, Any]], str]] = {
    f"{WIDGETS}input.html": _input,
    **{
        f"{WIDGETS}{name}.html": _then_newline(_input)
        for name in (
            "text",
            "number",
            "date",
            "hidden",
            "email",
            "password",
            "url",
            "checkbox",
            "time",
            "datetime",
            "tel",
            "search",
        )
    },
    f"{WIDGETS}input_option.html": _input_option,
    f"{WIDGETS}radio_option.html": _then_newline(_input_option),
    f"{WIDGETS}checkbox_option.html": _then_newline(_input_option),
    f"{WIDGETS}select_option.html": _select_option,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}radio.html": _then_newline(_multiple_input),
    f"{WIDGETS}checkbox_select.html": _then_newline(_multiple_input),
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}textarea.html": _textarea,
}


class FastWidgetRenderer(TemplatesSetting):
    """TemplatesSetting (widgets through the project's templates), with Django's plain widget
    templates written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = FAST.get(template_name)
        widget = context.get("widget")
        if fast is not None and isinstance(widget, Mapping):
            try:
                # As Django's renderers do, the outermost output is stripped.
                return SafeString(fast(widget).strip())
            except _NotFast:
                pass
        return super().render(template_name, context, request)
