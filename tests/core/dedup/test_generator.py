"""The generator of migrant-like records: seeded, large Zipf pools, and the documented noise."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from needsfirst.dedup import PersonRecord
from needsfirst.dedup.generate import DUPLICATES, Person, generate, make_person, recorded
from needsfirst.dedup.names import (
    ARABIC_FAMILY,
    ARABIC_FEMALE,
    ARABIC_MALE,
    FAMILY_NAMES,
    GIVEN_NAMES,
    ORIGINS,
    VIETNAMESE_FAMILY_NAMES,
    NamePool,
    compose,
    origin,
    zipf_cumulative,
)


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    assert generate(300, seed=3) == generate(300, seed=3)
    assert generate(300, seed=3)[0] != generate(300, seed=4)[0]


def test_the_pools_are_composed_the_same_way_every_time_whatever_the_generator_seed() -> None:
    template = (("Ab", "Ba", "Ka"), ("dul", "ran", "sim"))
    first = compose((("Mohammed", "Muhammad"),), (template,), (("a", "e"),), 6, seed="x")
    assert first == compose((("Mohammed", "Muhammad"),), (template,), (("a", "e"),), 6, seed="x")
    assert first[0] == ("Mohammed", "Muhammad")
    assert len(first) == 6
    generate(10, seed=1)
    rebuilt = origin("SY", "arabic", (ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY), 0.2)
    arabic = next(o for o in ORIGINS if o.nationality == "SY")
    assert rebuilt.family.names == arabic.family.names
    assert rebuilt.male.names == arabic.male.names


def test_every_origin_has_thousands_of_family_names_and_hundreds_of_given_names() -> None:
    for each in ORIGINS:
        expected_family = VIETNAMESE_FAMILY_NAMES if each.nationality == "VN" else FAMILY_NAMES
        assert len(each.family) >= 0.95 * expected_family, each.nationality
        assert len(each.male) >= 0.6 * GIVEN_NAMES, each.nationality
        assert len(each.female) >= 0.6 * GIVEN_NAMES, each.nationality


def test_no_name_is_twice_in_a_pool_and_real_common_names_come_first() -> None:
    arabic = next(o for o in ORIGINS if o.nationality == "SY")
    assert arabic.male.names[0][0] == "Mohammed"
    for each in ORIGINS:
        for pool in (each.male, each.female, each.family):
            usual = [name[0].lower() for name in pool.names]
            assert len(usual) == len(set(usual)), each.nationality


def test_composed_names_carry_other_romanisations() -> None:
    arabic = next(o for o in ORIGINS if o.nationality == "SY")
    tail = arabic.family.names[100:]
    with_variants = sum(1 for name in tail if len(name) > 1)
    assert with_variants / len(tail) > 0.8


def test_the_weights_follow_zipf_with_exponent_one() -> None:
    pool = NamePool(tuple((f"n{i}",) for i in range(4000)))
    assert pool.share(1) / pool.share(10) == pytest.approx(10)
    assert pool.share(10) / pool.share(1000) == pytest.approx(100)
    assert zipf_cumulative(4000)[-1] == pytest.approx(1)


def test_drawn_names_follow_the_zipf_slope() -> None:
    pool = NamePool(tuple((f"n{i}",) for i in range(4000)))
    rng = random.Random(5)
    counts = Counter(pool.draw(rng)[0] for _ in range(200_000))
    ranks = [1, 2, 5, 10, 20, 50]
    points = [(math.log(r), math.log(counts[f"n{r - 1}"])) for r in ranks]
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    assert slope == pytest.approx(-1, abs=0.1)


def test_mohammed_is_about_one_man_in_seven_among_arabic_names() -> None:
    arabic = next(o for o in ORIGINS if o.nationality == "SY")
    rng = random.Random(8)
    draws = [arabic.male.draw(rng)[0] for _ in range(20_000)]
    assert draws.count("Mohammed") / len(draws) == pytest.approx(arabic.male.share(1), abs=0.01)
    assert 0.12 < arabic.male.share(1) < 0.2


def _duplicates(count: int) -> list[tuple[Person, PersonRecord]]:
    rng = random.Random(21)
    out = []
    for index in range(count):
        person = make_person(rng)
        out.append((person, recorded(rng, f"r{index}", person, first=False)))
    return out


@pytest.fixture(scope="module")
def duplicates() -> list[tuple[Person, PersonRecord]]:
    return _duplicates(20_000)


@pytest.mark.parametrize(
    ("what", "rate"),
    [
        ("no date of birth", 0.08),
        ("a year only, or a year one off", 0.15 + 0.08),
        ("no nationality", 0.05),
        ("no sex", 0.05),
    ],
)
def test_a_duplicate_carries_each_documented_mistake_at_its_rate(
    duplicates: list[tuple[Person, PersonRecord]], what: str, rate: float
) -> None:
    checks = {
        "no date of birth": lambda r: r.birthdate is None,
        "a year only, or a year one off": lambda r: r.birth_year_only,
        "no nationality": lambda r: r.nationality == "",
        "no sex": lambda r: r.sex == "",
    }
    share = sum(1 for _, record in duplicates if checks[what](record)) / len(duplicates)
    assert share == pytest.approx(rate, abs=0.01)


def test_a_duplicate_drops_the_document_half_of_the_time(
    duplicates: list[tuple[Person, PersonRecord]],
) -> None:
    documented = [(p, r) for p, r in duplicates if p.document]
    dropped = sum(1 for _, r in documented if not r.document_number)
    assert dropped / len(documented) == pytest.approx(0.5, abs=0.02)


def test_a_first_record_is_the_person_as_they_are() -> None:
    rng = random.Random(2)
    person = make_person(rng)
    first = recorded(rng, "r0", person, first=True)
    assert first.birthdate == person.birthdate
    assert first.family_name == person.family[0]
    assert first.nationality == person.nationality


def test_a_third_of_people_have_duplicates() -> None:
    records, truth = generate(20_000, seed=5)
    sizes = Counter(Counter(truth.values()).values())
    people = sum(sizes.values())
    expected_single = dict(DUPLICATES)[1]
    assert sizes[1] / people == pytest.approx(expected_single, abs=0.02)
    assert len(records) == 20_000
