"""Identification engine (pure core): screening facts -> a reasoned, sourced determination.

from needsfirst.screening import screen
result = screen(record)          # record: a dict matching the published JSON Schema
result.label_ids, result.questions, result.as_dict()
"""

from needsfirst.screening.engine import (
    DISCLAIMER,
    Conclusion,
    Determination,
    Element,
    Question,
    screen,
)
from needsfirst.screening.lawlookup import LawLookup
from needsfirst.screening.rules import Rules, Switches, load_rules
from needsfirst.screening.validation import (
    ScreeningErrorCode,
    ScreeningInputError,
    record_schema,
    validate_record,
)

__all__ = [
    "DISCLAIMER",
    "Conclusion",
    "Determination",
    "Element",
    "LawLookup",
    "Question",
    "Rules",
    "ScreeningErrorCode",
    "ScreeningInputError",
    "Switches",
    "load_rules",
    "record_schema",
    "screen",
    "validate_record",
]
