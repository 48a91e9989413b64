"""The splink model for duplicates among migrants' records (DuckDB, in memory only).

Comparisons (each level a reason a reviewer can read, see `REASONS`):

- name: same skeleton (transliteration variants folded, order-free), same with e/a folded,
  close skeletons (Jaro-Winkler), same consonant or phonetic keys, names shared, different;
- date of birth: same exact date, same year where one date is an estimate (year only or 1
  January), one digit or day/month swapped, years one apart, years up to three apart;
- nationality, document number (exact, one character off), sex.

Blocking (candidate pairs are only looked for inside these): the same name skeleton, the same
consonant key, the same phonetic key (each catches a different kind of spelling), the same first
or family name skeleton with the same birth year, the same document number.

Clear text never reaches a file: the DuckDB database is `:memory:`, its temporary directory is
empty (spilling switched off) and its size is 0 bytes, external access is off once the data are
in, and a query that would not fit in `memory_limit` fails instead of writing to disk.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Final

import duckdb

from needsfirst.dedup.cluster import MAX_CLUSTER, cluster_pairs
from needsfirst.dedup.records import PersonRecord, features


def _found(a: str, b: str) -> str:
    """How many of a's names are close (Jaro-Winkler >= 0.88) to one of b's."""
    return (
        f"len(list_filter({a}, lambda x: list_bool_or(list_transform({b}, "
        "lambda y: jaro_winkler_similarity(x, y) >= 0.88))))"
    )


# Every name of the record with fewer names is found (to a letter or two) in the other: a
# middle name or a father's name left out, or a typo in one of several names.
_ALL_FOUND: Final = (
    "least(len(l.name_tokens), len(r.name_tokens)) >= 2 AND ("
    f"{_found('l.name_tokens', 'r.name_tokens')} = len(l.name_tokens) OR "
    f"{_found('r.name_tokens', 'l.name_tokens')} = len(r.name_tokens))"
)

# Every name of the record with fewer names sounds like one of the other's (consonant keys):
# unvocalised Arabic محمد (mhmd) and Mohammed.
_ALL_SOUND_ALIKE: Final = (
    "least(len(l.name_sounds), len(r.name_sounds)) >= 2 AND ("
    "list_has_all(l.name_sounds, r.name_sounds) OR list_has_all(r.name_sounds, l.name_sounds))"
)

# Reasons for each comparison, best level first, then the code of the "else" level.
REASONS: Final[dict[str, list[tuple[str, str]]]] = {
    "name": [
        ("name_same_spelling", "l.name_norm = r.name_norm"),
        ("name_same_transliteration", "l.name_skel = r.name_skel"),
        ("name_same_transliteration", "l.name_vowel = r.name_vowel"),
        ("name_close_spelling", "jaro_winkler_similarity(l.name_skel, r.name_skel) >= 0.93"),
        (
            "name_same_sound",
            "l.name_cons = r.name_cons OR l.name_phon = r.name_phon"
            " OR l.name_cons_joined = r.name_cons_joined",
        ),
        ("name_all_names_found", _ALL_FOUND),
        ("name_all_names_sound_alike", _ALL_SOUND_ALIKE),
        ("name_shares_a_name", "len(list_intersect(l.name_tokens, r.name_tokens)) >= 1"),
        ("name_different", ""),
    ],
    "birth": [
        ("birth_same_date", "l.dob = r.dob AND l.dob_exact AND r.dob_exact"),
        ("birth_same_estimate", "l.dob = r.dob"),
        (
            "birth_same_year_estimated",
            "l.dob_year = r.dob_year AND NOT (l.dob_exact AND r.dob_exact)",
        ),
        (
            "birth_date_typo",
            "l.dob_exact AND r.dob_exact AND (levenshtein(l.dob, r.dob) <= 1 OR "
            "(substr(l.dob, 1, 4) = substr(r.dob, 1, 4) AND substr(l.dob, 6, 2) = "
            "substr(r.dob, 9, 2) AND substr(l.dob, 9, 2) = substr(r.dob, 6, 2)))",
        ),
        (
            "birth_year_one_apart",
            "abs(l.dob_year - r.dob_year) <= 1 AND NOT (l.dob_exact AND r.dob_exact)",
        ),
        ("birth_different", ""),
    ],
    "nationality": [
        ("nationality_same", "l.nationality = r.nationality"),
        ("nationality_different", ""),
    ],
    "document": [
        ("document_same", "l.document = r.document"),
        ("document_one_off", "levenshtein(l.document, r.document) <= 1"),
        ("document_different", ""),
    ],
    "sex": [
        ("sex_same", "l.sex = r.sex"),
        ("sex_different", ""),
    ],
}
_NULL_COLUMN: Final = {
    "name": "name_skel",
    "birth": "dob_year",
    "nationality": "nationality",
    "document": "document",
    "sex": "sex",
}
MISSING: Final = "missing"
_FREQUENCY_ADJUSTED: Final = frozenset({"name_same_spelling", "name_same_transliteration"})

BLOCKING_RULES: Final[tuple[str, ...]] = (
    # the sorted consonant keys (which the same skeleton implies), the consonant keys run
    # together in the written order
    "l.name_cons = r.name_cons",
    "l.name_cons_joined = r.name_cons_joined",
    # one name exact, the other starting alike, in a two-year bucket of birth: a typo or a
    # dropped middle name; the buckets also shifted by a year for the given name exact, so that
    # an estimated year one off (1987 / 1988) meets whatever the bucket boundary
    "l.given_skel = r.given_skel AND l.family_start = r.family_start AND l.dob_two = r.dob_two",
    "l.family_skel = r.family_skel AND l.given_start = r.given_start AND l.dob_two = r.dob_two",
    "l.given_skel = r.given_skel AND l.family_start = r.family_start"
    " AND l.dob_two_shifted = r.dob_two_shifted",
    # given and family names swapped
    "l.given_skel = r.family_skel AND l.family_skel = r.given_skel",
    # names mangled beyond every key: the same exact date and nationality
    "l.dob = r.dob AND l.dob_exact AND r.dob_exact AND l.nationality = r.nationality",
    # the same exact date and one name exact, where nationality is missing
    "l.dob = r.dob AND l.dob_exact AND r.dob_exact AND l.given_skel = r.given_skel",
    "l.dob = r.dob AND l.dob_exact AND r.dob_exact AND l.family_skel = r.family_skel",
    "l.document = r.document",
)
# Where the m probabilities are learnt (expectation maximisation): pairs with one document
# number teach the name and birth comparisons; pairs with one name key and birth year teach
# the others.
TRAINING_RULES: Final[tuple[str, ...]] = (
    "l.document = r.document",
    "l.name_cons = r.name_cons AND l.dob_year = r.dob_year",
)
# Pairs surely the same person, and the share of true pairs they are thought to hold: used to
# estimate how likely two random records are to match.
DETERMINISTIC_RULES: Final[tuple[str, ...]] = (
    "l.document = r.document AND l.name_cons = r.name_cons",
    "l.name_skel = r.name_skel AND l.dob = r.dob AND l.dob_exact",
)
DETERMINISTIC_RECALL: Final = 0.35

REVIEW_THRESHOLD: Final = 0.5  # candidate pairs shown to a person
CLUSTER_THRESHOLD: Final = 0.5  # pairs that may join clusters (measured: bench/results/dedup.txt)
MODEL_FILE: Final = "model.json"


def _comparison(name: str) -> dict[str, Any]:
    column = _NULL_COLUMN[name]
    levels: list[dict[str, Any]] = [
        {
            "sql_condition": f'"{column}_l" IS NULL OR "{column}_r" IS NULL',
            "label_for_charts": MISSING,
            "is_null_level": True,
        }
    ]
    for code, condition in REASONS[name]:
        sql = _sided(condition) if condition else "ELSE"
        level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": code}
        if code in _FREQUENCY_ADJUSTED:
            # a common name (Mohammed Hossain) agreeing is weaker evidence than a rare one
            level["tf_adjustment_column"] = "name_skel"
            level["tf_adjustment_weight"] = 1.0
        levels.append(level)
    return {"output_column_name": name, "comparison_levels": levels}


def _sided(condition: str) -> str:
    """``l.col`` / ``r.col`` -> splink's ``"col_l"`` / ``"col_r"``."""
    return re.sub(r"\b([lr])\.(\w+)", lambda m: f'"{m.group(2)}_{m.group(1)}"', condition)


