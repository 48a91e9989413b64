"""Three-valued logic (yes / no / unknown) and the combination of legal elements into outcomes.

An element is True (shown), False (ruled out by the facts) or None (not known yet). `and3`
and `or3` are Kleene's strong logic: a conclusion is reached only when the unknown facts
could not change it. `levels` is a pure function of a small tuple of element values, so the
engine can ask "what if this unknown were yes, or no, or these two together?" cheaply and
cache the answer: that is how the questions for the caseworker are ranked.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

Tri = bool | None


def and3(values: Iterable[Tri]) -> Tri:
    result: Tri = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def or3(values: Iterable[Tri]) -> Tri:
    result: Tri = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


# The element values the outcomes read, in a fixed order (the state tuple).
KEYS = (
    "child",
    "act",
    "means",
    "purpose",
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
INDEX = {key: position for position, key in enumerate(KEYS)}
ASKABLE = KEYS
# facts that are decisive only together (the conjunctions of the Protocol and of C029)
PAIRED = ("child", "act", "means", "purpose", "involuntariness", "menace")
WORK_KEYS = frozenset({"involuntariness", "menace", "exploitation"})
FAMILIES = ("trafficking", "forced_labour", "exploitation", "smuggling")
WEIGHTS = (8, 4, 3, 2)


def protocol_value(child: Tri, act: Tri, means: Tri, purpose: Tri) -> Tri:
    """Protocol Art. 3(a) for an adult, 3(c) for a child (no means needed)."""
    return or3((and3((act, means, purpose)), and3((child, and3((act, purpose))))))


def _lvl(value: Tri) -> int:
    return 2 if value is True else 1 if value is None else 0


@lru_cache(maxsize=1 << 18)
def levels(state: tuple[Tri, ...], signal: bool) -> tuple[int, int, int, int]:
    """Outcome levels: trafficking (3 presumed, 2 possible, 1 open, 0 not established),
    forced labour (2 yes, 1 undetermined, 0 no), exploitation (2/1/0), smuggling (3
    aggravated, 2 smuggled, 1 open, 0 no). The purpose is the Protocol instrument's own
    value (it already counts forced labour found, when a separate fact shows it)."""
    child, act, means, purpose, invol, menace, exploit = state[:7]
    forced = and3((invol, menace))
    protocol = protocol_value(child, act, means, purpose)
    if protocol is True:
        t = 3
    elif protocol is False:
        t = 0
    else:
        t = 2 if (means is True or purpose is True or signal) else 1
    border, irregular, procured, not_national, benefit, danger, inhuman = state[7:]
    illegal = False if border is False else irregular
    smuggled = and3((illegal, procured, not_national, benefit))
    aggravated = and3((smuggled, or3((danger, inhuman))))
    m = 3 if aggravated is True else 2 if smuggled is True else 1 if smuggled is None else 0
    return t, _lvl(forced), _lvl(exploit), m


def _impact(base: tuple[int, ...], trial: tuple[int, ...]) -> tuple[int, tuple[str, ...]]:
    impact = 0
    changed = []
    for family, weight, a, b in zip(FAMILIES, WEIGHTS, base, trial, strict=True):
        if a != b:
            impact += weight * abs(a - b)
            changed.append(family)
    return impact, tuple(changed)


Ranked = tuple[tuple[str, int, tuple[str, ...], str], ...]


@lru_cache(maxsize=1 << 17)
def rank_unknowns(
    state: tuple[Tri, ...], signal: bool, skip: frozenset[str] = frozenset()
) -> Ranked:
    """The unknown elements whose answer could change an outcome, most decisive first:
    (key, impact, families it could change, the other key of a pair or "").

    Each unknown is tried alone (yes and no); then each pair of unknowns among the elements
    of a conjunction (act, means, purpose, child; involuntariness, menace) is tried with all
    four answers, so facts that decide only together (means and purpose) are asked too.
    `skip` names elements not to ask (e.g. work facts when no work is recorded)."""
    base = levels(state, signal)
    found: dict[str, tuple[int, tuple[str, ...], str]] = {}
    unknown = [k for k in KEYS if state[INDEX[k]] is None and k not in skip]
    for key in unknown:
        best, families = 0, set[str]()
        for value in (True, False):
            trial = list(state)
            trial[INDEX[key]] = value
            impact, changed = _impact(base, levels(tuple(trial), signal))
            best = max(best, impact)
            families.update(changed)
        if best:
            found[key] = (best, tuple(f for f in FAMILIES if f in families), "")
    paired = [k for k in unknown if k in PAIRED]
    for first, second in combinations(paired, 2):
        best, families = 0, set[str]()
        for a in (True, False):
            for b in (True, False):
                trial = list(state)
                trial[INDEX[first]] = a
                trial[INDEX[second]] = b
                impact, changed = _impact(base, levels(tuple(trial), signal))
                best = max(best, impact)
                families.update(changed)
        alone = max(found.get(first, (0,))[0], found.get(second, (0,))[0])
        if best <= alone:
            continue  # the pair decides nothing that one of them does not decide alone
        for key, other in ((first, second), (second, first)):
            if key not in found:
                found[key] = (best, tuple(f for f in FAMILIES if f in families), other)
    order = {key: number for number, key in enumerate(KEYS)}
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], bool(item[1][2]), order[item[0]]))
    return tuple((key, impact, fams, other) for key, (impact, fams, other) in ranked)
