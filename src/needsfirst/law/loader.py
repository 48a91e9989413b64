"""The one loader of law data: every file is read once and checked against its kind's JSON Schema.

Two folders hold law as data: `needsfirst/law/data/` (instruments, indicators, jurisdictions) and
`needsfirst/needs/data/` (need domains and triage rules). Each file belongs to exactly one kind,
named in `KINDS` by a glob, and each kind has a JSON Schema in `needsfirst/law/schemas/`. An
unknown key, a misspelt field or a missing source fails loading with a message naming the file and
the field; a file that matches no kind fails too, so nothing is read unchecked. The packages that
use the data (screening, needs, wages) still turn the checked content into their own types.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from needsfirst.law.dated import LawDataError

# libyaml's safe loader where installed (8x faster, same result), else PyYAML's own
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
# The needs package's data is law data too (triage urgencies, domains and their sources); it is
# read here by path, so `law` imports nothing from `needs`.
NEEDS_DATA_DIR = Path(__file__).resolve().parent.parent / "needs" / "data"
ROOTS: Mapping[str, Path] = {"law": DATA_DIR, "needs": NEEDS_DATA_DIR}


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of law-data file: where such files live (a glob under a root) and their schema."""

    root: str
    pattern: str
    schema: str


KINDS: tuple[Kind, ...] = (
    Kind("law", "instruments/un-trafficking-protocol.yaml", "instrument-un-trafficking-protocol"),
    Kind("law", "instruments/smuggling-protocol.yaml", "instrument-smuggling-protocol"),
    Kind("law", "instruments/ilo-c029.yaml", "instrument-ilo-c029"),
    Kind("law", "instruments/slavery-conventions.yaml", "instrument-slavery-conventions"),
    Kind(
        "law",
        "instruments/coe-convention-entitlements.yaml",
        "instrument-coe-convention-entitlements",
    ),
    Kind("law", "instruments/fair-recruitment.yaml", "instrument-fair-recruitment"),
    Kind("law", "indicators/ilo-ec-2009.yaml", "indicators-ilo-ec-2009"),
    Kind("law", "indicators/ilo-forced-labour.yaml", "indicators-ilo-forced-labour"),
    Kind("law", "indicators/objective-exploitation.yaml", "indicators-objective-exploitation"),
    Kind("law", "indicators/unodc-indicators.yaml", "indicators-unodc-indicators"),
    Kind("law", "jurisdictions/*/minimum-wage.yaml", "minimum-wage"),
    Kind("law", "jurisdictions/*/working-time.yaml", "working-time"),
    Kind("law", "jurisdictions/*/entitlements.yaml", "entitlements"),
    Kind("law", "jurisdictions/*/reflection-period.yaml", "reflection-period"),
    Kind("law", "jurisdictions/*/sponsorship.yaml", "sponsorship"),
    Kind("law", "fallback/ilostat-minimum-wage.yaml", "ilostat-minimum-wage"),
    Kind("law", "jurisdictions/*/remedies.yaml", "remedies"),
    Kind("law", "jurisdictions/*/household-entry.yaml", "household-entry"),
    Kind("law", "inspection/targeting.yaml", "inspection-targeting"),
    Kind("law", "jurisdictions/*/nrm.yaml", "nrm"),
    Kind("law", "jurisdictions/*/public-holidays.yaml", "public-holidays"),
    Kind("needs", "domains.yaml", "needs-domains"),
    Kind("needs", "triage-rules.yaml", "needs-triage-rules"),
)


def data_path(relative: str, root: str = "law") -> Path:
    base = ROOTS.get(root)
    if base is None:
        raise LawDataError(f"{root}: not a law data folder (known: {', '.join(ROOTS)})")
    path = (base / relative).resolve()
    if base not in path.parents:
        raise LawDataError(f"{relative}: outside the law data folder")
    return path


def kind_of(relative: str, root: str = "law") -> Kind:
    """The kind of a data file; a file of no known kind is an error, never read unchecked."""
    for kind in KINDS:
        if kind.root == root and fnmatch.fnmatchcase(relative, kind.pattern):
            return kind
    raise LawDataError(
        f"{root}/{relative}: no schema for this file; add its kind to needsfirst.law.loader.KINDS "
        "and a JSON Schema to needsfirst/law/schemas/"
    )


