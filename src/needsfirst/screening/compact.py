"""The compact screening result: the decision without the explanation text, fast.

Re-screening an archive asks "which labels now, on which elements, what to ask next", not for
four kilobytes of sourced explanation per record. `compact_screen(record)` computes exactly
the decision `screen(record)` reaches, from the same rules and the same three-valued logic
(`logic.combine`, `logic.rank_unknowns`), over tables compiled once from the rules, and
skips every sentence. `compact_of(screen(record).as_dict())` derives the same compact result
from a full determination; tests check that the two agree, record by record, on generated,
property-based and legislation cases, so the fast path cannot drift from the engine.

A compact result (format version 1, see docs/identification.md):

    {"record_id": "r1", "as_of": "2024-01-01",
     "labels": [["presumed_trafficking_victim", "yyy?yn??nyy", true], ...],
     "dims": "yn?nny", "derived": ["D4.x", ...], "questions": [["means", 8], ...],
     "formal": ["ActualVictimOfTrafficking", "PossibleVictimOfTrafficking", true] | null}

Each label carries its elements' statuses in order (y yes, n no, ? unknown) and whether it
rests on unverified data; `dims` are the ILO/EC dimensions D1..D6 (adult tables); `derived`
the indicator ids derived from the facts; `questions` the facts to ask, with their impact.
The rules version and the switches are written once, in the header line of a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import orjson

from needsfirst.screening.engine import (
    ANSWERS,
    ARRANGING_ROLES,
    DISCLAIMER,
    MINIMUM_PURPOSES,
    answer_of,
)
from needsfirst.screening.lawlookup import DEFAULT_LOOKUP, LawLookup, per_hour
from needsfirst.screening.logic import KEYS, Tri, combine, rank_unknowns
from needsfirst.screening.rules import DIMENSIONS, Rules, Switches, load_rules
from needsfirst.screening.validation import validate_record

FORMAT = "needsfirst.screening.compact"
FORMAT_VERSION = 1
_STATUS = {True: "y", False: "n", None: "?"}
_FULL_STATUS = {"yes": "y", "no": "n", "unknown": "?"}
_ORDER = {"strong": 0, "medium": 1, "weak": 2}
_ZERO = Decimal(0)
_HOLDERS = ("employer", "recruiter", "other")
# the objective tests, in the order `_work` returns their values
_OBJECTIVE_TESTS = (
    "unpaid_wages",
    "below_minimum_wage",
    "far_below_minimum_wage",
    "below_promise",
    "excessive_hours",
    "missing_rest",
    "document_retention",
    "debt_bondage",
    "recruitment_fees",
)
# minimum wages and working-time limits are memoised per (jurisdiction, date[, sector]); an
# archive has tens of thousands of such keys, more than the adapter's own cache holds
_MEMO_LIMIT = 500_000


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


# ----------------------------------------------------------------------------- from full
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
        "dims": "".join(_FULL_STATUS[full["ilo_ec_dimensions"][d]] for d in DIMENSIONS),
        "derived": [line.split(": ", 1)[0] for line in full["derived_indicators"]],
        "questions": [[q["fact"], q["impact"]] for q in full["questions"]],
        "formal": None
        if decision is None
        else [decision["status"], decision["screening_equivalent"], decision["differs"]],
    }


# ----------------------------------------------------------------------------- tables
class _Tables:
    """Everything `compact_screen` reads, compiled once per (rules, switches)."""

    def __init__(self, rules: Rules, switches: Switches) -> None:
        self.rules = rules
        self.switches = switches
        self.needs_recruitment = switches.child_requires_recruitment_dimension
        dims = DIMENSIONS
        # per indicator: (dimension index, strength index) in the adult and the child set
        self.adult: dict[str, tuple[int, int]] = {}
        self.child: dict[str, tuple[int, int]] = {}
        base_adult = [[0, 0, 0] for _ in dims]
        base_child = [[0, 0, 0] for _ in dims]
        for position, dim in enumerate(dims):
            for ident in rules.dimension_indicators[dim]:
                indicator = rules.indicators[ident]
                for set_name, table, base in (
                    ("adult_labour", self.adult, base_adult),
                    ("child_labour", self.child, base_child),
                ):
                    strength = indicator.strengths.get(set_name)
                    if strength is None:
                        continue
                    if set_name in indicator.disputed and switches.d3_disputed_strength != strength:
                        strength = indicator.disputed[set_name]
                    table[ident] = (position, _ORDER[strength])
                    base[position][_ORDER[strength]] += 1
        self.base_adult = [tuple(b) for b in base_adult]
        self.base_child = [tuple(b) for b in base_child]
        self.clauses = rules.clauses
        self._met: dict[tuple[int, ...], bool] = {}
        indicators = rules.indicators
        self.implies_act = frozenset(
            i
            for i, ind in indicators.items()
            if ind.implies_act or rules.dimensions[ind.dimension].implies_act
        )
        self.has_means = frozenset(i for i, ind in indicators.items() if ind.means)
        self.invol = frozenset(
            i for i, ind in indicators.items() if ind.forced_labour in ("involuntariness", "both")
        )
        self.menace = frozenset(
            i for i, ind in indicators.items() if ind.forced_labour in ("menace", "both")
        )
        self.vulnerability = frozenset(i for i, ind in indicators.items() if ind.vulnerability)
        self.signal = frozenset(rules.unodc) | frozenset(
            i for i, ind in indicators.items() if not (ind.vulnerability or ind.dimension == "D4")
        )
        self.n_acts = len(rules.acts)
        self.n_means = len(rules.means)
        self.objective = {test: derives for test, (_summary, derives) in rules.objective.items()}
        self.methods = rules.methods_of_control
        self.far_below_ratio = rules.far_below_ratio
        self.majority = rules.age_of_majority
        # verification of each element's source, for "rests on unverified data"
        self.protocol_verified = rules.protocol_source.verified
        self.forced_verified = rules.forced_labour_source.verified
        self.convention_verified = rules.forced_labour_convention.verified
        self.objective_verified = rules.objective_source.verified
        self.unodc_verified = rules.unodc_source.verified
        self.smuggling_verified = tuple(
            rules.smuggling_elements[k][1].verified
            for k in ("illegal_entry", "not_national_or_resident", "material_benefit")
        )
        self.aggravating = tuple(
            (k, rules.smuggling_aggravating[k][1].verified)
            for k in ("danger_to_life_or_safety", "inhuman_or_degrading_treatment")
        )
        # indicator answers as integer bitsets: one bit per indicator id, a mask per set
        self.bit: dict[str, int] = {}
        for ident in sorted(
            set(rules.all_indicator_ids)
            | set(indicators)
            | {i for derives in self.objective.values() for i in derives}
            | {i for derives in self.methods.values() for i in derives}
        ):
            self.bit[ident] = 1 << len(self.bit)
        self.implies_act_mask = self.mask(self.implies_act)
        self.has_means_mask = self.mask(self.has_means)
        self.invol_mask = self.mask(self.invol)
        self.menace_mask = self.mask(self.menace)
        self.vulnerability_mask = self.mask(self.vulnerability)
        self.signal_mask = self.mask(self.signal)
        # per dimension: the indicators of either table in it, as a mask and as
        # (bit, adult strength or None, child strength or None)
        self.dim_members: list[list[tuple[int, int | None, int | None]]] = [[] for _ in dims]
        for ident in sorted(set(self.adult) | set(self.child)):
            adult_slot = self.adult.get(ident)
            child_slot = self.child.get(ident)
            position = (adult_slot or child_slot or (0, 0))[0]
            self.dim_members[position].append(
                (
                    self.bit[ident],
                    None if adult_slot is None else adult_slot[1],
                    None if child_slot is None else child_slot[1],
                )
            )
        self.dim_masks = tuple(self.mask_bits(b for b, _a, _c in m) for m in self.dim_members)
        self.dim_memo: list[dict[int, tuple[Tri, Tri]]] = [{} for _ in dims]
        self.dim_slots = tuple(zip(range(len(dims)), self.dim_masks, self.dim_memo, strict=True))
        # in a memo key the no bits are shifted above every yes bit; the masks hold only
        # the bits of the rules' indicators, all below `shift`, so the key is exact
        self.shift = len(self.bit)
        pairs = [self.dimension(position, 0, 0) for position in range(len(dims))]
        self.no_answers: tuple[tuple[Tri, ...], tuple[Tri, ...]] = (
            tuple(a for a, _c in pairs),
            tuple(c for _a, c in pairs),
        )
        self.objective_derives = tuple(self.objective[test] for test in _OBJECTIVE_TESTS)
        self.derived_memo: dict[tuple[Any, ...], tuple[list[str], int]] = {}
        self.law_memo: dict[tuple[str, str, str], Any] = {}
        self.limits_memo: dict[tuple[str, str], Any] = {}
        self.floor_memo: dict[int, tuple[Any, Decimal | None]] = {}
        self.tail_json: dict[tuple[Any, ...], bytes] = {}

    def mask(self, idents: frozenset[str]) -> int:
        return self.mask_bits(self.bit[i] for i in idents if i in self.bit)

    @staticmethod
    def mask_bits(bits: Any) -> int:
        mask = 0
        for one in bits:
            mask |= one
        return mask

    def bit_of(self, ident: str) -> int:
        found = self.bit.get(ident)
        if found is None:  # an id outside the rules (only when not validated): its own bit
            found = self.bit[ident] = 1 << len(self.bit)
        return found

    def dimension(self, position: int, yes: int, no: int) -> tuple[Tri, Tri]:
        """(adult, child) value of one dimension from the yes and no answers in it.

        Counts start with every indicator of the table "maybe" (unknown); a yes counts it
        present, a no removes it from the maybe counts: present if the present ones meet a
        clause of the combination rule, unknown if the maybe ones could, else absent."""
        ay = [0, 0, 0]
        am = list(self.base_adult[position])
        cy = [0, 0, 0]
        cm = list(self.base_child[position])
        for bit, adult_strength, child_strength in self.dim_members[position]:
            if yes & bit:
                if adult_strength is not None:
                    ay[adult_strength] += 1
                if child_strength is not None:
                    cy[child_strength] += 1
            elif no & bit:
                if adult_strength is not None:
                    am[adult_strength] -= 1
                if child_strength is not None:
                    cm[child_strength] -= 1
        met = self.met
        values: list[Tri] = []
        for y_counts, m_counts in ((ay, am), (cy, cm)):
            if met(tuple(y_counts)):
                values.append(True)
            else:
                values.append(None if met(tuple(m_counts)) else False)
        return values[0], values[1]

    def met(self, counts: tuple[int, ...]) -> bool:
        found = self._met.get(counts)
        if found is None:
            s0, m0, w0 = counts
            found = any(s0 >= s and m0 >= m and w0 >= w for s, m, w in self.clauses)
            self._met[counts] = found
        return found


_TABLES: dict[tuple[int, Switches], _Tables] = {}


def _tables(rules: Rules, switches: Switches) -> _Tables:
    key = (id(rules), switches)
    tables = _TABLES.get(key)
    if tables is None or tables.rules is not rules:
        tables = _TABLES[key] = _Tables(rules, switches)
    return tables


def _dec(raw: object) -> Decimal:
    # Decimal(n) of an int is the very Decimal(str(n)) (same digits, exponent 0), cheaper;
    # a float or a bool goes through its text exactly as before
    if type(raw) is int:
        return Decimal(raw)
    if type(raw) is Decimal:  # its text gives it back exactly: same digits and exponent
        return raw
    return Decimal(str(raw))


def _answer(raw: object) -> Tri:
    if raw is None:
        return None
    if type(raw) is str:
        return ANSWERS[raw]
    return answer_of(raw)


# ----------------------------------------------------------------------------- evaluation
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
    t = _tables(rules, switches or rules.default_switches)
    key, derived, formal = _evaluate(record, t, law)
    return {
        "record_id": str(record.get("record_id", "")),
        "as_of": record["as_of"],
        **_tail(t, key),
        "derived": list(derived),
        "formal": formal,
    }


def compact_line(record: Mapping[str, Any]) -> bytes:
    """`compact_screen(record)` as one JSON line (no newline), for the batch.

    The labels, dimensions and questions are a function of the element values, which repeat
    across an archive: their JSON is memoised by those values (an exact key, see `_tail`).
    """
    validate_record(record)
    rules = load_rules()
    t = _tables(rules, rules.default_switches)
    key, derived, formal = _evaluate(record, t, None)
    fragment = t.tail_json.get(key)
    if fragment is None:
        if len(t.tail_json) > _MEMO_LIMIT:
            t.tail_json.clear()
        fragment = t.tail_json[key] = orjson.dumps(_tail(t, key))[1:-1]
    head = orjson.dumps(
        {
            "record_id": str(record.get("record_id", "")),
            "as_of": record["as_of"],
            "derived": derived,
            "formal": formal,
        }
    )
    return head[:-1] + b"," + fragment + b"}"


_UNSEEN = object()  # not in a memo (None is a memoised answer: no minimum wage known)


def _minimum(t: _Tables, law: LawLookup | None, jurisdiction: str, key: str, sector: str) -> Any:
    """The minimum wage on the date `key` (ISO), memoised by that exact string."""
    if law is not None:
        return law.minimum_wage(jurisdiction, date.fromisoformat(key), sector)
    memo = (jurisdiction, key, sector)
    found = t.law_memo.get(memo, _UNSEEN)
    if found is not _UNSEEN:
        return found
    if len(t.law_memo) > _MEMO_LIMIT:
        t.law_memo.clear()
    found = t.law_memo[memo] = DEFAULT_LOOKUP.minimum_wage(
        jurisdiction, date.fromisoformat(key), sector
    )
    return found


def _limits(t: _Tables, law: LawLookup | None, jurisdiction: str, key: str) -> Any:
    if law is not None:
        return law.working_time_limits(jurisdiction, date.fromisoformat(key))
    memo = (jurisdiction, key)
    found = t.limits_memo.get(memo, _UNSEEN)
    if found is not _UNSEEN:
        return found
    if len(t.limits_memo) > _MEMO_LIMIT:
        t.limits_memo.clear()
    found = t.limits_memo[memo] = DEFAULT_LOOKUP.working_time_limits(
        jurisdiction, date.fromisoformat(key)
    )
    return found


def _hourly_floor(minimum: Any) -> Decimal | None:
    """`minimum.hourly()`, or the engine's fallback when it cannot be computed."""
    try:
        floor: Decimal | None = minimum.hourly()
    except (ValueError, AttributeError):
        floor = minimum.amount if minimum.period == "hour" else None
    return floor


