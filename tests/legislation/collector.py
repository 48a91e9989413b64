"""The legislation-test format and its pytest collector (OpenFisca's YAML tests are the model).

Every ``*.yaml`` file under ``tests/legislation/<kind>/`` (kind: identification, needs, nrm, wages,
offers) is one file of cases checked against ``legislation-test.schema.json``
(``$defs/<kind>_file``): every object is closed, so a misspelt key fails collection with a
message naming the file, the case and the key. Identification facts are also checked against
the screening record schema.
Each case becomes one test item; ``runners.py`` holds what each kind checks.

At the end of a run the identification cases are tallied per label (``Tally``): a case's
``expected.labels`` are its positives, ``expected.absent`` its negatives.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.exceptions import ValidationError, best_match

HERE = Path(__file__).parent
SCHEMA_PATH = HERE / "legislation-test.schema.json"
RECORD_SCHEMA_PATH = (
    HERE.parents[1] / "src" / "needsfirst" / "screening" / "schema" / "screening-record.schema.json"
)
KINDS = ("identification", "needs", "wages", "offers", "nrm")

V2_FOLDER = HERE / "identification" / "v2"


class LegislationFormatError(Exception):
    """A legislation file that does not follow the format; the message names file, case, key."""


class _DatesAsText(yaml.SafeLoader):
    """Reads YAML like JSON: dates stay "YYYY-MM-DD" text, as the record schema expects."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@cache
