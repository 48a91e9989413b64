"""Three-valued logic (yes / no / unknown) and the combination of legal elements into outcomes.

An element is True (shown), False (ruled out by the facts) or None (not known yet). `and3`
and `or3` are Kleene's strong logic: a conclusion is reached only when the unknown facts
could not change it. The combination step is a pure function of a small tuple of element
values, so the engine can ask "what if this unknown were yes, or no?" cheaply and cache the
answer: that is how the questions for the caseworker are ranked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

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


# The element values the combination reads, in a fixed order (the state tuple).
KEYS = (
    "child",
    "act",
    "means",
    "purpose",
    "D1",
    "D2",
    "D3",
    "D4",
    "D5",
    "D6",
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
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
# Facts a caseworker is asked about; C1..C6 move with D1..D6 (one dimension, two tables).
ASKABLE = tuple(key for key in KEYS if not key.startswith("C"))

# Weight of each outcome family when ranking questions (trafficking first).
WEIGHTS = (8, 4, 3, 2)


def _level(value: Tri, yes: int, unknown: int) -> int:
    return yes if value is True else unknown if value is None else 0


@lru_cache(maxsize=1 << 18)
def _trafficking(
    head: tuple[Tri, ...], signal: bool, vulnerable: bool, child_needs_recruitment: bool
) -> tuple[int, Tri, Tri, Tri]:
    """Trafficking level and raw values from the first 16 elements (child, act, means,
    purpose, D1-D6, C1-C6): the only part of the state this family reads."""
    s = head
    child = s[0]
    act, means, purpose = s[1], s[2], s[3]
    adult_protocol = and3((act, means, purpose))
    child_protocol = and3((act, purpose))  # Art. 3(c): no means needed for a child
    protocol = or3((adult_protocol, and3((child, child_protocol))))

    d = s[4:10]
    c = s[10:16]
    adult_delphi = and3((or3(d[0:3]), d[3], or3(d[4:6])))
    child_recruitment: Tri = or3(c[0:3]) if child_needs_recruitment else True
    child_only = and3((child_recruitment, c[3]))
    # A child is never held to a stricter test than an adult: the adult rule also applies.
    child_delphi = or3((child_only, adult_delphi))
    # Every reading needs an act; a positive recruitment dimension shows one by itself.
    delphi = and3((act, or3((adult_delphi, and3((child, child_delphi))))))
    trafficking = or3((protocol, delphi))

    if trafficking is True:
        t_level = 3
    elif trafficking is None and (
        signal or act is True or means is True or any(d[i] is True for i in (0, 1, 2, 4, 5))
    ):
        t_level = 2
    elif signal or vulnerable or purpose is True or d[3] is True:
        t_level = 1
    else:
        t_level = 0
    return t_level, trafficking, protocol, delphi


@lru_cache(maxsize=4096)
def _smuggling(tail: tuple[Tri, ...]) -> tuple[int, Tri]:
    """Smuggling level and value from the last 7 elements (border .. inhuman)."""
    border, irregular, procured, not_national, benefit, danger, inhuman = tail
    illegal_entry = False if border is False else irregular
    smuggled = and3((illegal_entry, procured, not_national, benefit))
    aggravated = and3((smuggled, or3((danger, inhuman))))
    if aggravated is True:
        m_level = 3
    elif smuggled is True:
        m_level = 2
    elif smuggled is None and any(x is True for x in (irregular, procured, benefit)):
        m_level = 1
    else:
        m_level = 0
    return m_level, smuggled


@lru_cache(maxsize=65536)
def combine(
    state: tuple[Tri, ...], signal: bool, vulnerable: bool, child_needs_recruitment: bool
) -> tuple[int, int, int, int, Tri, Tri, Tri, Tri]:
    """Outcome levels for one state.

    Returns (trafficking 0-3, forced labour 0-2, exploitation 0-2, smuggling 0-3) and the
    raw values (trafficking, protocol test, Delphi test, smuggled) the explanation needs.
    Trafficking levels: 3 presumed, 2 possible, 1 at risk, 0 none. `signal` says some
    trafficking indicator (other than of working conditions) is present; `vulnerable` that a
    vulnerability factor is. The families read disjoint parts of the state (exploitation
    also reads D4), so each is computed, and memoised, on its own part: ranking the
    questions asks about many states that differ in one element.
    """
    s = state
    t_level, trafficking, protocol, delphi = _trafficking(
        s[:16], signal, vulnerable, child_needs_recruitment
    )
    forced = and3((s[16], s[17]))
    exploitation = or3((s[18], s[7]))
    m_level, smuggled = _smuggling(s[19:26])
    return (
        t_level,
        _level(forced, 2, 1),
        _level(exploitation, 2, 1),
        m_level,
        trafficking,
        protocol,
        delphi,
        smuggled,
    )


def _score(levels: tuple[int, int, int, int, Tri, Tri, Tri, Tri]) -> tuple[int, ...]:
    return levels[:4]


_D4 = INDEX["D4"]
_FAMILIES = ("trafficking", "forced_labour", "exploitation", "smuggling")
# (askable key, its position in the state, the position of its child-table twin or None)
_ASK_POSITIONS = tuple(
    (key, INDEX[key], INDEX["C" + key[1]] if key.startswith("D") else None) for key in ASKABLE
)
_ASK_ORDER = {key: number for number, key in enumerate(ASKABLE)}
Ranked = tuple[tuple[str, int, tuple[str, ...]], ...]


def _entry(key: str, changes: Sequence[tuple[int, ...]]) -> tuple[str, int, tuple[str, ...]] | None:
    """One ranked fact from the level changes (per family, in _FAMILIES order) that its
    yes and its no answers bring; None if neither changes anything."""
    best = 0
    changed: set[str] = set()
    for deltas in changes:
        impact = 0
        for family, weight, delta in zip(_FAMILIES, WEIGHTS, deltas, strict=True):
            if delta:
                impact += weight * abs(delta)
                changed.add(family)
        best = max(best, impact)
    if not best:
        return None
    return key, best, tuple(f for f in _FAMILIES if f in changed)


@lru_cache(maxsize=1 << 16)
def _rank_head(
    head: tuple[Tri, ...], exploitation_fact: Tri, signal: bool, vulnerable: bool, needs: bool
) -> Ranked:
    """Ranked facts among child, act, means, purpose and D1..D6: they feed the trafficking
    family only, except D4, which also feeds exploitation (with the exploitation fact)."""
    base_t = _trafficking(head, signal, vulnerable, needs)[0]
    base_e = _level(or3((exploitation_fact, head[_D4])), 2, 1)
    ranked = []
    for key, position, partner in _ASK_POSITIONS:
        if position >= 16 or head[position] is not None:
            continue
        changes = []
        for value in (True, False):
            trial = list(head)
            trial[position] = value
            if partner is not None:
                trial[partner] = value
            t_delta = _trafficking(tuple(trial), signal, vulnerable, needs)[0] - base_t
            e_delta = 0
            if position == _D4:
                e_delta = _level(or3((exploitation_fact, value)), 2, 1) - base_e
            changes.append((t_delta, 0, e_delta, 0))
        found = _entry(key, changes)
        if found is not None:
            ranked.append(found)
    return tuple(ranked)


@lru_cache(maxsize=4096)
def _rank_rest(rest: tuple[Tri, ...], d4: Tri) -> Ranked:
    """Ranked facts among involuntariness, menace (forced labour), exploitation (with D4)
    and the smuggling elements: `rest` is the state from position 16 on."""
    s16, s17, s18 = rest[0], rest[1], rest[2]
    smuggling = rest[3:10]
    base_f = _level(and3((s16, s17)), 2, 1)
    base_e = _level(or3((s18, d4)), 2, 1)
    base_m = _smuggling(smuggling)[0]
    ranked = []
    for key, position, _partner in _ASK_POSITIONS:
        if position < 16 or rest[position - 16] is not None:
            continue
        changes: list[tuple[int, ...]] = []
        for value in (True, False):
            if position == 16:
                changes.append((0, _level(and3((value, s17)), 2, 1) - base_f, 0, 0))
            elif position == 17:
                changes.append((0, _level(and3((s16, value)), 2, 1) - base_f, 0, 0))
            elif position == 18:
                changes.append((0, 0, _level(or3((value, d4)), 2, 1) - base_e, 0))
            else:
                trial = list(smuggling)
                trial[position - 19] = value
                changes.append((0, 0, 0, _smuggling(tuple(trial))[0] - base_m))
        found = _entry(key, changes)
        if found is not None:
            ranked.append(found)
    return tuple(ranked)


@lru_cache(maxsize=65536)
def rank_unknowns(
    state: tuple[Tri, ...], signal: bool, vulnerable: bool, child_needs_recruitment: bool
) -> Ranked:
    """The unknown elements whose answer could change an outcome, most decisive first.

    For each unknown element, the outcome is recomputed with it answered yes and with it
    answered no; its impact is the larger weighted change. Returns (key, impact, outcome
    families it could change), impact > 0 only.

    The families read disjoint parts of the state (exploitation also reads D4), so answering
    one element changes only the families that read it; the facts are ranked per part, each
    part memoised on its own elements (an exact key), and merged: the same result as
    recombining the whole state for every trial (a test checks it against that definition).
    """
    ranked = _rank_head(
        state[:16], state[18], signal, vulnerable, child_needs_recruitment
    ) + _rank_rest(state[16:26], state[_D4])
    return tuple(sorted(ranked, key=lambda item: (-item[1], _ASK_ORDER[item[0]])))
