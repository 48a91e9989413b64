"""`needsfirst release`: a k-anonymous file or differentially private counts, from a CSV file.

    needsfirst release anonymise cases.csv --quasi age:age --quasi nationality:country \\
        --sensitive outcome --person person_id --k 11 --output out.csv --report report.json
    needsfirst release ctdc profiles.csv --k 11 --output ctdc.csv
    needsfirst release counts cases.csv --by gender --categories gender=Female,Male \\
        --person person_id --epsilon 1.0 --bound 1 --ledger ledger.json --output counts.json

A DP release is checked against a privacy budget: the ledger file's (`--ledger`; a new ledger
also needs `--budget`), else `--budget` for this one release; without either it is refused.

Pure: reads and writes files only. A refusal prints the reason (and, when k cannot be met, the
columns to generalise) and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from needsfirst.errors import InputError
from needsfirst.release.budget import (
    DEFAULT_PERIOD_DAYS,
    Budget,
    Spend,
    check,
    dump_ledger,
    load_ledger,
    state,
)
from needsfirst.release.csvsafe import write_csv
from needsfirst.release.defaults import DEFAULT_K, DEFAULT_MAX_SUPPRESSION
from needsfirst.release.hierarchies import ReleaseErrorCode

if TYPE_CHECKING:
    from needsfirst.release.kanon import QuasiIdentifier


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _quasi(text: str) -> QuasiIdentifier:
    from needsfirst.release.kanon import QuasiIdentifier

    column, _, rest = text.partition(":")
    kind, _, levels = rest.partition(":")
    low, _, high = levels.partition("-")
    return QuasiIdentifier(
        column,
        kind or "category",
        min_level=int(low) if low else 0,
        max_level=int(high) if high else None,
    )


def _anonymise(arguments: argparse.Namespace) -> int:
    from needsfirst.release.kanon import ReleaseSpec, anonymise

    _, rows = _read(arguments.file)
    spec = ReleaseSpec(
        quasi_identifiers=tuple(_quasi(q) for q in arguments.quasi or ()),
        sensitive=tuple(arguments.sensitive or ()),
        person_column=arguments.person,
        k=arguments.k,
        max_suppression=arguments.max_suppression,
    )
    names = {q.column for q in spec.quasi_identifiers} | set(spec.sensitive)
    if spec.person_column:
        names.add(spec.person_column)
    table = {
        name: [row.get(name) or "" for row in rows] for name in names if rows and name in rows[0]
    }
    release = anonymise(table, spec)
    with arguments.output.open("w", newline="", encoding="utf-8") as out:
        write_csv(out, release.columns, release.rows)
    report = release.report.as_dict()
    if arguments.report:
        arguments.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


def _categories(texts: list[str]) -> dict[str, list[str]]:
    categories: dict[str, list[str]] = {}
    for text in texts:
        column, _, values = text.partition("=")
        categories[column] = [v for v in values.split(",") if v]
    return categories


def _ledger_budget(arguments: argparse.Namespace) -> tuple[Budget, list[Spend]]:
    """The budget to check the release against: the ledger file's, or a new ledger's (then
    --budget is required). Without --ledger, --budget alone checks this one release."""
    if arguments.ledger is not None and arguments.ledger.exists():
        budget, spends = load_ledger(arguments.ledger.read_text(encoding="utf-8"))
        if arguments.budget is not None and arguments.budget != budget.epsilon:
            raise InputError(
                ReleaseErrorCode.BAD_BUDGET,
                "budget",
                f"the ledger's budget is epsilon = {budget.epsilon:g}; change it in the file, "
                "not on the command line",
            )
        return budget, spends
    if arguments.budget is None:
        raise InputError(
            ReleaseErrorCode.NO_BUDGET,
            "budget",
            "a DP release needs a privacy budget: --ledger FILE (a new ledger also needs "
            "--budget EPSILON) or, for a release tracked elsewhere, --budget EPSILON",
        )
    return Budget(arguments.budget, period_days=arguments.period_days), []


def _counts(arguments: argparse.Namespace) -> int:
    from needsfirst.release.dp import dp_counts  # OpenDP loads only when counts are asked for

    budget, spends = _ledger_budget(arguments)
    dataset = arguments.dataset or arguments.file.name
    now = dt.datetime.now(dt.UTC)
    before = check(budget, spends, dataset, arguments.epsilon, now)
    _, rows = _read(arguments.file)
    result = dp_counts(
        rows,
        by=list(arguments.by),
        categories=_categories(arguments.categories or []),
        epsilon=arguments.epsilon,
        person_column=arguments.person,
        bound=arguments.bound,
    )
    spend = Spend(
        dataset=dataset,
        epsilon=result.epsilon,
        bound=result.bound,
        released_by=arguments.released_by or getpass.getuser(),
        released_at=now,
        mechanism=result.mechanism,
    )
    after = state(budget, [*spends, spend], dataset, now)
    output = result.as_dict()
    output["budget"] = after.as_dict()
    output["budget"]["tracked"] = arguments.ledger is not None
    text = json.dumps(output, indent=2) + "\n"
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")
    if arguments.ledger is not None:
        # written after the release is made, through a file beside it renamed over the old one
        temporary = arguments.ledger.with_name(arguments.ledger.name + ".tmp")
        temporary.write_text(dump_ledger(budget, [*spends, spend]), encoding="utf-8")
        temporary.replace(arguments.ledger)
    print(text, end="")
    print(
        f"privacy budget of {dataset!r}: {before.spent_epsilon:g} spent before, "
        f"{result.epsilon:g} now, {after.remaining_epsilon:g} of {budget.epsilon:g} left "
        f"for the {budget.period_days} days to {now.date().isoformat()}"
        + ("" if arguments.ledger else " (not tracked: no --ledger)"),
        file=sys.stderr,
    )
    return 0


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value not in (None, "", "-99") else None


def _ctdc(arguments: argparse.Namespace) -> int:
    from needsfirst.release.ctdc import CaseProfile, ctdc_release

    _, rows = _read(arguments.file)
    try:
        profiles = [
            CaseProfile(
                person_id=row["person_id"],
                year_registered=int(row["year_registered"]),
                gender=row.get("gender") or "",
                age_at_registration=_int_or_none(row.get("age_at_registration")),
                age_at_exploitation=_int_or_none(row.get("age_at_exploitation")),
                age_at_entry=_int_or_none(row.get("age_at_entry")),
                citizenship=row.get("citizenship") or "",
                country_of_exploitation=row.get("country_of_exploitation") or "",
                exploitation=frozenset(filter(None, (row.get("exploitation") or "").split(";"))),
                labour_sector=row.get("labour_sector") or "",
                sex_types=frozenset(filter(None, (row.get("sex_types") or "").split(";"))),
                means=frozenset(filter(None, (row.get("means") or "").split(";"))),
            )
            for row in rows
        ]
    except (KeyError, ValueError) as error:
        print(
            f"refused: every row needs person_id and a whole year_registered ({error})",
            file=sys.stderr,
        )
        return 2
    release = ctdc_release(profiles, k=arguments.k, max_suppression=arguments.max_suppression)
    with arguments.output.open("w", newline="", encoding="utf-8") as out:
        write_csv(out, release.columns, release.rows)
    print(json.dumps(release.report.as_dict(), indent=2))
    return 0


def _guarded(handler: Any) -> Any:
    def run(arguments: argparse.Namespace) -> int:
        try:
            return int(handler(arguments))
        except InputError as error:
            print(f"refused: {error}", file=sys.stderr)
            advice = error.params.get("generalise")
            if advice:
                print("generalise: " + json.dumps(advice), file=sys.stderr)
            return 2

    return run


def register(subparsers: Any) -> None:
    release = subparsers.add_parser("release", help="k-anonymous files and DP counts")
    commands = release.add_subparsers(dest="release_command", required=True)

    kanon = commands.add_parser("anonymise", help="a k-anonymous copy of a CSV file")
    kanon.add_argument("file", type=Path)
    kanon.add_argument(
        "--quasi",
        action="append",
        help="column:kind[:min-max] (kinds: age, ctdc_age, date, year, country, category)",
    )
    kanon.add_argument("--sensitive", action="append", help="a column released as it is")
    kanon.add_argument("--person", help="the person id column (counted, never released)")
    kanon.add_argument("--k", type=int, default=DEFAULT_K)
    kanon.add_argument("--max-suppression", type=float, default=DEFAULT_MAX_SUPPRESSION)
    kanon.add_argument("--output", type=Path, required=True)
    kanon.add_argument("--report", type=Path)
    kanon.set_defaults(handler=_guarded(_anonymise))

    ctdc = commands.add_parser(
        "ctdc",
        help="case profiles (person_id, year_registered, gender, age_at_registration, ...) "
        "to CTDC's columns and codes, k-anonymous",
    )
    ctdc.add_argument("file", type=Path)
    ctdc.add_argument("--k", type=int, default=DEFAULT_K)
    ctdc.add_argument("--max-suppression", type=float, default=DEFAULT_MAX_SUPPRESSION)
    ctdc.add_argument("--output", type=Path, required=True)
    ctdc.set_defaults(handler=_guarded(_ctdc))

    counts = commands.add_parser("counts", help="differentially private counts (OpenDP)")
    counts.add_argument("file", type=Path)
    counts.add_argument("--by", action="append", required=True)
    counts.add_argument("--categories", action="append", help="column=value,value,...")
    counts.add_argument("--person", required=True, help="person id after deduplication")
    counts.add_argument("--epsilon", type=float, required=True)
    counts.add_argument("--bound", type=int, default=1, help="rows counted per person at most")
    counts.add_argument("--output", type=Path)
    counts.add_argument(
        "--ledger",
        type=Path,
        help="the privacy ledger (JSON): the release is checked against its budget and recorded",
    )
    counts.add_argument(
        "--budget",
        type=float,
        help="total epsilon per period: for a new ledger, or for one untracked release",
    )
    counts.add_argument(
        "--period-days", type=int, default=DEFAULT_PERIOD_DAYS, help="the budget's period"
    )
    counts.add_argument("--dataset", help="the set of people released (default: the file name)")
    counts.add_argument("--released-by", help="who releases (default: the system user)")
    counts.set_defaults(handler=_guarded(_counts))
