"""Privacy-preserving linkage: encodings link spelling variants, refuse other keys and formats,
and the coordinator learns links and counts only."""

from __future__ import annotations

import json
import random
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needsfirst.cli import main
from needsfirst.linkage import fileformat, matching
from needsfirst.linkage.encoding import FILTER_BYTES, Encoder
from needsfirst.linkage.errors import LinkageErrorCode, LinkageInputError
from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.records import LinkageRecord, record_from_fields

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))


def record(**fields: str) -> LinkageRecord:
    return record_from_fields(fields)


def dice(a: bytes, b: bytes) -> float:
    x, y = int.from_bytes(a, "little"), int.from_bytes(b, "little")
    return 2 * (x & y).bit_count() / (x.bit_count() + y.bit_count())


def encodings(records: list[LinkageRecord], secret: bytes = SECRET) -> fileformat.Encodings:
    key = LinkageKey.from_secret(secret)
    filters, block_keys = Encoder(key).encode(records)
    return fileformat.Encodings(
        key.fingerprint,
        fileformat.EncodingSettings().as_dict(),
        bytes(filters),
        bytes(block_keys),
    )


def test_romanisations_of_one_name_score_higher_than_another_person_of_the_same_birth() -> None:
    encoder = Encoder(LinkageKey.from_secret(SECRET))
    mohammed = record(first_name="Mohammed", family_name="Hossain", birthdate="1990-05-14")
    muhammad = record(first_name="Muhammad", family_name="Hussain", birthdate="1990-05-14")
    tesfaye = record(first_name="Tesfaye", family_name="Haile", birthdate="1990-05-14")
    same = dice(encoder.filter_of(mohammed), encoder.filter_of(muhammad))
    other = dice(encoder.filter_of(mohammed), encoder.filter_of(tesfaye))
    assert same >= matching.DEFAULT_THRESHOLD > other


def test_an_estimated_or_placeholder_birthdate_encodes_only_its_year() -> None:
    estimated = record(first_name="Sita", birthdate="1994-03-02", birthdate_estimated="true")
    placeholder = record(first_name="Sita", birthdate="1994-01-01")
    year_only = record(first_name="Sita", birth_year="1994")
    encoder = Encoder(LinkageKey.from_secret(SECRET))
    assert encoder.filter_of(estimated) == encoder.filter_of(year_only)
    assert encoder.filter_of(placeholder) == encoder.filter_of(year_only)


def test_the_same_record_under_another_secret_sets_other_bits() -> None:
    sita = record(first_name="Sita", family_name="Gurung", birth_year="1994")
    ours = Encoder(LinkageKey.from_secret(SECRET)).filter_of(sita)
    theirs = Encoder(LinkageKey.from_secret(OTHER_SECRET)).filter_of(sita)
    assert dice(ours, theirs) < 0.5


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(LinkageInputError) as error:
        LinkageKey.from_secret(b"too short")
    assert error.value.code is LinkageErrorCode.KEY_TOO_SHORT


def test_the_key_never_shows_in_its_representation() -> None:
    key = LinkageKey.from_secret(SECRET)
    assert SECRET.hex() not in repr(key)
    assert key.bloom.hex() not in repr(key)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "Sita", "birthdate": "14/05/1990"}, "birthdate"),
        ({"first_name": "Sita", "birth_year": "90"}, "birth_year"),
        ({"first_name": "Sita", "sex": "f"}, "sex"),
        ({"first_name": "Sita", "nationality": "Nepal"}, "nationality"),
        ({"first_name": "Sita", "birthdate_estimated": "maybe"}, "birthdate_estimated"),
        ({"first_name": "S" * 201}, "first_name"),
    ],
)
def test_a_bad_record_is_refused_naming_its_field(fields: dict[str, str], field: str) -> None:
    with pytest.raises(LinkageInputError) as error:
        record_from_fields(fields, where="line 2: ")
    assert error.value.field == f"line 2: {field}"