def _memo_floor(t: _Tables, law: LawLookup | None, minimum: Any) -> Decimal | None:
    if law is not None:
        return _hourly_floor(minimum)
    memo = t.floor_memo.get(id(minimum))
    if memo is not None and memo[0] is minimum:
        return memo[1]
    floor = _hourly_floor(minimum)
    t.floor_memo[id(minimum)] = (minimum, floor)  # keeps `minimum` alive: its id stays its own
    return floor


def _work(
    t: _Tables, record: Mapping[str, Any], work: Mapping[str, Any], law: LawLookup | None
) -> tuple[Tri, ...]:
    """The objective tests of `_Screening._work_tests`, values only."""
    paid = work.get("wage_paid")
    promised = work.get("wage_promised")
    hours_day = _dec(work["hours_per_day"]) if "hours_per_day" in work else None
    days_week = _dec(work["days_per_week"]) if "days_per_week" in work else None
    have_hours = hours_day is not None and days_week is not None and hours_day * days_week > 0
    dates = record.get("dates") or {}
    key = dates["exploitation_start"] if "exploitation_start" in dates else record["as_of"]
    jurisdiction = record["jurisdiction"]

    net: Decimal | None = None
    if paid is not None:
        net = _dec(paid["amount"])
        deductions = work.get("deductions")
        if deductions is not None:
            net = max(net - _dec(deductions["amount"]), _ZERO)
    hourly: Decimal | None = None
    if net is not None and paid is not None and have_hours:
        assert hours_day is not None
        assert days_week is not None
        hourly = per_hour(net, paid["period"], hours_day, days_week)

    withheld = _answer(work.get("wages_withheld"))
    if net is not None and net == 0:
        withheld = True
    below: Tri = None
    far: Tri = None
    if paid is not None:
        minimum = _minimum(t, law, jurisdiction, key, work.get("sector", "general"))
        if minimum is not None and minimum.currency == paid["currency"]:
            floor: Decimal | None = None
            mine: Decimal | None = None
            if hourly is not None:
                floor = _memo_floor(t, law, minimum)
                mine = hourly
            if floor is None and net is not None and paid["period"] == str(minimum.period):
                floor, mine = minimum.amount, net
            if floor is not None and mine is not None:
                below = mine < floor
                far = mine < floor * t.far_below_ratio
    below_promise: Tri = None
    if paid is not None and promised is not None and net is not None:
        if promised["currency"] != paid["currency"]:
            pass
        elif promised["period"] == paid["period"]:
            below_promise = net < _dec(promised["amount"])
        elif have_hours and hourly is not None:
            assert hours_day is not None
            assert days_week is not None
            below_promise = hourly < per_hour(
                _dec(promised["amount"]), promised["period"], hours_day, days_week
            )
    excessive: Tri = None
    missing_rest: Tri = None
    if have_hours or "weekly_rest_days" in work:
        limits = _limits(t, law, jurisdiction, key)
        if limits is not None:
            if have_hours:
                assert hours_day is not None
                assert days_week is not None
                excessive = hours_day * days_week > limits.max_hours_per_week
            rest_days = work.get("weekly_rest_days")
            if rest_days is None and days_week is not None:
                rest_days = 7 - days_week
            if rest_days is not None:
                missing_rest = _dec(rest_days) * 24 < limits.min_weekly_rest_hours
    holder = work.get("documents_held_by")
    debt = work.get("debt") or {}
    fees = work.get("recruitment_fees")
    return (  # in the order of _OBJECTIVE_TESTS
        withheld,
        below,
        far,
        below_promise,
        excessive,
        missing_rest,
        None if holder in (None, "unknown") else holder in _HOLDERS,
        _answer(debt.get("tied_to_work")),
        None if fees is None else _dec(fees["amount"]) > 0,
    )


