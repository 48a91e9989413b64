"""Law as data: dated legal values with their sources, loaded from YAML (pure, no Django)."""

from needsfirst.law.dated import Dated, LawDataError, Source, Timeline, parse_date
from needsfirst.law.loader import DATA_DIR, list_data, load_yaml, rules_version

__all__ = [
    "DATA_DIR",
    "Dated",
    "LawDataError",
    "Source",
    "Timeline",
    "list_data",
    "load_yaml",
    "parse_date",
    "rules_version",
]
