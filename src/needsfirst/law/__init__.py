"""Law as data: dated legal values with their sources, loaded from YAML and checked against one
JSON Schema per kind of file (pure, no Django)."""

from needsfirst.law.dated import Dated, LawDataError, Source, Timeline, parse_date
from needsfirst.law.loader import (
    DATA_DIR,
    KINDS,
    NEEDS_DATA_DIR,
    SCHEMA_DIR,
    check_all,
    list_data,
    load,
    load_needs_data,
    load_yaml,
    rules_version,
    validate,
)

__all__ = [
    "DATA_DIR",
    "KINDS",
    "NEEDS_DATA_DIR",
    "SCHEMA_DIR",
    "Dated",
    "LawDataError",
    "Source",
    "Timeline",
    "check_all",
    "list_data",
    "load",
    "load_needs_data",
    "load_yaml",
    "parse_date",
    "rules_version",
    "validate",
]