def _child(t: _Tables, record: Mapping[str, Any], person: Mapping[str, Any]) -> Tri:
    """`_Screening._child`, value only."""
    majority = t.majority
    stages: list[Tri] = []
    for key in ("child_at_recruitment", "child_at_exploitation"):
        value = _answer(person.get(key))
        if value is not None:
            stages.append(value)
    if "age_when_trafficked" in person:
        stages.append(person["age_when_trafficked"] < majority)
    age: int | None = person.get("age")
    dates = record.get("dates") or {}
    first_stage = min(dates.values()) if dates else None
    as_of = date.fromisoformat(record["as_of"])
    if "birthdate" in person:
        birth = date.fromisoformat(person["birthdate"])
        age = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
        if first_stage is not None:
            at = date.fromisoformat(first_stage)
            years = at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))
            stages.append(years < majority)
    if age is not None:
        if age < majority:
            stages.append(True)
        elif first_stage is not None and "birthdate" not in person:
            at = date.fromisoformat(first_stage)
            if age - (as_of.year - at.year) - 1 >= majority:
                stages.append(False)
    if True in stages:
        return True
    if stages and all(value is False for value in stages):
        return False
    return None


_NO_WORK: tuple[Tri, ...] = (None,) * len(_OBJECTIVE_TESTS)