def legislation_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = dict(legislation_schema())
    schema["$ref"] = f"#/$defs/{kind}_file"
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@cache
def record_schema() -> dict[str, Any]:
    """The published screening record schema, against which every case's facts are checked."""
    schema: dict[str, Any] = json.loads(RECORD_SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def is_v2(path: Path) -> bool:
    return path.parent == V2_FOLDER or V2_FOLDER in path.parents


def kind_of(path: Path) -> str:
    relative = path.resolve().relative_to(HERE.resolve())
    kind = relative.parts[0]
    if kind not in KINDS or len(relative.parts) < 2:
        raise LegislationFormatError(
            f"{path}: legislation files live in tests/legislation/<kind>/ with kind one of "
            f"{', '.join(KINDS)}"
        )
    return kind


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(error: ValidationError) -> str:
    """One clear sentence for one schema error: where, and what is wrong."""
    if error.context:
        deepest = best_match(error.context)
        if deepest is not None and list(deepest.absolute_path) != list(error.absolute_path):
            return _describe(deepest)
    where = _where(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        parts = []
        for key in extra:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            parts.append(f"unknown key {key!r}{hint}")
        return f"{where}: {'; '.join(parts)}; allowed keys: {', '.join(allowed)}"
    if error.validator == "propertyNames":
        allowed = error.schema.get("enum") or error.validator_value.get("enum")
        hint = ""
        if isinstance(allowed, list):
            close = difflib.get_close_matches(str(error.instance), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{where}: unknown key {error.instance!r}{hint}"
    if error.validator == "enum" and isinstance(error.instance, str):
        close = difflib.get_close_matches(error.instance, error.validator_value, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{where}: {error.instance!r} is not one of the allowed values{hint}"
    return f"{where}: {error.message}"


def _problems(validator: jsonschema.Draft202012Validator, instance: Any) -> list[str]:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path)))
    return [_describe(error) for error in errors]


def _case_label(index: int, case: Any) -> str:
    name = case.get("name") if isinstance(case, Mapping) else None
    return f"case {index + 1}" + (f" ({name!r})" if name else "")


def load_file(path: Path, kind: str | None = None) -> list[dict[str, Any]]:
    """The cases of one legislation file, each with its source; raises LegislationFormatError.

    The kind is the file's folder under tests/legislation unless given.
    """
    kind = kind or kind_of(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)
    except yaml.YAMLError as error:
        raise LegislationFormatError(f"{path}: not valid YAML: {error}") from error
    problems = _problems(_validator(kind), data)
    if problems:
        lines = []
        for problem in problems:
            head, _, rest = problem.partition(": ")
            if head.startswith("cases["):
                index = int(head[6 : head.index("]")])
                inner = head[head.index("]") + 1 :].lstrip(".") or "(the case)"
                lines.append(f"{_case_label(index, data['cases'][index])}: {inner}: {rest}")
            else:
                lines.append(problem)
        raise LegislationFormatError(f"{path}:\n  " + "\n  ".join(lines))
    cases: list[dict[str, Any]] = []
    names: set[str] = set()
    for index, case in enumerate(data["cases"]):
        if case["name"] in names:
            raise LegislationFormatError(
                f"{path}: {_case_label(index, case)}: the name is used twice"
            )
        names.add(case["name"])
        cases.append({"source": data.get("source"), **case})
        if kind == "identification":
            _check_record(path, index, case)
    return cases


def _check_record(path: Path, index: int, case: Mapping[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(record_schema())
    problems = _problems(validator, {"as_of": case["as_of"], **case["facts"]})
    if problems:
        raise LegislationFormatError(
            f"{path}:\n  "
            + "\n  ".join(f"{_case_label(index, case)}: {_in_facts(p)}" for p in problems)
        )


def _in_facts(problem: str) -> str:
    top = "(top level)"
    return "facts" + (problem.removeprefix(top) if problem.startswith(top) else "." + problem)


def iter_files(kind: str | None = None) -> Iterator[Path]:
    for each in KINDS if kind is None else (kind,):
        yield from sorted((HERE / each).rglob("*.yaml"))


def all_cases(kind: str) -> list[dict[str, Any]]:
    return [case for path in iter_files(kind) for case in load_file(path)]


# ------------------------------------------------------------------------------ pytest nodes


class LegislationFile(pytest.File):
    def collect(self) -> Iterator[LegislationCase]:
        try:
            cases = load_file(self.path)
        except LegislationFormatError as error:
            raise self.CollectError(str(error)) from None
        kind = kind_of(self.path)
        for case in cases:
            item = LegislationCase.from_parent(self, name=case["name"], case=case, kind=kind)
            if case.get("known_gap"):
                # a named, documented gap of the engine: the case must fail, and the run says so
                # when it starts passing (strict)
                item.add_marker(pytest.mark.xfail(strict=True, reason=case["known_gap"]))
            yield item


class CaseMismatch(AssertionError):
    """The result differs from the expected answer; the message says how."""


class LegislationCase(pytest.Item):
    def __init__(self, *, case: dict[str, Any], kind: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.kind = kind

    def runtest(self) -> None:
        from tests.legislation.runners import RUNNERS

        v2 = is_v2(self.path)

        def record(outcome: dict[str, Any]) -> None:
            self.user_properties.append((OUTCOME, {**outcome, "v2": v2}))

        RUNNERS[self.kind](self.case, record)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseMismatch):
            return f"{self.path.name}: {self.name}\n  {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.kind}: {self.name}"


def collect_file(file_path: Path, parent: pytest.Collector) -> LegislationFile | None:
    if file_path.suffix != ".yaml":
        return None
    try:
        file_path.resolve().relative_to(HERE.resolve())
    except ValueError:
        return None
    return LegislationFile.from_parent(parent, path=file_path)


# ------------------------------------------------------------------------------ the tally

OUTCOME = "identification_outcome"


class Tally:
    """TP/FN/TN/FP per identification label over the cases run."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(
            lambda: {"TP": 0, "FN": 0, "TN": 0, "FP": 0}
        )
        self.cases = 0
        self.v2_cases = 0
        self.refused = 0

    def add(self, outcome: Mapping[str, Any]) -> None:
        self.cases += 1
        self.v2_cases += bool(outcome.get("v2"))
        if outcome.get("refused"):
            self.refused += 1
            return
        got = set(outcome["got"])
        for label in outcome["labels"]:
            self.counts[label]["TP" if label in got else "FN"] += 1
        for label in outcome["absent"]:
            self.counts[label]["FP" if label in got else "TN"] += 1

    def lines(self) -> list[str]:
        def ratio(hit: int, miss: int) -> str:
            return f"{hit / (hit + miss):7.1%}" if hit + miss else "    n/a"

        out = [
            f"{self.cases} identification cases ({self.v2_cases} of them engine v2 cases); "
            f"{self.refused} refused by the engine (not counted). expected.labels are the "
            "positives, expected.absent the negatives.",
            f"{'label':34} {'TP':>4} {'FN':>4} {'TN':>4} {'FP':>4}  sensitivity  specificity",
        ]
        for label in sorted(self.counts):
            c = self.counts[label]
            out.append(
                f"{label:34} {c['TP']:4} {c['FN']:4} {c['TN']:4} {c['FP']:4}  "
                f"{ratio(c['TP'], c['FN'])}      {ratio(c['TN'], c['FP'])}"
            )
        return out


TALLY = Tally()


def record_report(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == OUTCOME:
            TALLY.add(value)


def terminal_summary(terminalreporter: Any) -> None:
    if not TALLY.cases:
        return
    terminalreporter.section("legislation: identification labels, sensitivity and specificity")
    for line in TALLY.lines():
        terminalreporter.write_line(line)
