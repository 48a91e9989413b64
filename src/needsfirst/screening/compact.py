"""The compact screening result: the decision without the explanation text.

Re-screening an archive asks "which labels now, on which elements, what to ask next", not for
kilobytes of sourced explanation per record. `compact_screen(record)` runs the same
instrument modules as `screen(record)` (`engine.evaluate` and `outcomes.conclusions`, with
`explain=False`: no sentence is built) and keeps the decision. There is no second copy of the
rules. `compact_of(screen(record).as_dict())` derives the same compact result from a full
determination; tests check that the two agree.

A compact result (format version 2, see docs/identification.md):

    {"record_id": "r1", "as_of": "2024-01-01",
     "labels": [["presumed_trafficking_victim", "yyyn", false], ...],
     "instruments": "yn?ny", "dims": "yn?nny", "derived": ["D4.x", ...],
     "questions": [["means", 8], ...],
     "formal": ["ActualVictimOfTrafficking", "PossibleVictimOfTrafficking", true] | null}

Each label carries its elements' statuses in order (y yes, n no, ? unknown) and whether it
rests on unverified data; `instruments` the status of the five instruments (trafficking
protocol, forced labour, slavery, smuggling protocol, labour standards); `dims` the ILO/EC
dimensions D1..D6 (adult tables); `derived` the indicator ids derived from the facts;
`questions` the facts to ask, with their impact. The rules version and the switches are
written once, in the header line of a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from needsfirst.screening import outcomes
from needsfirst.screening.engine import DISCLAIMER, evaluate, skipped_questions
from needsfirst.screening.lawlookup import DEFAULT_LOOKUP, LawLookup
from needsfirst.screening.logic import rank_unknowns
from needsfirst.screening.rules import DIMENSIONS, Rules, Switches, load_rules
from needsfirst.screening.validation import validate_record

FORMAT = "needsfirst.screening.compact"
FORMAT_VERSION = 2
INSTRUMENTS = (
    "trafficking_protocol",
    "forced_labour",
    "slavery",
    "smuggling_protocol",
    "labour_standards",
)
_STATUS = {True: "y", False: "n", None: "?"}
_FULL_STATUS = {"yes": "y", "no": "n", "unknown": "?", "undetermined": "?"}


def header(rules: Rules | None = None, switches: Switches | None = None) -> dict[str, Any]:
    """The first line of a compact batch: format, version, rules version and switches."""
    rules = rules or load_rules()
    switches = switches or rules.default_switches
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "rules_version": rules.version,
        "switches": {
            "child_requires_recruitment_dimension": switches.child_requires_recruitment_dimension,
            "d3_disputed_strength": switches.d3_disputed_strength,
        },
        "disclaimer": DISCLAIMER,
    }


def compact_of(full: Mapping[str, Any]) -> dict[str, Any]:
    """The compact result, derived from a full determination (`Determination.as_dict()`)."""
    decision = full["formal_decision"]
    return {
        "record_id": full["record_id"],
        "as_of": full["as_of"],
        "labels": [
            [
                label["label"],
                "".join(_FULL_STATUS[e["status"]] for e in label["elements"]),
                label["rests_on_unverified_data"],
            ]
            for label in full["labels"]
        ],
        "instruments": "".join(
            _FULL_STATUS[full["instruments"][name]["status"]] for name in INSTRUMENTS
        ),
        "dims": "".join(_FULL_STATUS[full["ilo_ec_dimensions"][d]] for d in DIMENSIONS),
        "derived": [line.split(": ", 1)[0] for line in full["derived_indicators"]],
        "questions": [[q["fact"], q["impact"]] for q in full["questions"]],
        "formal": None
        if decision is None
        else [decision["status"], decision["screening_equivalent"], decision["differs"]],
    }


def compact_screen(
    record: Mapping[str, Any],
    *,
    law: LawLookup | None = None,
    switches: Switches | None = None,
    validate: bool = True,
) -> dict[str, Any]:
    """The compact result of `screen(record, law=..., switches=...)`, without the text.

    Raises ScreeningInputError on an invalid record, exactly as `screen` does.
    """
    if validate:
        validate_record(record)
    rules = load_rules()
    ev = evaluate(record, rules, law or DEFAULT_LOOKUP, switches or rules.default_switches, False)
    labels = outcomes.conclusions(ev, explain=False)
    formal = outcomes.formal(record, ev.levels[0])
    f = ev.facts
    return {
        "record_id": str(record.get("record_id", "")),
        "as_of": record["as_of"],
        "labels": [
            [
                c.label,
                "".join(_FULL_STATUS[e.status] for e in c.elements),
                c.rests_on_unverified,
            ]
            for c in labels
        ],
        "instruments": "".join(_FULL_STATUS[ev.results[name].status] for name in INSTRUMENTS),
        "dims": "".join(_STATUS[f.dims[d][0]] for d in DIMENSIONS),
        "derived": sorted(f.derived),
        "questions": [
            [key, impact]
            for key, impact, _families, _other in rank_unknowns(
                ev.state, ev.signal, skipped_questions(f)
            )
        ],
        "formal": None
        if formal is None
        else [formal["status"], formal["screening_equivalent"], formal["differs"]],
    }


def compact_line(record: Mapping[str, Any]) -> bytes:
    """`compact_screen(record)` as one JSON line (no newline), for the batch."""
    return orjson.dumps(compact_screen(record))