def _or3(values: tuple[Tri, ...]) -> Tri:
    if True in values:
        return True
    return None if None in values else False


# the state tuple is built positionally below; it must follow logic.KEYS
assert KEYS[:4] == ("child", "act", "means", "purpose")
assert KEYS[4:16] == DIMENSIONS + tuple("C" + d[1] for d in DIMENSIONS)
assert KEYS[16:] == (
    "involuntariness",
    "menace",
    "exploitation",
    "border",
    "irregular_entry",
    "procured",
    "not_national",
    "benefit",
    "danger",
    "inhuman",
)


def _evaluate(
    record: Mapping[str, Any], t: _Tables, law: LawLookup | None
) -> tuple[tuple[Any, ...], list[str], list[Any] | None]:
    """The element values of one record (the memo key of `_tail`), derived ids, formal.

    The list of derived ids is memoised: read it, never change it."""
    person: Mapping[str, Any] = record.get("person") or {}
    movement: Mapping[str, Any] = record.get("movement") or {}
    work: Mapping[str, Any] = record.get("work") or {}
    own_view: Mapping[str, Any] = record.get("own_view") or {}
    jurisdiction: str = record["jurisdiction"]

    # objective tests, then indicator answers with the derived ones, as bitsets
    objective = _work(t, record, work, law) if work else _NO_WORK
    methods = record.get("methods_of_control")
    derived_key = (objective, tuple(methods) if methods else ())
    found = t.derived_memo.get(derived_key)
    if found is None:
        derived_ids: set[str] = set()
        for value, derives in zip(objective, t.objective_derives, strict=True):
            if value:
                derived_ids.update(derives)
        for code in methods or ():
            derived_ids.update(t.methods.get(code, ()))
        derived_bits = 0
        for ident in derived_ids:
            derived_bits |= t.bit_of(ident)
        if len(t.derived_memo) > _MEMO_LIMIT:
            t.derived_memo.clear()
        found = t.derived_memo[derived_key] = (sorted(derived_ids), derived_bits)
    derived, yes = found
    no = 0
    indicators = record.get("indicators")
    if indicators:
        bit_of = t.bit
        for ident, raw in indicators.items():
            value = ANSWERS[raw] if type(raw) is str else answer_of(raw)
            if value is None:
                continue
            bit = bit_of.get(ident) or t.bit_of(ident)
            if value:
                yes |= bit
            else:
                no |= bit
        no &= ~yes  # a derived indicator is present, whatever the answer said

    child = _child(t, record, person)

    # ILO/EC dimensions, memoised per dimension by its yes and no answers (an exact key:
    # the yes bits, and the no bits shifted above every indicator bit)
    adult: tuple[Tri, ...]
    child_dims: tuple[Tri, ...]
    if yes or no:
        shift = t.shift
        pairs = []
        for position, mask, memo in t.dim_slots:
            dim_key = (yes & mask) | ((no & mask) << shift)
            pair = memo.get(dim_key)
            if pair is None:
                if len(memo) > _MEMO_LIMIT:
                    memo.clear()
                pair = memo[dim_key] = t.dimension(position, yes & mask, no & mask)
            pairs.append(pair)
        p1, p2, p3, p4, p5, p6 = pairs
        adult = (p1[0], p2[0], p3[0], p4[0], p5[0], p6[0])
        child_dims = (p1[1], p2[1], p3[1], p4[1], p5[1], p6[1])
    else:
        adult, child_dims = t.no_answers

    # Protocol elements
    acts = record.get("acts") or {}
    act_values = [ANSWERS[raw] if type(raw) is str else answer_of(raw) for raw in acts.values()]
    act: Tri
    if any(act_values) or yes & t.implies_act_mask:
        act = True
    elif len(act_values) == t.n_acts and all(v is False for v in act_values):
        act = False
    else:
        act = None
    means_values = [
        ANSWERS[raw] if type(raw) is str else answer_of(raw)
        for raw in (record.get("means") or {}).values()
    ]
    means: Tri
    if any(means_values) or yes & t.has_means_mask or adult[2] is True or adult[5] is True:
        means = True
    elif len(means_values) == t.n_means and all(v is False for v in means_values):
        means = False
    else:
        means = None

    # ILO forced labour
    agreed: Tri = None
    free: Tri = None
    if own_view:
        agreed = _answer(own_view.get("agreed_to_conditions"))
        free = _answer(own_view.get("free_to_leave"))
    involuntariness: Tri = (
        True
        if (yes & t.invol_mask or agreed is False or free is False)
        else (False if agreed is True and free is True else None)
    )
    menace: Tri
    if yes & t.menace_mask:
        menace = True
    elif (
        no & t.menace_mask == t.menace_mask
        and work.get("documents_held_by") == "self"
        and _answer(work.get("wages_withheld")) is False
    ):
        menace = False
    else:
        menace = None
    forced_labour: Tri = (
        False
        if involuntariness is False or menace is False
        else (True if involuntariness is True and menace is True else None)
    )

    purpose_values = {
        ident: ANSWERS[raw] if type(raw) is str else answer_of(raw)
        for ident, raw in (record.get("purposes") or {}).items()
    }
    purpose: Tri
    if any(purpose_values.values()) or forced_labour is True:
        purpose = True
    elif all(purpose_values.get(p) is False for p in MINIMUM_PURPOSES) and all(
        v is False for v in purpose_values.values()
    ):
        purpose = False
    else:
        purpose = None

    exploitation = _or3(objective)

    # smuggling (no movement facts: every element unknown)
    mv = movement
    border: Tri = None
    irregular: Tri = None
    procured: Tri = None
    if mv:
        border = _answer(mv.get("crossed_border"))
        entry = mv.get("entry")
        irregular = True if entry == "irregular" else False if entry == "regular" else None
        if irregular and border is None:
            border = True
        procured = _answer(mv.get("entry_procured_by_another"))
        if procured is None and not ARRANGING_ROLES.isdisjoint(mv.get("arranged_by") or ()):
            procured = True
        if procured is None and mv.get("paid_by") == "smuggler":
            procured = True
    destination = mv.get("destination_country", jurisdiction)
    citizenship = person.get("citizenship")
    residence = person.get("permanent_resident_of") or []
    not_national: Tri = (
        None
        if citizenship is None
        else destination not in citizenship and destination not in residence
    )
    benefit: Tri = None
    danger: Tri = None
    inhuman: Tri = None
    if mv:
        benefit = _answer(mv.get("benefit_to_facilitator"))
        paid_amount = mv.get("amount_paid")
        if (
            benefit is None
            and paid_amount is not None
            and _dec(paid_amount["amount"]) > 0
            and procured
        ):
            benefit = True
        danger = _answer(mv.get("danger_to_life_or_safety"))
        inhuman = _answer(mv.get("inhuman_or_degrading_treatment"))
    migrant: Tri = (
        True
        if border is True or (citizenship is not None and jurisdiction not in citizenship)
        else (False if citizenship is not None else None)
    )
    vulnerable = bool(person.get("vulnerabilities")) or bool(yes & t.vulnerability_mask)
    signal = bool(yes & t.signal_mask)

    state = (
        child,
        act,
        means,
        purpose,
        *adult,
        *child_dims,
        involuntariness,
        menace,
        exploitation,
        border,
        irregular,
        procured,
        not_national,
        benefit,
        danger,
        inhuman,
    )
    key = (state, signal, vulnerable, migrant)
    decision = record.get("formal_decision")
    formal: list[Any] | None = None
    if decision:
        t_level = combine(state, signal, vulnerable, t.needs_recruitment)[0]
        screening = {3: "ActualVictimOfTrafficking", 2: "PossibleVictimOfTrafficking"}.get(
            t_level, "NotAVictimOfTrafficking"
        )
        formal = [decision["status"], screening, decision["status"] != screening]
    return key, derived, formal