def test_the_kernel_agrees_with_a_plain_count_of_common_bits() -> None:
    people = [
        record(first_name=name, family_name=family, birth_year=str(year))
        for name in ("Sita", "Seeta", "Gita", "Fatima", "Fatimah")
        for family in ("Gurung", "Gurang", "Rai")
        for year in ("1990", "1991")
    ]
    packed = encodings(people).filters
    found = matching.dice_pairs(packed, packed, 0.5)
    filters = [packed[i : i + FILTER_BYTES] for i in range(0, len(packed), FILTER_BYTES)]
    expected = {
        (i, j): dice(a, b)
        for i, a in enumerate(filters)
        for j, b in enumerate(filters)
        if dice(a, b) >= 0.5
    }
    assert {(i, j) for i, j, _ in found} == set(expected)
    assert all(abs(score - expected[(i, j)]) < 1e-6 for i, j, score in found)
    assert matching._python_dice_pairs(packed, packed, 0.5) == b"".join(
        struct.pack("<IIf", i, j, s) for i, j, s in found
    )


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=1, max_value=21),
    st.integers(min_value=1, max_value=600),
    st.floats(min_value=0.3, max_value=1.0),
    st.integers(min_value=0, max_value=2**32),
)
def test_the_kernel_gives_the_plain_answer_for_every_block_size_and_threshold(
    left_rows: int, right_rows: int, threshold: float, seed: int
) -> None:
    """The kernel compares eight right filters at a time where it can, and the rest one by one
    (block sizes not a multiple of eight, tiles of 512): every pair and score must be the plain
    count's, in the same order."""
    rng = random.Random(seed)
    sparse = [bytes(rng.getrandbits(8) & rng.getrandbits(8) for _ in range(FILTER_BYTES))]

    def block(rows: int) -> bytes:
        made = [
            bytes(rng.getrandbits(8) & rng.getrandbits(8) for _ in range(FILTER_BYTES))
            for _ in range(rows)
        ]
        made[0] = sparse[0]  # a pair that scores 1
        if rows > 2:
            made[1] = bytes(FILTER_BYTES)  # an empty filter: no Dice, never a link
        return b"".join(made)

    left, right = block(left_rows), block(right_rows)
    expected = matching._python_dice_pairs(left, right, threshold)
    packed = b"".join(struct.pack("<IIf", *p) for p in matching.dice_pairs(left, right, threshold))
    assert packed == expected


@settings(max_examples=40)
@given(st.binary(min_size=FILTER_BYTES, max_size=FILTER_BYTES))
def test_a_filter_compared_with_itself_scores_one(filter_bytes: bytes) -> None:
    found = matching.dice_pairs(filter_bytes, filter_bytes, 1.0)
    assert found == ([] if filter_bytes == bytes(FILTER_BYTES) else [(0, 0, 1.0)])


def test_matching_links_each_record_at_most_once_and_counts_unique_people() -> None:
    left = [
        record(first_name="Mohammed", family_name="Hossain", birthdate="1990-05-14", sex="male"),
        record(first_name="Senait", family_name="Tekle", birthdate="1998-11-02", sex="female"),
        record(first_name="Ram", family_name="Thapa", birthdate="1985-07-30", sex="male"),
    ]
    right = [
        record(first_name="Senayt", family_name="Tekle", birthdate="1998-11-02", sex="female"),
        record(first_name="Muhammad", family_name="Hussain", birthdate="1990-05-14", sex="male"),
        record(first_name="Muhammad", family_name="Hussain", birthdate="1990-05-14", sex="male"),
        record(first_name="Dewi", family_name="Wijaya", birthdate="2001-02-12", sex="female"),
    ]
    result = matching.match(encodings(left), encodings(right))
    assert {(i, j) for i, j, _ in result.links} in ({(0, 1), (1, 0)}, {(0, 2), (1, 0)})
    assert result.unique_people == 3 + 4 - 2


def test_people_of_other_years_and_family_names_are_not_compared() -> None:
    left = [record(first_name="Sita", family_name="Gurung", birth_year="1990")]
    right = [record(first_name="Sita", family_name="Rai", birth_year="1975")]
    assert matching.match(encodings(left), encodings(right)).comparisons == 0


def test_files_of_two_secrets_are_refused_with_the_reason() -> None:
    sita = [record(first_name="Sita", birth_year="1990")]
    with pytest.raises(LinkageInputError) as error:
        matching.match(encodings(sita), encodings(sita, OTHER_SECRET))
    assert error.value.code is LinkageErrorCode.OTHER_KEY
    assert "different secrets" in error.value.message