def settings_dict() -> dict[str, Any]:
    """The model's splink settings (untrained)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": [_comparison(name) for name in REASONS],
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": True,
    }


def connect(*, memory_limit: str = "3GB", threads: int = 2) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never spills to disk (a query too big for memory fails)."""
    con = duckdb.connect(
        ":memory:",
        config={
            "temp_directory": "",
            "max_temp_directory_size": "0B",
            "memory_limit": memory_limit,
            "threads": threads,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    return con


def spill_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """What the connection would write to disk: the temporary directory and its cap."""
    row = con.execute(
        "SELECT current_setting('temp_directory'), current_setting('max_temp_directory_size')"
    ).fetchone()
    assert row is not None
    return {"temp_directory": str(row[0]), "max_temp_directory_size": str(row[1])}


@dataclass(frozen=True, slots=True)
class CandidatePair:
    """Two records the model thinks may be one person, how likely, and why."""

    left: str
    right: str
    probability: float
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DedupResult:
    pairs: list[CandidatePair]
    clusters: dict[str, str]
    trained: dict[str, Any]

    def cluster_sizes(self) -> dict[int, int]:
        sizes: dict[str, int] = {}
        for cid in self.clusters.values():
            sizes[cid] = sizes.get(cid, 0) + 1
        histogram: dict[int, int] = {}
        for size in sizes.values():
            histogram[size] = histogram.get(size, 0) + 1
        return dict(sorted(histogram.items()))


def shipped_model(records: int) -> dict[str, Any]:
    """The settings shipped with the package (trained on generated records) for `records`.

    The chance that two random records are one person falls as the register grows (the
    duplicates of a person grow with the people, the pairs with their square), so the trained
    value is scaled from the number of records it was learnt on to `records`.
    """
    text = resources.files("needsfirst.dedup").joinpath(MODEL_FILE).read_text("utf-8")
    shipped: dict[str, Any] = json.loads(text)
    settings: dict[str, Any] = shipped["settings"]
    prior = float(settings["probability_two_random_records_match"])
    scaled = prior * (shipped["records"] - 1) / max(records - 1, 1)
    settings["probability_two_random_records_match"] = min(scaled, 0.5)
    # the blocking rules are the code's, whatever the model was trained with
    settings["blocking_rules_to_generate_predictions"] = list(BLOCKING_RULES)
    settings["retain_intermediate_calculation_columns"] = False
    return settings


def _frame(records: Sequence[PersonRecord]) -> Any:
    """The records' features as a DataFrame, built column by column (a million rows as dicts
    would take a gigabyte on their own). `unique_id` is the record's position, an integer:
    the candidate pairs (tens of millions at a million records) then hold two integers each
    instead of two strings."""
    import pandas as pd

    columns: dict[str, list[Any]] = {}
    for position, record in enumerate(records):
        row = features(record)
        row["unique_id"] = position
        for name, value in row.items():
            columns.setdefault(name, []).append(value)
    return pd.DataFrame(columns)


def _reasons(row: Sequence[Any]) -> dict[str, str]:
    return _reasons_of(tuple(row))


@lru_cache(maxsize=4096)
def _reasons_of(row: tuple[Any, ...]) -> dict[str, str]:
    """One dict per combination of levels, shared by the pairs that have it (read only)."""
    reasons: dict[str, str] = {}
    for name, gamma in zip(REASONS, row, strict=True):
        levels = REASONS[name]
        reasons[name] = (
            MISSING if gamma is None or gamma < 0 else levels[len(levels) - 1 - gamma][0]
        )
    return reasons


def find_duplicates(
    records: Sequence[PersonRecord],
    *,
    train: bool | None = None,
    review_threshold: float = REVIEW_THRESHOLD,
    cluster_threshold: float = CLUSTER_THRESHOLD,
    max_cluster: int = MAX_CLUSTER,
    memory_limit: str = "3GB",
) -> DedupResult:
    """Candidate pairs (probability >= `review_threshold`) and size-capped clusters.

    `train`: learn the parameters from these records (unsupervised: random sampling for u,
    counted from the values' frequencies for the rare levels, expectation maximisation for m).
    By default only for 20,000 records or more; fewer (an organisation's caseload) use the
    shipped model, trained on generated records.
    """
    from splink import DuckDBAPI, Linker

    # splink reports progress through logging; none of it is wanted in an organisation's job
    logging.getLogger("splink").setLevel(logging.WARNING)

    if train is None:
        train = len(records) >= 20_000
    ids = [r.record_id for r in records]
    if len(records) < 2:
        return DedupResult([], {rid: rid for rid in ids}, {})
    con = connect(memory_limit=memory_limit)
    try:
        frame = _frame(records)
        con.register("records_in", frame)
        con.execute("CREATE TABLE records AS SELECT * FROM records_in")
        con.unregister("records_in")
        del frame
        con.execute("SET enable_external_access = false")
        db_api = DuckDBAPI(connection=con)
        settings = settings_dict() if train else shipped_model(len(records))
        linker = Linker("records", settings, db_api)
        if train:
            _train(linker, con)
        trained = linker.misc.save_model_to_json()
        predictions = linker.inference.predict(threshold_match_probability=review_threshold)
        gammas = ", ".join(f"gamma_{name}" for name in REASONS)
        rows = con.execute(
            f"SELECT unique_id_l, unique_id_r, match_probability, {gammas} "  # noqa: S608
            f"FROM {predictions.physical_name}"
        ).fetchall()
    finally:
        con.close()
    pairs = [CandidatePair(ids[r[0]], ids[r[1]], float(r[2]), _reasons(r[3:])) for r in rows]
    clusters = cluster_pairs(
        ids,
        ((p.left, p.right, p.probability) for p in pairs),
        threshold=cluster_threshold,
        max_size=max_cluster,
    )
    return DedupResult(pairs, clusters, trained)


def _train(linker: Any, con: duckdb.DuckDBPyConnection) -> None:
    linker.training.estimate_probability_two_random_records_match(
        list(DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    _set_counted_u(linker, counted_u_probabilities(con))
    for rule in TRAINING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


def pair_share(con: duckdb.DuckDBPyConnection, column: str, known: str) -> float:
    """The chance that two different records, both with `known` filled in, agree on `column`:
    the sum of the squared frequencies of its values, without a record paired with itself."""
    row = con.execute(
        f"WITH v AS (SELECT count(*) AS c FROM records WHERE {known} IS NOT NULL "  # noqa: S608
        f"AND {column} IS NOT NULL GROUP BY {column}) "
        f"SELECT (SELECT sum(c * c - c)::DOUBLE FROM v), "
        f"(SELECT count(*)::DOUBLE FROM records WHERE {known} IS NOT NULL)"
    ).fetchall()[0]
    agreeing, known_records = float(row[0] or 0.0), float(row[1])
    return agreeing / (known_records * (known_records - 1)) if known_records > 1 else 0.0


def one_edit_share(con: duckdb.DuckDBPyConnection, column: str) -> float:
    """The chance that two records' `column` values are one edit apart (Levenshtein 1).

    Counted, not sampled: two values of one length one letter apart share exactly one key with
    that letter replaced by ``?``; a value one letter longer gives the shorter one by deleting
    one of its letters (distinct results only, so a doubled letter counts once). Values are
    alphanumeric (`document_key`), so ``?`` never occurs in them.
    """
    row = con.execute(
        f"WITH v AS (SELECT {column} AS d, count(*)::DOUBLE AS c FROM records "  # noqa: S608
        f"WHERE {column} IS NOT NULL GROUP BY 1), "
        "positions AS (SELECT d, c, unnest(range(1, length(d) + 1)) AS i FROM v), "
        "replaced AS (SELECT sum(c) AS s, sum(c * c) AS s2 FROM positions "
        "GROUP BY left(d, i - 1) || '?' || substr(d, i + 1)), "
        "shortened AS (SELECT DISTINCT d, c, left(d, i - 1) || substr(d, i + 1) AS e "
        "FROM positions) "
        "SELECT (SELECT coalesce(sum(s * s - s2), 0) FROM replaced) + "
        "2 * (SELECT coalesce(sum(shortened.c * v.c), 0) "
        "FROM shortened JOIN v ON v.d = shortened.e), "
        "(SELECT sum(c) FROM v)"
    ).fetchall()[0]
    ordered_pairs, known_records = float(row[0] or 0.0), float(row[1] or 0.0)
    return ordered_pairs / (known_records * (known_records - 1)) if known_records > 1 else 0.0


# Levels whose u is counted from the records rather than sampled: exact agreement on keys that
# nest (the same spelling implies the same skeleton, which implies the same skeleton with e/a
# folded), so each level's u is its key's share of agreeing pairs less the finer key's.
_COUNTED_EXACT_LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("name_norm", "name_skel", "name_vowel"),
    "document": ("document",),
}


def counted_u_probabilities(con: duckdb.DuckDBPyConnection) -> dict[str, list[float]]:
    """u of the levels on which strangers rarely agree, from the values' frequencies.

    At a million records, a million random pairs (splink's sample) hold no two strangers with
    the same whole name or documents one character apart, and splink then gives those levels a
    u of one in a million; the frequencies of the values give the u that sampling every pair
    would (splink's term-frequency adjustments rest on the same sums). Returned per comparison,
    for its first levels in order.
    """
    counted: dict[str, list[float]] = {}
    for comparison, columns in _COUNTED_EXACT_LEVELS.items():
        known = _NULL_COLUMN[comparison]
        shares = [pair_share(con, column, known) for column in columns]
        counted[comparison] = [
            share - (shares[i - 1] if i else 0.0) for i, share in enumerate(shares)
        ]
    counted["document"].append(one_edit_share(con, "document"))
    # a level no two records reach gets the weight of one pair among all the register's pairs
    # (splink would give it one in a million, whatever the register's size)
    records = float(con.execute("SELECT count(*)::DOUBLE FROM records").fetchall()[0][0])
    floor = 1.0 / max(records * (records - 1), 1.0)
    return {name: [max(share, floor) for share in shares] for name, shares in counted.items()}


def _set_counted_u(linker: Any, counted: dict[str, list[float]]) -> None:
    """Give the first levels of each comparison their counted u (the null level skipped)."""
    for comparison in linker._settings_obj.comparisons:
        shares = counted.get(comparison.output_column_name, [])
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        for level, share in zip(levels, shares, strict=False):
            # splink sets u, after each training step, to the median of the u it recorded as
            # trained: the sampled value is replaced there, not only in `u_probability`
            level._trained_u_probabilities.clear()
            level._add_trained_u_probability(share, "counted from the values' frequencies")
            level.u_probability = share


def pairs_at(result: DedupResult, threshold: float) -> Iterable[tuple[str, str]]:
    """The candidate pairs scoring at least `threshold`."""
    return ((p.left, p.right) for p in result.pairs if p.probability >= threshold)
