"""UN Trafficking in Persons Protocol, Art. 3: an act, by a means, for the purpose of
exploitation (an adult); an act for the purpose of exploitation (a child, Art. 3(c)).

The ILO/EC 2009 operational indicators are evidence for these elements, not a route of their
own: an indicator of deceptive, coercive or abusive recruitment, or a positive recruitment
dimension, shows a means; coercion or abuse of vulnerability at destination shows a means
used to hold the person (harbouring, receipt); exploitative conditions of work, forced
labour, servitude, slavery or a practice similar to slavery found by the other instruments
show the purpose. Each element needs its own fact. An explicit "no" is never overridden: a
fact contradicting it is reported as a conflict and not used. All nine means answered "no"
(an adult), or every purpose answered "no", closes the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from needsfirst.i18n import Text, _, joined, text
from needsfirst.screening.evidence import (
    ElementResult,
    InstrumentResult,
    Unit,
    assign_distinct,
    usable,
)
from needsfirst.screening.facts import Facts
from needsfirst.screening.logic import Tri, and3, or3

MINIMUM_PURPOSES = ("SexualExploitation", "ForcedLabour", "Servitude", "Slavery", "OrganRemoval")
ROLES = {
    "TravellingPartner": _("travelling partner"),
    "Transporter": _("transporter"),
    "RecruiterOrIntermediary": _("recruiter or intermediary"),
    "BrokerTravelAgent": _("broker or travel agent"),
    "TransferredIndividual": _("person who transferred them"),
    "HarbouredIndividual": _("person who harboured them"),
    "SoldIndividual": _("person who sold them"),
    "BoughtIndividual": _("person who bought them"),
    "ReceivedIndividual": _("person who received them"),
    "ControlledIndividual": _("person who controlled them"),
    "Smuggler": _("smuggler"),
    "Abuser": _("abuser"),
    "Kidnapper": _("kidnapper"),
    "Exploiter": _("exploiter"),
    "Other": _("other"),
}
LABOUR_EXPLOITATION = _("labour exploitation (exploitative conditions of work)")
CRIMINALITY_INDICATOR = "D5.forced_illicit_activities"


def _shown_by(f: Facts, what: str, ident: str) -> Any:
    """The sentence for an element shown by an indicator (the element's message id `what`);
    None, and nothing built, when the result is not explained."""
    if not f.explain:
        return None
    return text(
        _("%(element)s (shown by: %(indicator)s)"),
        element=Text(what),
        indicator=Text(f.rules.indicators[ident].label) if ident in f.rules.indicators else ident,
    )


def act_candidates(f: Facts) -> list[Unit]:
    rules = f.rules
    units: list[Unit] = []
    for ident, raw in sorted((f.record.get("acts") or {}).items()):
        if not f.acts.get(ident):
            continue
        line: Any = None
        if f.explain:
            by = raw.get("by") if isinstance(raw, Mapping) else None
            line = (
                text(
                    _("%(act)s (by %(roles)s)"),
                    act=Text(rules.acts[ident]),
                    roles=joined([Text(ROLES[r]) if r in ROLES else r for r in by]),
                )
                if by
                else Text(rules.acts[ident])
            )
        units.append(Unit(frozenset({"acts." + ident}), line, ident))
    for ident, fact_ids in f.indicators.items():
        indicator = rules.indicators.get(ident)
        if indicator is None:
            continue
        implied = indicator.implies_act or rules.dimensions[indicator.dimension].implies_act
        if not implied:
            continue
        if f.acts.get(implied) is False:
            f.conflict(
                ("acts." + implied, *sorted(fact_ids)),
                text(
                    _("The record answers 'no' to %(act)s, but also shows: %(indicator)s"),
                    act=Text(rules.acts[implied]),
                    indicator=Text(indicator.label),
                )
                if f.explain
                else None,
            )
            continue
        units.append(
            Unit(fact_ids, _shown_by(f, rules.acts[implied], ident), implied, verified=False)
        )
    return units


def means_candidates(f: Facts) -> tuple[list[Unit], set[str]]:
    """Units for the means; also the ids of the units that hold the person at destination."""
    rules = f.rules
    units: list[Unit] = []
    at_destination: set[str] = set()
    for ident, value in f.means.items():
        if value:
            units.append(
                Unit(
                    frozenset({"means." + ident}),
                    Text(rules.means[ident][0]) if f.explain else None,
                    rules.means[ident][1],
                )
            )
    for ident, fact_ids in f.indicators.items():
        indicator = rules.indicators.get(ident)
        if indicator is None:
            continue
        for item in indicator.means:
            if f.means.get(item) is False:
                _explicit_no(f, "means." + item, rules.means[item][0], ident, fact_ids)
                continue
            unit = Unit(
                fact_ids,
                _shown_by(f, rules.means[item][0], ident),
                rules.means[item][1],
                verified=False,
            )
            units.append(unit)
            if indicator.dimension in ("D4", "D5", "D6"):
                at_destination.add(str(sorted(unit.facts)))
    for dim in ("D3", "D6"):
        value, shown = f.dims[dim]
        if value is not True:
            continue
        item = rules.dimensions[dim].means_when_positive or "abuse_of_vulnerability"
        fact_ids = frozenset().union(*(f.indicators[i] for i in shown))
        if f.means.get(item) is False:
            f.conflict(
                ("means." + item, *sorted(fact_ids)),
                text(
                    _("The record answers 'no' to %(element)s, but also shows: %(indicator)s"),
                    element=Text(rules.means[item][0]),
                    indicator=Text(rules.dimensions[dim].name),
                )
                if f.explain
                else None,
            )
            continue
        line = (
            text(
                _("%(means)s (ILO/EC dimension: %(dimension)s)"),
                means=Text(rules.means[item][0]),
                dimension=Text(rules.dimensions[dim].name),
            )
            if f.explain
            else None
        )
        units.append(Unit(fact_ids, line, rules.means[item][1], verified=False))
        if dim == "D6":
            at_destination.add(str(sorted(fact_ids)))
    return units, at_destination


def _explicit_no(f: Facts, fact: str, what: str, ident: str, fact_ids: frozenset[str]) -> None:
    f.conflict(
        (fact, *sorted(fact_ids)),
        text(
            _("The record answers 'no' to %(element)s, but also shows: %(indicator)s"),
            element=Text(what),
            indicator=Text(f.rules.indicators[ident].label)
            if ident in f.rules.indicators
            else ident,
        )
        if f.explain
        else None,
    )


def purpose_candidates(
    f: Facts, findings: Mapping[str, InstrumentResult], slavery_kinds: Mapping[str, frozenset[str]]
) -> list[Unit]:
    rules = f.rules
    units: list[Unit] = [
        Unit(
            frozenset({"purposes." + ident}),
            Text(rules.purposes[ident]) if f.explain else None,
            ident,
        )
        for ident, value in f.purposes.items()
        if value
    ]
    found: list[tuple[str, frozenset[str], Any, bool]] = []
    forced = findings["forced_labour"]
    if forced.status == "yes":
        found.append(
            ("ForcedLabour", forced.facts_used, _("forced labour found below"), _verified(forced))
        )
    for purpose, fact_ids in slavery_kinds.items():
        found.append((purpose, fact_ids, _("found below"), True))
    if f.dims["D4"][0] is True:
        fact_ids = frozenset().union(*(f.indicators[i] for i in f.dims["D4"][1]))
        found.append(
            (
                "LabourExploitation",
                fact_ids,
                _("ILO/EC indicators of exploitative conditions of work"),
                False,
            )
        )
    elif f.child and not forced.details.get("household_help"):
        # a child: any exploitative condition of work shows the exploitation of the child's
        # labour (ILO/EC child set; Protocol Art. 3(c) needs no means), unless the work is
        # help in the child's own household shown to be proportionate (schooled, no excessive
        # hours): poor conditions there are ill-treatment, not exploitation of the child's
        # labour (C.N. and V. v. France 2012, the younger sister)
        child_work = [f.indicators[i] for i in f.indicators if i.startswith("D4.")]
        if child_work:
            found.append(
                (
                    "ChildLabour",
                    frozenset().union(*child_work),
                    _("ILO/EC indicators of exploitative conditions of work"),
                    False,
                )
            )
    if CRIMINALITY_INDICATOR in f.indicators:
        found.append(("ForcedCriminality", f.indicators[CRIMINALITY_INDICATOR], "", False))
    for purpose, fact_ids, why, verified in found:
        label = Text(rules.purposes.get(purpose, LABOUR_EXPLOITATION)) if f.explain else None
        if f.purposes.get(purpose) is False:
            f.conflict(
                ("purposes." + purpose, *sorted(fact_ids)),
                text(
                    _(
                        "The record answers 'no' to the purpose %(purpose)s, but the facts "
                        "recorded show it; the answer is kept."
                    ),
                    purpose=label,
                )
                if f.explain
                else None,
            )
            continue
        line = None
        if f.explain:
            line = text(_("%(purpose)s (%(why)s)"), purpose=label, why=Text(why)) if why else label
        units.append(Unit(fact_ids, line, purpose, verified))
    return units


def _verified(result: InstrumentResult) -> bool:
    return all(unit.verified for e in result.elements.values() if e.value for unit in e.units[:1])


def _closed(values: Mapping[str, Tri], required: tuple[str, ...]) -> bool:
    return all(values.get(key) is False for key in required) and all(
        value is False for value in values.values()
    )


def assess(
    f: Facts,
    findings: Mapping[str, InstrumentResult],
    slavery_kinds: Mapping[str, frozenset[str]],
) -> InstrumentResult:
    """The Protocol test; `findings` holds the forced-labour result, `slavery_kinds` the
    purposes shown by the slavery instrument (purpose id -> facts)."""
    rules = f.rules
    acts = act_candidates(f)
    means, at_destination = means_candidates(f)
    purposes = purpose_candidates(f, findings, slavery_kinds)
    order = (0, 2, 1) if f.child else (0, 1, 2)
    pools = (acts, means, purposes)
    picked = assign_distinct([pools[i] for i in order])
    chosen: list[Unit | None] = [None, None, None]
    for position, index in enumerate(order):
        chosen[index] = picked[position]
    all_means_no = _closed(f.means, tuple(rules.means))
    values: list[Tri] = [
        True if chosen[0] else (False if _closed(f.acts, tuple(rules.acts)) else None),
        True if chosen[1] and not all_means_no else (False if all_means_no else None),
        True if chosen[2] else (False if _closed(f.purposes, MINIMUM_PURPOSES) else None),
    ]
    names = ("act", "means", "purpose")
    elements: dict[str, ElementResult] = {}
    for index, name in enumerate(names):
        taken: frozenset[str] = frozenset()
        for other in range(3):
            picked_unit = chosen[other]
            if other != index and picked_unit is not None:
                taken |= picked_unit.facts
        shown = (
            (chosen[index], *(u for u in usable(pools[index], taken) if u is not chosen[index]))
            if values[index]
            else ()
        )
        elements[name] = ElementResult(name, values[index], tuple(u for u in shown if u))
    elements["child"] = ElementResult(
        "child", f.child, tuple(Unit(frozenset({"person"}), line) for line in f.child_facts)
    )
    act, means_value, purpose = values
    adult = and3((act, means_value, purpose))
    protocol = or3((adult, and3((f.child, and3((act, purpose))))))
    details = _details(f, elements, at_destination, means_value, protocol)
    status = "yes" if protocol is True else "no" if protocol is False else "undetermined"
    return InstrumentResult(status, elements, (), details)


def _details(
    f: Facts,
    elements: Mapping[str, ElementResult],
    at_destination: set[str],
    means_value: Tri,
    protocol: Tri,
) -> dict[str, Any]:
    rules = f.rules
    recruitment: set[str] = set()
    destination: set[str] = set()
    if means_value:
        for unit in elements["means"].units:
            (destination if str(sorted(unit.facts)) in at_destination else recruitment).add(
                unit.kind
            )
    for dim in ("D1", "D2", "D3"):
        if f.dims[dim][0] is True or (f.child and f.child_dims[dim][0] is True):
            recruitment.add(rules.dimensions[dim].recruitment_type)
    purposes = (
        sorted({u.kind for u in elements["purpose"].units}) if elements["purpose"].value else []
    )
    used = frozenset().union(*(e.facts for n, e in elements.items() if n != "child" and e.value))
    return {
        "category": "child" if f.child else ("adult" if f.child is False else "age unknown"),
        "recruitment": sorted(recruitment),
        "means_at_destination": sorted(destination),
        "purposes": purposes,
        "facts_used": sorted(used),
        "signal": protocol,
    }
