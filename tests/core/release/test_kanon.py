"""k-anonymity: no released class is smaller than k, and what was lost is reported."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needsfirst.errors import InputError
from needsfirst.release import QuasiIdentifier, ReleaseErrorCode, ReleaseSpec, anonymise
from needsfirst.release.hierarchies import hierarchy

QUASI = (
    QuasiIdentifier("age", "age"),
    QuasiIdentifier("nationality", "country"),
    QuasiIdentifier("registered", "date"),
    QuasiIdentifier("gender", "category"),
)

rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=90).map(str),
        st.sampled_from(["NP", "BD", "IN", "ET", "ER", "NG", "PH", "VN", "", "SY"]),
        st.dates().map(lambda d: f"{2015 + d.year % 10}-{d.month:02d}-{d.day:02d}"),
        st.sampled_from(["F", "M", "X"]),
        st.integers(min_value=0, max_value=60).map(str),
    ),
    min_size=30,
    max_size=300,
)


def table_of(data: list[tuple[str, ...]]) -> dict[str, list[str]]:
    names = ("age", "nationality", "registered", "gender", "person")
    return {name: [row[i] for row in data] for i, name in enumerate(names)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.integers(min_value=2, max_value=15), st.sampled_from([0.0, 0.01, 0.1]))
def test_no_released_class_holds_fewer_than_k_people(data, k, max_suppression) -> None:
    table = table_of(data)
    # The person id is also released here (as a "sensitive" column) only so that the test can
    # count the distinct people of every released class.
    spec = ReleaseSpec(
        QUASI,
        sensitive=("person",),
        person_column="person",
        k=k,
        max_suppression=max_suppression,
    )
    if len(set(table["person"])) < k:
        with pytest.raises(InputError) as refused:
            anonymise(table, spec)
        assert refused.value.code is ReleaseErrorCode.TOO_FEW_ROWS
        return
    release = anonymise(table, spec)
    people: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in release.rows:
        people[row[:4]].add(row[4])
    assert all(len(members) >= k for members in people.values())
    assert release.report.rows_released + release.report.rows_suppressed == len(data)
    assert release.report.rows_suppressed <= int(max_suppression * len(data))
    assert release.report.smallest_class >= k or release.report.rows_released == 0


def test_without_a_person_column_every_class_holds_k_rows() -> None:
    data = [
        (str(20 + i % 40), "NP" if i % 3 else "ER", f"2024-0{1 + i % 9}-01", "F", "")
        for i in range(400)
    ]
    table = table_of(data)
    release = anonymise(table, ReleaseSpec(QUASI, k=11))
    sizes: dict[tuple[str, ...], int] = defaultdict(int)
    for row in release.rows:
        sizes[row] += 1
    assert min(sizes.values()) >= 11
    assert release.report.counted == "rows"


def test_people_not_rows_make_up_a_class() -> None:
    # Nepal: one person with twelve cases and nine others (21 rows, 10 people); Bangladesh:
    # eleven people. Counting rows, both classes reach k = 11; counting people, Nepal does not.
    table = {
        "nationality": ["NP"] * 21 + ["BD"] * 11,
        "person": ["same"] * 12 + [f"p{i}" for i in range(9)] + [f"b{i}" for i in range(11)],
    }
    spec = ReleaseSpec(
        (QuasiIdentifier("nationality", "country", max_level=0),),
        person_column="person",
        k=11,
        max_suppression=0.7,
    )
    release = anonymise(table, spec)
    assert {row[0] for row in release.rows} == {"BD"}
    assert release.report.rows_suppressed == 21
    assert release.report.counted == "people"


def test_the_report_says_how_far_each_column_was_generalised_and_how_many_rows_were_lost() -> None:
    ages = [str(20 + i % 3) for i in range(33)] + ["71"]
    table = {"age": ages, "person": [str(i) for i in range(34)]}
    spec = ReleaseSpec(
        (QuasiIdentifier("age", "age"),), person_column="person", k=11, max_suppression=0.05
    )
    release = anonymise(table, spec)
    assert release.report.rows_suppressed == 1  # the one 71-year-old
    assert release.report.columns[0].level == 0
    assert release.report.columns[0].level_name == "exact"
    assert sorted({row[0] for row in release.rows}) == ["20", "21", "22"]


def test_a_column_is_raised_until_k_is_met() -> None:
    ages = [str(a) for a in range(20, 30)] * 2  # 10 people per 5-year band, 20 per decade
    table = {"age": ages}
    release = anonymise(table, ReleaseSpec((QuasiIdentifier("age", "age"),), k=11))
    assert release.report.columns[0].level_name == "10-year band"
    assert {row[0] for row in release.rows} == {"20-29"}
    assert release.report.rows_suppressed == 0


def test_a_request_that_cannot_meet_k_names_the_columns_to_generalise() -> None:
    table = {
        "age": [str(a) for a in range(20, 50)] * 2,
        "nationality": ["NP", "BD"] * 30,
    }
    spec = ReleaseSpec(
        (QuasiIdentifier("age", "age", max_level=0), QuasiIdentifier("nationality", "country")),
        k=11,
    )
    with pytest.raises(InputError) as refused:
        anonymise(table, spec)
    assert refused.value.code is ReleaseErrorCode.CANNOT_MEET_K
    assert "age" in refused.value.field.split(",")
    advice = refused.value.params["generalise"]
    assert advice[0]["column"] == "age"
    assert advice[0]["level"] > 0
    assert "generalise age to" in refused.value.message


def test_columns_outside_the_spec_are_never_released() -> None:
    table = {"age": ["30"] * 12, "name": ["Amina"] * 12, "outcome": ["housed"] * 12}
    release = anonymise(table, ReleaseSpec((QuasiIdentifier("age", "age"),), ("outcome",)))
    assert release.columns == ("age", "outcome")
    assert all("Amina" not in row for row in release.rows)


def test_a_bad_value_is_refused_naming_its_column() -> None:
    table = {"registered": ["2024-13-01"] * 12}
    with pytest.raises(InputError) as refused:
        anonymise(table, ReleaseSpec((QuasiIdentifier("registered", "date"),)))
    assert refused.value.field == "registered"
    assert refused.value.code is ReleaseErrorCode.BAD_VALUE


def test_an_unknown_column_or_kind_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        anonymise({"age": ["1"] * 20}, ReleaseSpec((QuasiIdentifier("nationality", "country"),)))
    assert refused.value.field == "nationality"
    with pytest.raises(InputError) as unknown:
        hierarchy("postcode")
    assert unknown.value.code is ReleaseErrorCode.UNKNOWN_KIND


def test_hierarchies_generalise_dates_countries_and_ages() -> None:
    date = hierarchy("date")
    assert [date.generalise("2024-05-17", level) for level in range(5)] == [
        "2024-05-17",
        "2024-05",
        "2024-Q2",
        "2024",
        "*",
    ]
    country = hierarchy("country")
    assert [country.generalise("NP", level) for level in range(4)] == [
        "NP",
        "Southern Asia",
        "Asia",
        "*",
    ]
    age = hierarchy("age")
    assert [age.generalise("17", level) for level in range(5)] == [
        "17",
        "15-19",
        "10-19",
        "Minor",
        "*",
    ]
    assert age.generalise("-99", 2) == "-99"  # missing stays missing below the top


def test_a_column_with_one_value_is_left_as_it_is_when_another_must_give_way() -> None:
    table = {
        "year": ["2024"] * 40,
        "age": [str(20 + i % 20) for i in range(40)],
        "nationality": ["NP", "BD", "IN", "PK"] * 10,
    }
    spec = ReleaseSpec(
        (
            QuasiIdentifier("year", "year"),
            QuasiIdentifier("age", "age"),
            QuasiIdentifier("nationality", "country"),
        ),
        k=11,
    )
    release = anonymise(table, spec)
    levels = {c.column: c.level_name for c in release.report.columns}
    assert levels["year"] == "year"
    assert release.report.rows_suppressed <= 0
