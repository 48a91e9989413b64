"""A sentence marked for translation keeps its message id until it is shown.

`_("Total in {currency}").format(currency=...)` (or, in the wages core, where `_` only
marks, `_("...") % {...}`) formats the English text first: the result is a new string no
catalogue knows, so the reader gets English whatever their language. The core builds a
`Text` instead (`needsfirst.i18n.text`), which the web layer renders by its message id.
"""

from __future__ import annotations

import ast
from pathlib import Path

import needsfirst

SOURCE = Path(needsfirst.__file__).parent
MARKERS = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "ngettext"}
# Packages of the pure core (where `_` only marks) held to the stricter rule: formatting the
# marked text with % loses the message id too. (needs/ still formats the reasons of its input
# errors with %, for the error-shape work to translate at the web edge.)
STRICT = ("wages",)


def _marks(node: ast.AST) -> bool:
    """True when `node` is, or wraps, a call of a marker (e.g. `t(_("..."))`)."""
    return any(
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Name)
        and inner.func.id in MARKERS
        for inner in ast.walk(node)
    )


def formatted_marks(path: Path, *, core: bool) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _marks(node.func.value)
        ):
            lines.append(node.lineno)
        if (
            core
            and isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Call)
            and _marks(node.left)
        ):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_the_pattern(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('x = t(_("Total {a}")).format(a=1)\ny = _(\n    "b {c}"\n).format(c=2)\n')
    assert formatted_marks(sample, core=False) == [1, 2]
    sample.write_text('z = _("a %(b)s") % {"b": 1}\n')
    assert formatted_marks(sample, core=True) == [1]
    assert formatted_marks(sample, core=False) == []


def test_no_marked_sentence_is_formatted_before_it_is_translated() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        core = relative.parts[0] in STRICT
        found += [f"{relative}:{line}" for line in formatted_marks(path, core=core)]
    assert found == [], "use text(_('... %(name)s ...'), name=...) instead: " + ", ".join(found)