def _tail(t: _Tables, key: tuple[Any, ...]) -> dict[str, Any]:
    """Labels with their elements' statuses, dimensions and questions: a function of the
    element values alone (and of whether the person is a migrant), so it can be memoised."""
    state, signal, vulnerable, migrant = key
    child, act, means, purpose = state[0:4]
    adult = state[4:10]
    child_dims = state[10:16]
    involuntariness, menace = state[16:18]
    irregular = state[20]
    not_national, benefit, danger, inhuman = state[22:26]
    needs = t.needs_recruitment
    t_level, f_level, e_level, m_level, trafficking, protocol, delphi, _smuggled = combine(
        state, signal, vulnerable, needs
    )

    st = _STATUS
    labels: list[list[Any]] = []
    if t_level == 3 or t_level == 2:
        pv = t.protocol_verified
        protocol_statuses = [(st[act], pv), (st[means], pv), (st[purpose], pv), (st[child], pv)]
        delphi_statuses = []
        for position in range(6):
            dim_value = adult[position]
            if child and child_dims[position] is True and dim_value is not True:
                dim_value = True
            delphi_statuses.append((st[dim_value], False))
        elements: list[tuple[str, bool]] = []
        if t_level == 3:
            if protocol is True:
                skip_means = bool(child) and means is not True
                elements = [
                    e for n, e in enumerate(protocol_statuses) if not (skip_means and n == 1)
                ]
            if delphi is True:
                elements += delphi_statuses
                elements.append(("y", False))
            label = "presumed_trafficking_victim"
        else:
            elements = protocol_statuses + [e for e in delphi_statuses if e[0] == "y"]
            label = "possible_trafficking_victim"
        labels.append(
            [
                label,
                "".join(e[0] for e in elements),
                any(not v for s, v in elements if s == "y"),
            ]
        )
    if f_level == 2:
        fv = t.forced_verified
        elements = [(st[involuntariness], fv), (st[menace], fv), ("y", t.convention_verified)]
        labels.append(
            [
                "forced_labour_victim",
                "".join(e[0] for e in elements),
                any(not v for s, v in elements if s == "y"),
            ]
        )
    if e_level == 2 and t_level != 3:
        ov = t.objective_verified
        elements = [("y", ov), (st[migrant], ov)]
        labels.append(
            [
                "exploited_migrant" if migrant is not False else "exploited_worker",
                "".join(e[0] for e in elements),
                any(not v for s, v in elements if s == "y"),
            ]
        )
    if m_level >= 2:
        sv = t.smuggling_verified
        elements = [(st[irregular], sv[0]), (st[not_national], sv[1]), (st[benefit], sv[2])]
        if m_level == 3:
            for (_key, verified), value in zip(t.aggravating, (danger, inhuman), strict=True):
                if value:
                    elements.append(("y", verified))
        labels.append(
            [
                "smuggled_migrant_aggravated" if m_level == 3 else "smuggled_migrant",
                "".join(e[0] for e in elements),
                any(not v for s, v in elements if s == "y"),
            ]
        )
    if t_level == 1:
        labels.append(["at_risk", "y", not t.unodc_verified])
    if not labels:
        labels.append(
            [
                "no_indicators_found" if trafficking is False else "insufficient_information",
                "",
                False,
            ]
        )

    return {
        "labels": labels,
        "dims": "".join(st[v] for v in adult),
        "questions": [
            [fact, impact]
            for fact, impact, _families in rank_unknowns(state, signal, vulnerable, needs)
        ],
    }
