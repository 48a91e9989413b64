"""Blind index: keyed tokens hide names, separate keys and fields, rank, and re-index."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needsfirst.protect.blind_index import BlindIndex, reindex
from needsfirst.protect.crypto import KeyRing, generate_key
from needsfirst.protect.errors import KeyConfigurationError, UnknownKeyError
from needsfirst.protect.names import index_keys, normalise, tokenise
from tests.core.protect.protect_name_corpus import PEOPLE

OLD_KEY = generate_key()
NEW_KEY = generate_key()
RING = KeyRing([OLD_KEY])
INDEX = BlindIndex(RING, field="person.name")

name_text = st.text(alphabet=st.characters(categories=["L", "Zs", "Pd"]), min_size=1, max_size=30)


def _clear_forms(name: str) -> set[str]:
    forms = {name, name.lower(), normalise(name), *tokenise(name)}
    for key in index_keys(name):
        forms.add(key)
        forms.add(key.partition(":")[2])
    return {form for form in forms if form}


@pytest.mark.parametrize("person", PEOPLE[:20], ids=lambda p: p[0])
def test_the_index_never_holds_the_clear_name_its_normal_form_or_any_clear_key(
    person: tuple[str, ...],
) -> None:
    tokens = INDEX.index_tokens(person[0], *person[1:])
    assert tokens
    assert not tokens & _clear_forms(person[0])
    assert all(re.fullmatch(r"[0-9a-f]{16}", token) for token in tokens)


@settings(max_examples=200)
@given(name_text)
def test_no_name_ever_appears_in_its_tokens(name: str) -> None:
    tokens = INDEX.index_tokens(name)
    assert not tokens & _clear_forms(name)
    for token in tokens:
        assert re.fullmatch(r"[0-9a-f]{16}", token)


def test_the_same_name_under_two_keys_gives_unrelated_tokens() -> None:
    other = BlindIndex(KeyRing([NEW_KEY]), field="person.name")
    assert not INDEX.index_tokens("Mohammed Ali") & other.index_tokens("Mohammed Ali")


def test_the_same_name_in_two_fields_gives_unrelated_tokens() -> None:
    contact = BlindIndex(RING, field="contact.name")
    assert not INDEX.index_tokens("Mohammed Ali") & contact.index_tokens("Mohammed Ali")


def test_the_same_name_under_the_same_key_and_field_gives_the_same_tokens() -> None:
    again = BlindIndex(KeyRing([OLD_KEY]), field="person.name")
    assert INDEX.index_tokens("Olena Kovalenko") == again.index_tokens("Olena Kovalenko")


def test_a_misspelt_search_finds_the_person_first_among_the_corpus() -> None:
    stored = {person[0]: INDEX.index_tokens(person[0]) for person in PEOPLE}
    for search, expected in [
        ("Muhamad Aly", "Mohammed Ali"),
        ("محمد علي", "Mohammed Ali"),
        ("Elena Kovalenko", "Olena Kovalenko"),
        ("Oluwasuen Adeyemi", "Oluwaseun Adeyemi"),
        ("Youssef Alkhatib", "Yusuf Al-Khatib"),
    ]:
        query_tokens = INDEX.query_tokens(search)
        # what the database returns for `token IN (...)`: only matching rows
        hits = {rid: toks & query_tokens for rid, toks in stored.items() if toks & query_tokens}
        ranked = INDEX.rank(search, hits)
        assert ranked[0][0] == expected, (search, ranked[:3])


def test_aliases_are_searchable() -> None:
    tokens = INDEX.index_tokens("Blessing Okafor", "Joy Okafor")
    assert INDEX.build_query("Joy Okafor").score(tokens) == 1.0


def test_ranking_drops_candidates_below_the_minimum() -> None:
    candidates = {1: INDEX.index_tokens("Mohammed Ali"), 2: INDEX.index_tokens("Mohammed Hassan")}
    assert [rid for rid, _ in INDEX.rank("Mohammed Ali", candidates, minimum=0.9)] == [1]


def test_shorter_tokens_can_be_configured() -> None:
    short = BlindIndex(RING, field="person.name", token_hex_chars=6)
    assert all(len(token) == 6 for token in short.index_tokens("Ngozi Eze"))


@pytest.mark.parametrize("hex_chars", [0, 3, 65])
def test_a_token_length_out_of_range_is_a_configuration_error(hex_chars: int) -> None:
    with pytest.raises(KeyConfigurationError):
        BlindIndex(RING, field="person.name", token_hex_chars=hex_chars)


def test_an_empty_field_label_is_a_configuration_error() -> None:
    with pytest.raises(KeyConfigurationError):
        BlindIndex(RING, field="")


def test_an_index_for_a_key_not_in_the_ring_is_refused() -> None:
    with pytest.raises(UnknownKeyError):
        BlindIndex(RING, field="person.name", key_id=KeyRing([NEW_KEY]).primary_key_id)


def test_reindexing_after_a_key_rotation_recomputes_every_token_under_the_new_key() -> None:
    old_index = INDEX
    ring = KeyRing([NEW_KEY, OLD_KEY])
    new_index = BlindIndex(ring, field="person.name")
    transitional = BlindIndex(ring, field="person.name", key_id=RING.primary_key_id)
    decrypted = [(1, ["Mohammed Ali", "Abu Ali"]), (2, ["Olena Kovalenko"]), (3, [])]
    old_tokens = {rid: old_index.index_tokens(*names) for rid, names in decrypted if names}

    new_tokens = dict(reindex(new_index, decrypted))

    assert new_tokens[1] == new_index.index_tokens("Mohammed Ali", "Abu Ali")
    assert new_tokens[3] == set()
    assert not new_tokens[1] & old_tokens[1]
    # During the re-index, the old key still answers for rows not yet redone.
    assert transitional.query_tokens("Olena") & old_tokens[2]
    assert new_index.query_tokens("Olena") & new_tokens[2]
    assert not new_index.query_tokens("Olena") & old_tokens[2]
    assert new_index.key_id == ring.primary_key_id != transitional.key_id


def test_the_index_shows_its_field_and_key_id_but_no_key() -> None:
    text = repr(INDEX)
    assert "person.name" in text
    assert OLD_KEY not in text
