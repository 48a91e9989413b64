"""Names lose invisible and reordering characters before they are stored, shown or indexed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from needsfirst.protect import clean_name
from needsfirst.protect.names import index_keys, normalise

ZWNJ, ZWJ = "\u200c", "\u200d"
BIDI_CONTROLS = [
    "\u202a",  # left-to-right embedding
    "\u202b",  # right-to-left embedding
    "\u202c",  # pop directional formatting
    "\u202d",  # left-to-right override
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2067",  # right-to-left isolate
    "\u2068",  # first strong isolate
    "\u2069",  # pop directional isolate
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
]
INVISIBLE = [
    "\u200b",  # zero width space
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u2062",  # invisible times
    "\U000e0041",  # tag letter A
]


@pytest.mark.parametrize("char", BIDI_CONTROLS + INVISIBLE)
def test_a_bidi_control_or_invisible_character_is_removed_from_a_name(char: str) -> None:
    assert clean_name(f"{char}Ami{char}na{char} Okoro{char}") == "Amina Okoro"


def test_a_right_to_left_override_cannot_make_a_name_display_reversed() -> None:
    # With the override, the family name would display reversed; cleaned, it reads as typed.
    assert clean_name("Amina \u202eorokO") == "Amina orokO"


def test_zwnj_is_kept_inside_a_persian_name() -> None:
    mohammad_reza = f"محمد{ZWNJ}رضا"
    assert clean_name(mohammad_reza) == mohammad_reza


def test_zwj_and_zwnj_are_kept_inside_devanagari_and_bengali_words() -> None:
    for word in (f"क्{ZWJ}ष", f"र्{ZWJ}य", f"क्{ZWNJ}ष", f"ক্{ZWJ}ষ"):
        assert clean_name(word) == word


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (f"Anna{ZWNJ}Lena", "AnnaLena"),  # Latin never needs a joiner
        (f"{ZWNJ}محمد", "محمد"),  # at the start
        (f"محمد{ZWJ}", "محمد"),  # at the end
        (f"محمد{ZWNJ} رضا", "محمد رضا"),  # next to a space
        (f"محمد{ZWJ}{ZWJ}{ZWNJ}رضا", f"محمد{ZWNJ}رضا"),  # of a run, the last joiner stays
    ],
)
def test_a_joiner_where_no_script_needs_it_is_removed(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_control_characters_and_whitespace_runs_become_one_space() -> None:
    assert clean_name("  Amina\t\x00Okoro\n\u00a0Ali  ") == "Amina Okoro Ali"


def test_a_name_of_invisible_characters_only_is_empty() -> None:
    assert clean_name("\u202e\u200b\u2066\u2069") == ""


def test_a_name_with_hidden_characters_is_indexed_as_the_name_without_them() -> None:
    assert normalise("Mo\u200bham\u202emed") == normalise("Mohammed")
    assert index_keys("\u2067محمد\u2069 Ali") == index_keys("محمد Ali")


@given(st.text())
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_name(text)
    assert clean_name(once) == once


@given(st.text())
def test_a_clean_name_holds_no_format_character_but_a_needed_joiner(text: str) -> None:
    cleaned = clean_name(text)
    for index, char in enumerate(cleaned):
        if unicodedata.category(char) == "Cf":
            assert char in {ZWNJ, ZWJ, "\u180e"}
            assert 0 < index < len(cleaned) - 1
            assert not cleaned[index - 1].isspace()
            assert not cleaned[index + 1].isspace()
        assert unicodedata.category(char) != "Cc"
    assert cleaned == cleaned.strip()
