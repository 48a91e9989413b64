"""Marking user-facing text in the pure core for translation, without importing Django.

The core marks every message with `_()` (or `ngettext()` for plurals) as a whole sentence with
named placeholders (`%(amount)s`), and returns it as a `Text`: the English rendering (a `str`,
so the CLI and the tests read it as before) that also carries the message id and its
parameters. Django's `makemessages` extracts the marked ids into the catalogues under
`locale/`; the web layer renders a `Text` with `gettext` through `render()`, where the
reader's language is known.

`_`, `gettext_noop` and `ngettext` here never translate: they only mark. `ngettext` is named
so because xgettext extracts `ngettext:1,2` by default (Django's makemessages adds only
`ngettext_lazy`, not an `ngettext_noop`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple


def gettext_noop(message: str) -> str:
    """Mark `message` for extraction; the translation happens where it is shown."""
    return message


_ = gettext_noop


class Plural(NamedTuple):
    """A message with a singular and a plural form, chosen by a count."""

    singular: str
    plural: str


def ngettext_noop(singular: str, plural: str) -> Plural:
    """Mark a plural message for extraction (as `ngettext(singular, plural)`)."""
    return Plural(singular, plural)


# the name xgettext knows for plurals; still only a marker
ngettext = ngettext_noop

Params = Mapping[str, Any]


def _english(singular: str, plural: str | None, count: int | None) -> str:
    return plural if plural is not None and count != 1 else singular


def _format(template: str, params: Params, render_param: Callable[[Any], Any]) -> str:
    if not params:
        return template
    return template % {key: render_param(value) for key, value in params.items()}


class Items(tuple[Any, ...]):
    """A list parameter: its items (each a `Text` or a plain value) joined by `sep`."""

    sep: str

    def __new__(cls, items: Any, sep: str = ", ") -> Items:
        self = super().__new__(cls, items)
        self.sep = sep
        return self

    def __str__(self) -> str:
        return self.sep.join(str(item) for item in self)


def joined(items: Any, sep: str = ", ") -> Items:
    """A list shown inside a sentence, e.g. `text(_("by %(roles)s"), roles=joined(roles))`."""
    return Items(items, sep)


def _to_json(value: Any) -> Any:
    if isinstance(value, Text):
        return value.as_json()
    if isinstance(value, Items):
        return {"sep": value.sep, "items": [_to_json(item) for item in value]}
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)  # e.g. a Decimal: its text is what the sentence shows


def _from_json(value: Any) -> Any:
    if isinstance(value, Mapping):
        if "items" in value:
            return Items([_from_json(item) for item in value["items"]], value["sep"])
        return Text.from_json(value)
    return value


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Items) else value


class Text(str):
    """A marked message with its named parameters; as a `str`, its English rendering.

    Parameters may be plain values (numbers, codes, amounts: never translated) or `Text`
    (translated in turn, e.g. an enum label or a nested sentence).
    """

    msgid: str
    params: Params
    plural: str | None
    number: int | None  # the count of a plural message

    def __new__(
        cls,
        msgid: str | Plural,
        params: Params | None = None,
        count: int | None = None,
    ) -> Text:
        params = dict(params or {})
        if isinstance(msgid, Plural):
            singular, plural = msgid.singular, msgid.plural
            if count is None:
                raise ValueError("a plural message needs its count")
            params.setdefault("n", count)
        else:
            singular, plural = msgid, None
        english = _format(_english(singular, plural, count), params, _plain)
        self = super().__new__(cls, english)
        self.msgid = singular
        self.plural = plural
        self.number = count
        self.params = params
        return self

    def as_json(self) -> dict[str, Any]:
        """The message id and parameters, for storing with a result."""
        out: dict[str, Any] = {"msgid": self.msgid}
        if self.plural is not None:
            out["plural"] = self.plural
            out["count"] = self.number
        if self.params:
            out["params"] = {key: _to_json(value) for key, value in self.params.items()}
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Text:
        params = {key: _from_json(value) for key, value in (data.get("params") or {}).items()}
        if data.get("plural") is not None:
            return cls(Plural(data["msgid"], data["plural"]), params, data["count"])
        return cls(data["msgid"], params)


def text(msgid: str, **params: Any) -> Text:
    """`Text(msgid, params)`: a marked sentence with its named parameters."""
    return Text(msgid, params)


def plural_text(message: Plural, count: int, **params: Any) -> Text:
    """A plural message (marked with `ngettext`); `%(n)d` in it is the count."""
    return Text(message, params, count)


def render(
    message: object,
    translate: Callable[[str], str] = gettext_noop,
    translate_plural: Callable[[str, str, int], str] | None = None,
) -> str:
    """`message` formatted with a given gettext (and ngettext); English with the defaults.

    A plain `str` is translated as a whole (it is its own message id); a `Text` is translated
    by its id, then its parameters are put in, each rendered the same way if it is a `Text`.
    """
    if not isinstance(message, Text):
        return translate(str(message)) if message else ""
    if message.plural is not None:
        assert message.number is not None
        template = (
            translate_plural(message.msgid, message.plural, message.number)
            if translate_plural is not None
            else _english(message.msgid, message.plural, message.number)
        )
    else:
        template = translate(message.msgid)

    def param(value: Any) -> Any:
        if isinstance(value, Items):
            return value.sep.join(str(param(item)) for item in value)
        return render(value, translate, translate_plural) if isinstance(value, Text) else value

    return _format(template, message.params, param)