def write_file(path: Path, records: list[LinkageRecord]) -> None:
    found = encodings(records)
    fileformat.write(
        path,
        key_fingerprint=found.key_fingerprint,
        settings=fileformat.EncodingSettings(),
        filters=found.filters,
        block_keys=found.block_keys,
    )


def test_a_file_round_trips_and_holds_no_name(tmp_path: Path) -> None:
    path = tmp_path / "ours.nfl"
    people = [record(first_name="Senait", family_name="Tekle", birth_year="1998")]
    write_file(path, people)
    assert fileformat.read(path) == encodings(people)
    assert b"Senait" not in path.read_bytes()
    assert b"Tekle" not in path.read_bytes()


def test_a_file_of_another_format_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.nfl"
    write_file(path, [record(first_name="Sita", birth_year="1990")])
    data = path.read_bytes()
    header_end = data.index(b"\n", len(fileformat.MAGIC))
    header = json.loads(data[len(fileformat.MAGIC) : header_end])
    header["version"] = 0
    path.write_bytes(fileformat.MAGIC + json.dumps(header).encode() + data[header_end:])
    with pytest.raises(LinkageInputError) as error:
        fileformat.read(path)
    assert error.value.code is LinkageErrorCode.OTHER_VERSION


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"id,first_name\n1,Sita\n", LinkageErrorCode.NOT_AN_ENCODING_FILE),
        (fileformat.MAGIC + b"{not json\n", LinkageErrorCode.NOT_AN_ENCODING_FILE),
    ],
)
def test_what_is_not_an_encoding_file_is_refused(
    tmp_path: Path, content: bytes, code: LinkageErrorCode
) -> None:
    path = tmp_path / "bad.nfl"
    path.write_bytes(content)
    with pytest.raises(LinkageInputError) as error:
        fileformat.read(path)
    assert error.value.code is code


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.nfl"
    write_file(path, [record(first_name="Sita", birth_year="1990")] * 3)
    path.write_bytes(path.read_bytes()[:-5])
    with pytest.raises(LinkageInputError) as error:
        fileformat.read(path)
    assert error.value.code is LinkageErrorCode.TRUNCATED


def test_the_command_line_encodes_two_organisations_and_counts_unique_people(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "partners.key"
    assert main(["link", "keygen", str(key)]) == 0
    header = "id,first_name,family_name,birthdate,sex,nationality\n"
    (tmp_path / "a.csv").write_text(
        header + "a1,Mohammed,Hossain,1990-05-14,male,BD\na2,Sita,Gurung,1994-03-02,female,NP\n",
        encoding="utf-8",
    )
    (tmp_path / "b.csv").write_text(
        header + "b1,Muhammad,Hussain,1990-05-14,male,BD\nb2,Hiwot,Tekle,1999-09-09,female,ER\n",
        encoding="utf-8",
    )
    for name in ("a", "b"):
        code = main(
            [
                "link",
                "encode",
                str(tmp_path / f"{name}.csv"),
                "--key",
                str(key),
                "-o",
                str(tmp_path / f"{name}.nfl"),
            ]
        )
        assert code == 0
    capsys.readouterr()
    links = tmp_path / "links.csv"
    assert (
        main(
            [
                "link",
                "match",
                str(tmp_path / "a.nfl"),
                str(tmp_path / "b.nfl"),
                "--json",
                "--links",
                str(links),
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["links"] == 1
    assert summary["unique_people"] == 3
    assert links.read_text(encoding="utf-8").splitlines()[1].startswith("0,0,")
    assert "Mohammed" not in links.read_text(encoding="utf-8")


def test_the_command_line_names_the_line_and_column_of_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "partners.key"
    main(["link", "keygen", str(key)])
    (tmp_path / "a.csv").write_text("id,first_name,birthdate\na1,Sita,1994-13-40\n")
    code = main(
        [
            "link",
            "encode",
            str(tmp_path / "a.csv"),
            "--key",
            str(key),
            "-o",
            str(tmp_path / "a.nfl"),
        ]
    )
    assert code == 2
    assert "line 2: birthdate" in capsys.readouterr().err
    assert not (tmp_path / "a.nfl").exists()


def test_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    key = tmp_path / "partners.key"
    main(["link", "keygen", str(key)])
    before = key.read_text()
    assert main(["link", "keygen", str(key)]) == 2
    assert key.read_text() == before
    assert key.stat().st_mode & 0o077 == 0
