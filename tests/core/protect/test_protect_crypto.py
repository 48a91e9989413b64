"""Field encryption: round trips, tampering, key rotation, key configuration errors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import padding
from hypothesis import given
from hypothesis import strategies as st

from needsfirst.protect import crypto
from needsfirst.protect.crypto import KeyRing, generate_key, is_text_token
from needsfirst.protect.errors import (
    KeyConfigurationError,
    MalformedTokenError,
    ProtectErrorCode,
    TamperedTokenError,
    UnknownKeyError,
)

OLD_KEY = generate_key()
NEW_KEY = generate_key()
RING = KeyRing([OLD_KEY])


@given(st.text())
def test_any_text_survives_a_round_trip(plaintext: str) -> None:
    assert RING.decrypt_text(RING.encrypt_text(plaintext)) == plaintext


@given(st.binary(max_size=4096))
def test_any_bytes_survive_a_round_trip(data: bytes) -> None:
    assert RING.decrypt_bytes(RING.encrypt_bytes(data)) == data


def test_a_text_token_is_ascii_prefixed_and_holds_no_clear_text() -> None:
    token = RING.encrypt_text("Mohammed Ali")
    assert token.isascii()
    assert is_text_token(token)
    assert "Mohammed" not in token
    assert b"Mohammed" not in base64.urlsafe_b64decode(token[4:] + "==")


def test_the_same_plaintext_encrypts_differently_each_time() -> None:
    assert RING.encrypt_text("Olena") != RING.encrypt_text("Olena")


def test_short_names_of_different_lengths_give_tokens_of_one_length() -> None:
    lengths = {len(RING.encrypt_text(name)) for name in ("Ali", "Olena", "Mohammed Ali Hassan")}
    assert len(lengths) == 1


@given(st.data())
def test_any_altered_byte_of_the_ciphertext_is_rejected(data: st.DataObject) -> None:
    token = RING.encrypt_bytes(b"Oluwaseun Adeyemi")
    position = data.draw(st.integers(min_value=7, max_value=len(token) - 1))
    mask = data.draw(st.integers(min_value=1, max_value=255))
    altered = bytearray(token)
    altered[position] ^= mask
    with pytest.raises(TamperedTokenError) as caught:
        RING.decrypt_bytes(bytes(altered))
    assert caught.value.code is ProtectErrorCode.TAMPERED_TOKEN


def test_an_altered_text_token_is_rejected() -> None:
    token = RING.encrypt_text("Yusuf")
    middle = len(token) // 2
    swapped = "A" if token[middle] != "A" else "B"
    with pytest.raises(TamperedTokenError):
        RING.decrypt_text(token[:middle] + swapped + token[middle + 1 :])


def test_a_truncated_token_is_rejected() -> None:
    token = RING.encrypt_bytes(b"Ngozi Eze")
    with pytest.raises((TamperedTokenError, MalformedTokenError)):
        RING.decrypt_bytes(token[:-1])


def test_a_token_moved_to_another_field_is_rejected() -> None:
    token = RING.encrypt_text("Ahmed", context="person.given_name")
    assert RING.decrypt_text(token, context="person.given_name") == "Ahmed"
    with pytest.raises(TamperedTokenError):
        RING.decrypt_text(token, context="person.family_name")


@pytest.mark.parametrize(
    "value",
    ["Mohammed", "nf1:", "nf1:!!!not-base64!!!", "nf1:" + "A" * 10, ""],
)
def test_a_value_that_is_not_a_token_raises_a_malformed_token_error(value: str) -> None:
    with pytest.raises(MalformedTokenError):
        RING.decrypt_text(value)


def test_a_bytes_token_read_as_text_raises_a_malformed_token_error() -> None:
    blob = RING.encrypt_bytes(b"\xff\xfe\x00")
    token = "nf1:" + base64.urlsafe_b64encode(blob).rstrip(b"=").decode()
    with pytest.raises(MalformedTokenError):
        RING.decrypt_text(token)


def test_after_adding_a_new_key_old_tokens_still_decrypt_and_rotate_to_the_new_key() -> None:
    old_token = KeyRing([OLD_KEY]).encrypt_text("Olena Kovalenko", context="person.name")
    ring = KeyRing([NEW_KEY, OLD_KEY])
    assert ring.decrypt_text(old_token, context="person.name") == "Olena Kovalenko"
    assert ring.needs_rotation(old_token)

    rotated = ring.rotate(old_token, context="person.name")

    assert not ring.needs_rotation(rotated)
    assert ring.inspect(rotated).key_id == ring.primary_key_id
    assert KeyRing([NEW_KEY]).decrypt_text(rotated, context="person.name") == "Olena Kovalenko"


def test_rotating_a_token_already_under_the_newest_key_leaves_it_unchanged() -> None:
    ring = KeyRing([NEW_KEY, OLD_KEY])
    token = ring.encrypt_text("Kwame Mensah")
    assert ring.rotate(token) == token


def test_bytes_tokens_rotate_too() -> None:
    old_blob = KeyRing([OLD_KEY]).encrypt_bytes(b"passport scan")
    ring = KeyRing([NEW_KEY, OLD_KEY])
    rotated = ring.rotate_bytes(old_blob)
    assert not ring.needs_rotation(rotated)
    assert KeyRing([NEW_KEY]).decrypt_bytes(rotated) == b"passport scan"


def test_a_removed_key_makes_its_tokens_fail_with_a_typed_error_that_names_only_the_key_id() -> (
    None
):
    old_ring = KeyRing([OLD_KEY])
    token = old_ring.encrypt_text("Aminata Diallo")

    with pytest.raises(UnknownKeyError) as caught:
        KeyRing([NEW_KEY]).decrypt_text(token)

    error = caught.value
    assert error.code is ProtectErrorCode.UNKNOWN_KEY
    assert error.key_id == old_ring.primary_key_id
    assert error.key_id in str(error)
    assert OLD_KEY not in str(error)
    assert NEW_KEY not in str(error)
    assert OLD_KEY.rstrip("=") not in str(error)


def test_a_removed_key_also_blocks_rotation() -> None:
    token = KeyRing([OLD_KEY]).encrypt_text("Tesfaye")
    with pytest.raises(UnknownKeyError):
        KeyRing([NEW_KEY]).rotate(token)


def test_the_ring_reads_comma_separated_keys_newest_first_from_the_environment() -> None:
    ring = KeyRing.from_env({"FIELD_ENCRYPTION_KEYS": f" {NEW_KEY} , {OLD_KEY}\n"})
    assert ring.key_ids == (KeyRing([NEW_KEY]).primary_key_id, KeyRing([OLD_KEY]).primary_key_id)


def test_keys_without_base64_padding_are_accepted() -> None:
    assert KeyRing([NEW_KEY.rstrip("=")]).key_ids == KeyRing([NEW_KEY]).key_ids


def test_a_missing_variable_is_a_configuration_error_that_says_what_to_set() -> None:
    with pytest.raises(KeyConfigurationError) as caught:
        KeyRing.from_env({})
    assert caught.value.code is ProtectErrorCode.NO_KEYS
    assert "FIELD_ENCRYPTION_KEYS" in str(caught.value)


SHORT_KEY = base64.urlsafe_b64encode(b"k" * 16 + b"secretsecret123").decode()  # 31 bytes


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        (f"{NEW_KEY},,{OLD_KEY}", ProtectErrorCode.BAD_KEY, "key #2"),
        (f"{NEW_KEY},{SHORT_KEY}", ProtectErrorCode.BAD_KEY, "31 bytes"),
        ("not base64 at all!", ProtectErrorCode.BAD_KEY, "base64"),
        (f"{NEW_KEY},{NEW_KEY}", ProtectErrorCode.DUPLICATE_KEY, "repeats"),
        (base64.urlsafe_b64encode(b"\0" * 32).decode(), ProtectErrorCode.BAD_KEY, "placeholder"),
        ("é" * 44, ProtectErrorCode.BAD_KEY, "base64"),
    ],
    # Fixed ids: the keys are random, and parallel workers must collect the same test names.
    ids=["empty-entry", "short-key", "not-base64", "duplicate", "placeholder", "non-ascii"],
)
def test_an_invalid_key_list_gives_a_clear_error_that_never_prints_a_key(
    value: str, code: ProtectErrorCode, fragment: str
) -> None:
    with pytest.raises(KeyConfigurationError) as caught:
        KeyRing.parse(value)
    message = str(caught.value)
    assert caught.value.code is code
    assert fragment in message
    for key in value.split(","):
        if key.strip():
            assert key.strip() not in message
            assert key.strip().rstrip("=") not in message


def test_raw_keys_of_the_wrong_size_are_rejected() -> None:
    with pytest.raises(KeyConfigurationError):
        KeyRing([b"\x01" * 16])


def test_the_ring_never_shows_its_keys_and_refuses_to_be_pickled() -> None:
    ring = KeyRing([NEW_KEY, OLD_KEY])
    assert NEW_KEY not in repr(ring)
    assert ring.primary_key_id in repr(ring)
    with pytest.raises(TypeError):
        pickle.dumps(ring)


def test_generated_keys_are_random_32_byte_keys_that_fernet_also_accepts() -> None:
    keys = {generate_key() for _ in range(20)}
    assert len(keys) == 20
    for key in keys:
        assert len(base64.urlsafe_b64decode(key)) == 32
        Fernet(key.encode())  # raises if the format differed
        KeyRing([key])


def test_the_index_key_is_derived_separately_from_the_encryption_key() -> None:
    master = base64.urlsafe_b64decode(NEW_KEY)
    encryption_key = crypto._derive(master, crypto._INFO_ENCRYPTION)
    index_key = crypto._derive(master, crypto._INFO_BLIND_INDEX)
    assert index_key != encryption_key
    assert master not in (index_key, encryption_key)

    ring = KeyRing([NEW_KEY])
    message = b"n:mohammed"
    assert ring.index_hmac(message) == hmac.new(index_key, message, hashlib.sha256).digest()
    assert ring.index_hmac(message) != hmac.new(encryption_key, message, hashlib.sha256).digest()
    assert ring.index_hmac(message) != hmac.new(master, message, hashlib.sha256).digest()


def test_the_index_hmac_of_an_unknown_key_id_is_refused() -> None:
    with pytest.raises(UnknownKeyError):
        RING.index_hmac(b"x", key_id="00000000")
    with pytest.raises(UnknownKeyError):
        RING.index_hmac(b"x", key_id="not hex")


@given(st.binary(max_size=100))
def test_the_padding_is_pkcs7_to_32_bytes(data: bytes) -> None:
    padder = padding.PKCS7(256).padder()
    assert crypto._pad(data) == padder.update(data) + padder.finalize()


def test_texts_encrypted_together_each_decrypt_alone_with_their_own_nonce() -> None:
    texts = ["Olena", "", "Oluwaseun Adeyemi", "محمد"]
    tokens = RING.encrypt_many_texts(texts, context="person.first_name")
    assert [RING.decrypt_text(token, context="person.first_name") for token in tokens] == texts
    nonces = {RING.inspect(token) and crypto._text_to_blob(token)[7:19] for token in tokens}
    assert len(nonces) == len(texts)
    with pytest.raises(TamperedTokenError):
        RING.decrypt_text(tokens[0], context="person.second_name")