@cache
def _registry() -> Registry[Any]:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    return registry


@cache
def schema(name: str) -> dict[str, Any]:
    """One kind's JSON Schema, e.g. schema('minimum-wage')."""
    path = SCHEMA_DIR / f"{name}.schema.json"
    if not path.is_file():
        raise LawDataError(f"no schema {name!r} in needsfirst/law/schemas/")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), registry=_registry())


def _as_json(value: Any) -> Any:
    """The YAML content as JSON would hold it: dates become ISO strings, keys strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def _field(error: ValidationError) -> str:
    where = ""
    for part in error.absolute_path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "(top level)"


def _message(relative: str, error: ValidationError) -> str:
    rule = error.schema
    if (
        error.validator == "additionalProperties"
        and isinstance(error.instance, Mapping)
        and isinstance(rule, Mapping)
    ):
        allowed = set(rule.get("properties", {}))
        unknown = sorted(key for key in error.instance if key not in allowed)
        if unknown:
            field = _field(error)
            prefix = "" if field == "(top level)" else f"{field}."
            names = ", ".join(f"{prefix}{key}" for key in unknown)
            return f"{relative}: {names}: unknown key (allowed: {', '.join(sorted(allowed))})"
    return f"{relative}: {_field(error)}: {error.message}"


def validate(content: Any, schema_name: str, where: str) -> None:
    """Check content against a kind's schema; the error names the file and the field."""
    error = best_match(_validator(schema_name).iter_errors(_as_json(content)))
    if error is not None:
        raise LawDataError(_message(where, error))


@cache
def load(relative: str, root: str = "law") -> Any:
    """The checked content of one data file, e.g. load('jurisdictions/GB/minimum-wage.yaml').

    The content is parsed YAML (dates as `date`), read once per process. It has passed its kind's
    schema: unknown keys, wrong types and missing sources never reach the packages that use it.
    Do not modify what it returns: it is shared.
    """
    kind = kind_of(relative, root)
    path = data_path(relative, root)
    if not path.is_file():
        raise LawDataError(f"{relative}: no such law data file")
    with path.open(encoding="utf-8") as handle:
        try:
            content = yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
        except yaml.YAMLError as error:
            raise LawDataError(f"{relative}: not valid YAML: {error}") from None
    validate(content, kind.schema, relative if root == "law" else f"{root}/data/{relative}")
    return content


def load_yaml(relative: str) -> Any:
    """The checked content of one file of `law/data/` (kept for the screening rules' loader)."""
    return load(relative, "law")


def load_needs_data(name: str) -> Any:
    """The checked content of one file of `needs/data/`, e.g. load_needs_data('domains.yaml')."""
    return load(name, "needs")


def list_data(folder: str, pattern: str = "*.yaml", root: str = "law") -> list[str]:
    """Relative names of the data files in one folder, sorted."""
    base = ROOTS[root]
    return sorted(str(path.relative_to(base)) for path in data_path(folder, root).glob(pattern))


def all_data_files() -> list[tuple[str, str]]:
    """Every data file as (root, relative name), in a stable order."""
    files: list[tuple[str, str]] = []
    for root, base in ROOTS.items():
        for path in sorted(base.rglob("*.yaml")):
            files.append((root, str(path.relative_to(base))))
    return files


def check_all() -> list[str]:
    """Load and check every data file; the list of problems (empty when all is well)."""
    problems: list[str] = []
    for root, relative in all_data_files():
        try:
            load(relative, root)
        except LawDataError as error:
            problems.append(str(error))
    return problems


@cache
def rules_version() -> str:
    """A version of the whole rule set: the declared release plus a digest of every data file.

    The digest covers `law/data/` and `needs/data/` (a changed triage urgency is a new rule set)
    and the schemas. A stored determination records it, so a changed file can never pass as the
    old rules.
    """
    declared = (DATA_DIR / "VERSION").read_text(encoding="utf-8").strip()
    digest = hashlib.sha256()
    for root, base in (*ROOTS.items(), ("schemas", SCHEMA_DIR)):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{root}/{path.relative_to(base)}".encode())
                digest.update(path.read_bytes())
    return f"{declared}+{digest.hexdigest()[:12]}"
