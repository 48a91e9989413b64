"""The French, Spanish and Arabic catalogues are complete, well formed and compiled.

The .po files are read with a small parser (no extra dependency), and the committed .mo files
with the standard library's `gettext`, so the check runs on machines without the gettext tools.
Comparing the two catalogues, rather than file dates, holds after a fresh clone too.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED = ["fr", "es", "ar"]
AR_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)

PERCENT = re.compile(r"%(?:\([^)]+\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGcou%]")
BRACE = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def _continue(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    """A continuation line: more text of the keyword above it."""
    name, index = target
    if index is not None:
        entry.msgstr_plural[index] += text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def _start(entry: Entry, keyword: str, text: str, where: str) -> tuple[str, int | None]:
    """A keyword line (msgid, msgstr[1], ...): its text, and where continuations go."""
    match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
    if match:
        index = int(match.group(1))
        entry.msgstr_plural[index] = text
        return ("msgstr", index)
    assert keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"), (
        f"{where}: unexpected {keyword!r}"
    )
    setattr(entry, keyword, text)
    return (keyword, None)


def parse_po(path: Path) -> list[Entry]:
    """Every non-obsolete entry of a .po file, the header (msgid "") included."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if started and target and target[0] == "msgstr":
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            _continue(entry, target, _unquote(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and started and target and target[0] == "msgstr":
                finish()
            started = True
            entry.line = entry.line or number
            target = _start(entry, keyword, _unquote(rest), f"{path}:{number}")
    finish()
    return entries


def placeholders(text: str, reference: str, flags: set[str]) -> Counter[str]:
    """The placeholders of `text` of the kinds that `reference` (the English) uses."""
    found: Counter[str] = Counter(TEMPLATE.findall(text))
    if "python-format" in flags or "%(" in reference:
        found.update(p for p in PERCENT.findall(text))
    if "python-brace-format" in flags or BRACE.search(reference):
        found.update(BRACE.findall(text))
    return found


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"


def messages(lang: str) -> list[Entry]:
    return [e for e in parse_po(po_path(lang)) if e.msgid or e.msgctxt]


def header(lang: str) -> dict[str, str]:
    head = next(e for e in parse_po(po_path(lang)) if not e.msgid and not e.msgctxt)
    assert "fuzzy" not in head.flags, f"{lang}: the header is marked fuzzy"
    pairs = (line.partition(":") for line in head.msgstr.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, _, value in pairs}


def test_catalogues_exist_for_every_language_of_the_site():
    for code, _name in settings.LANGUAGES:
        assert po_path(code).is_file(), f"missing {po_path(code)}"
        assert mo_path(code).is_file(), f"missing {mo_path(code)}"


def test_core_strings_are_extracted():
    """Text marked with needsfirst.i18n._ in the pure core reaches the catalogues."""
    ids = {e.msgid for e in messages("fr")}
    for text in (
        "Presumed victim of trafficking in persons",
        "Is the person without a safe place to sleep tonight?",
        "Unpaid wages (legal minimum)",
    ):
        assert text in ids


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_not_fuzzy(lang):
    problems = []
    for e in messages(lang):
        if "fuzzy" in e.flags:
            problems.append(f"line {e.line}: fuzzy: {e.msgid!r}")
        if e.msgid_plural is not None:
            if not e.msgstr_plural or not all(e.msgstr_plural.values()):
                problems.append(f"line {e.line}: a plural form is empty: {e.msgid!r}")
        elif not e.msgstr:
            problems.append(f"line {e.line}: untranslated: {e.msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms(lang):
    forms = header(lang)["Plural-Forms"]
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", forms).group(1))  # type: ignore[union-attr]
    if lang == "ar":
        assert forms == AR_PLURAL_FORMS
    for e in messages(lang):
        if e.msgid_plural is not None:
            assert sorted(e.msgstr_plural) == list(range(nplurals)), e.msgid


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_kept(lang):
    problems = []
    for e in messages(lang):
        if e.msgid_plural is None:
            want = placeholders(e.msgid, e.msgid, e.flags)
            got = placeholders(e.msgstr, e.msgid, e.flags)
            if got != want:
                problems.append(f"line {e.line}: {e.msgid!r}: {dict(want)} != {dict(got)}")
            continue
        # A plural form may leave out the number (Arabic says "one" and "two" in words),
        # but never adds a placeholder, and together the forms keep every one of them.
        want_set = set(placeholders(e.msgid_plural, e.msgid_plural, e.flags))
        seen: set[str] = set()
        for index, text in sorted(e.msgstr_plural.items()):
            got_set = set(placeholders(text, e.msgid_plural, e.flags))
            if not got_set <= want_set:
                problems.append(f"line {e.line}[{index}]: {e.msgid!r}: extra {got_set - want_set}")
            seen |= got_set
        if seen != want_set:
            problems.append(f"line {e.line}: {e.msgid!r}: missing {want_set - seen}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", [*TRANSLATED, "en"])
def test_committed_mo_matches_the_po(lang):
    """The .mo holds exactly the translated, non-fuzzy entries of the .po: it was recompiled."""
    with mo_path(lang).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog: dict[object, str] = dict(compiled._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)
    expected: dict[object, str] = {}
    for e in messages(lang):
        if "fuzzy" in e.flags:
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is not None:
            if all(e.msgstr_plural.values()):
                expected.update({(key, i): text for i, text in e.msgstr_plural.items()})
        elif e.msgstr:
            expected[key] = e.msgstr
    stale = sorted(map(str, set(expected) ^ set(catalog)))[:10]
    assert not stale, f"{lang}: recompile the .mo (manage.py compilemessages); differs on {stale}"
    changed = [k for k in expected if catalog[k] != expected[k]][:10]
    assert not changed, (
        f"{lang}: recompile the .mo (manage.py compilemessages); differs on {changed}"
    )


@pytest.mark.django_db
def test_login_page_in_arabic_is_right_to_left():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert 'lang="ar"' in page
    assert "تسجيل الدخول" in page  # "Sign in"


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "sign_in"), [("fr", "Se connecter"), ("es", "Iniciar sesión")])
def test_login_page_in_other_languages_is_left_to_right(lang, sign_in):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'dir="ltr"' in page
    assert sign_in in page
