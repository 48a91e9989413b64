"""Reads the law-as-data files shipped under `needsfirst/law/data/`."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from needsfirst.law.dated import LawDataError

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(relative: str) -> Path:
    path = (DATA_DIR / relative).resolve()
    if DATA_DIR not in path.parents:
        raise LawDataError(f"{relative}: outside the law data folder")
    return path


@cache
def load_yaml(relative: str) -> Any:
    """The parsed content of one data file, e.g. load_yaml('instruments/palermo-protocol.yaml')."""
    path = data_path(relative)
    if not path.is_file():
        raise LawDataError(f"{relative}: no such law data file")
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def list_data(folder: str, pattern: str = "*.yaml") -> list[str]:
    """Relative names of the data files in one folder, sorted."""
    base = data_path(folder)
    return sorted(str(path.relative_to(DATA_DIR)) for path in base.glob(pattern))


@cache
def rules_version() -> str:
    """A version of the whole rule set: the declared release plus a digest of every data file.

    A stored determination records it, so a changed file can never pass as the old rules.
    """
    declared = (DATA_DIR / "VERSION").read_text(encoding="utf-8").strip()
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(DATA_DIR)).encode())
            digest.update(path.read_bytes())
    return f"{declared}+{digest.hexdigest()[:12]}"
