"""ILO Forced Labour Convention, 1930 (No. 29), Art. 2(1): work or service exacted under the
menace of a penalty and for which the person has not offered themself voluntarily.

Two elements, each needing its own fact (a fact that could show both, such as debt bondage
or confinement, counts for one of them only):

* involuntariness: the person did not agree or could not leave; an ILO/EC or ILO indicator of
  involuntariness; a means recorded as used to make the person work (force, threats,
  abduction, deception, fraud, other coercion: "unfree recruitment"); or an item of "work and
  life under duress" from the ILO 2012 survey guidelines (very low or no pay, degrading living
  conditions, forced overtime, multiple dependency on the employer);
* menace of a penalty: an indicator of menace (violence, threats, denunciation, withheld
  wages or documents, debt), or a recorded threat or use of force.

Art. 2(2) excludes from the term five kinds of work (compulsory military service of a purely
military character; normal civic obligations; work exacted as a consequence of a conviction in a
court of law under the supervision and control of a public authority, not hired to private
parties; work exacted in an emergency; minor communal services). When the record says the work
falls under one of them (`work.c029_exclusion`), the test answers no, citing the paragraph,
whatever the two elements show: they are still evaluated and shown.

Help with the chores of the household the person lives in as one of its members is not
forced labour when its type and amount are what can be expected of a member of the household:
the European Court of Human Rights weighs the type and amount of work and whether it is a
disproportionate burden (Van der Mussele v. Belgium 1983; C.N. and V. v. France 2012, where
the younger sister, ten, schooled, doing household chores, beaten and badly housed, was in
neither forced labour nor servitude: ill-treatment and poor conditions are not, on their own,
work exacted under the menace of a penalty). Screened as: the record says the work is such
help (`work.household_help`), nothing shows a disproportionate burden (excessive hours,
missing rest, hazardous work), and it is positively shown to be proportionate: for a child,
schooling attended (the indicator "no access to education" answered no); for an adult, the
hours within the legal limit. Then the test answers no, citing the Court.

An explicit answer is never overridden: a person who says they agreed and are free to leave,
while another fact points to involuntariness, leaves the element undetermined with a conflict.
"""

from __future__ import annotations

from typing import Any

from needsfirst.i18n import Text, _, text
from needsfirst.screening.evidence import ElementResult, InstrumentResult, Unit, assign_distinct
from needsfirst.screening.facts import Facts
from needsfirst.screening.logic import Tri

INVOLUNTARY_MEANS = (
    "use_of_force",
    "threat_of_force",
    "abduction",
    "deception",
    "fraud",
    "other_coercion",
)
MENACE_MEANS = ("threat_of_force", "use_of_force")
# ILO 2012 survey guidelines, "work and life under duress" (wording not verified against the
# guidelines: see docs/identification.md): indicator ids that show the item when yes
DURESS_INDICATORS = {
    "D4.bad_living_conditions": _("degrading living conditions imposed by the employer"),
    "D4.excessive_hours": _("forced overtime or excessive hours"),
    "D6.dependency_on_exploiters": _("multiple dependency on the employer"),
}
# ILO C029 Art. 2(2): record value -> the sub-paragraph that excludes the work
EXCLUSIONS = {
    "military_service": "Art. 2(2)(a)",
    "civic_obligation": "Art. 2(2)(b)",
    "conviction_under_public_supervision": "Art. 2(2)(c)",
    "emergency": "Art. 2(2)(d)",
    "minor_communal_services": "Art. 2(2)(e)",
}
DURESS_SOURCE = "ILO, Hard to see, harder to count (2012), work and life under duress [unverified]"


def _label(f: Facts, ident: str) -> Any:
    if not f.explain:
        return None
    return Text(f.rules.indicators[ident].label)


def _means_label(f: Facts, ident: str) -> Any:
    if not f.explain:
        return None
    return text(_("%(means)s, used to make the person work"), means=Text(f.rules.means[ident][0]))


def candidates(f: Facts) -> tuple[list[Unit], list[Unit]]:
    """Evidence offered for involuntariness and for menace, in order of preference."""
    invol: list[Unit] = []
    menace: list[Unit] = []
    if f.answer("own_view", "agreed_to_conditions") is False:
        invol.append(
            Unit(
                frozenset({"own_view.agreed_to_conditions"}),
                _("the person did not agree to the work or its conditions") if f.explain else None,
            )
        )
    if f.answer("own_view", "free_to_leave") is False:
        invol.append(
            Unit(
                frozenset({"own_view.free_to_leave"}),
                _("the person could not leave the employer") if f.explain else None,
            )
        )
    for ident, fact_ids in f.indicators.items():
        indicator = f.rules.indicators.get(ident)
        if indicator is None or not indicator.forced_labour:
            continue
        unit = Unit(fact_ids, _label(f, ident), verified=False)
        if indicator.forced_labour in ("involuntariness", "both"):
            invol.append(unit)
        if indicator.forced_labour in ("menace", "both"):
            menace.append(unit)
    # the recorded means last, so that they stay free for the Protocol's means element
    invol.extend(_duress(f))
    for ident in INVOLUNTARY_MEANS:
        if f.means.get(ident):
            unit = Unit(frozenset({"means." + ident}), _means_label(f, ident))
            if ident in MENACE_MEANS:
                menace.append(unit)
            invol.append(unit)
    return invol, menace


def _duress(f: Facts) -> list[Unit]:
    out: list[Unit] = []
    tests = f.labour.tests
    unpaid = bool(tests.get("unpaid_wages")) and not f.labour.zero_pay_agreed
    if tests.get("far_below_minimum_wage") or unpaid:
        # unpaid wages are one fact with their withholding (a menace): never counted twice
        fact_ids = {"work.wage_paid"} | ({"work.wages_withheld"} if unpaid else set())
        out.append(
            Unit(
                frozenset(fact_ids),
                text(
                    _("%(item)s (%(source)s)"),
                    item=Text(_("very low or no pay")),
                    source=DURESS_SOURCE,
                )
                if f.explain
                else None,
                verified=False,
            )
        )
    for ident, item in DURESS_INDICATORS.items():
        if ident in f.indicators:
            out.append(
                Unit(
                    f.indicators[ident],
                    text(_("%(item)s (%(source)s)"), item=Text(item), source=DURESS_SOURCE)
                    if f.explain
                    else None,
                    verified=False,
                )
            )
    return out


def _menace_ruled_out(f: Facts) -> bool:
    for ident, indicator in f.rules.indicators.items():
        if indicator.forced_labour in ("menace", "both") and (
            ident in f.indicators or ident not in f.answered_no
        ):
            return False
    return (
        f.work.get("documents_held_by") == "self"
        and f.answer("work", "wages_withheld") is False
        and not any(f.means.get(m) for m in MENACE_MEANS)
    )


def assess(f: Facts) -> InstrumentResult:
    invol_units, menace_units = candidates(f)
    invol_pick, menace_pick = assign_distinct((invol_units, menace_units))
    agreed = f.answer("own_view", "agreed_to_conditions")
    free = f.answer("own_view", "free_to_leave")
    invol: Tri = True if invol_pick is not None else None
    # once a means was used, the person's agreement does not count (Protocol Art. 3(b); ILO:
    # consent obtained by deception or coercion is not free): the conflict is still shown
    means_used = any(f.means.values())
    if agreed is True and free is True:
        if invol_pick is not None and means_used:
            f.conflict(
                ("own_view.agreed_to_conditions", *sorted(invol_pick.facts)),
                _(
                    "The person says they agreed and were free to leave; once a means such as "
                    "deception or force was used, that agreement does not count."
                )
                if f.explain
                else None,
            )
        elif invol_pick is not None:
            invol = None
            if f.explain:
                f.conflict(
                    (
                        "own_view.agreed_to_conditions",
                        "own_view.free_to_leave",
                        *sorted(invol_pick.facts),
                    ),
                    text(
                        _(
                            "The person says they agreed and were free to leave, but the record "
                            "also shows: %(fact)s. Involuntariness is left undetermined."
                        ),
                        fact=invol_pick.text,
                    ),
                )
            else:
                f.conflict(("own_view.agreed_to_conditions", *sorted(invol_pick.facts)), None)
        else:
            invol = False
    menace: Tri = True if menace_pick is not None else (False if _menace_ruled_out(f) else None)
    if invol_pick is not None and menace_pick is None and menace_units:
        # the only evidence of menace is the fact already used for involuntariness
        invol_facts = invol_pick.facts
        if all(unit.facts <= invol_facts for unit in menace_units) and f.explain:
            f.notes.append(
                _(
                    "One fact cannot show both involuntariness and the menace of a penalty; "
                    "a second fact is needed for forced labour."
                )
            )
    elements = {
        "involuntariness": ElementResult(
            "involuntariness", invol, _others(invol_units, invol_pick, menace_pick, invol)
        ),
        "menace": ElementResult(
            "menace", menace, _others(menace_units, menace_pick, invol_pick, menace)
        ),
    }
    status = (
        "yes"
        if invol is True and menace is True
        else "no"
        if invol is False or menace is False
        else "undetermined"
    )
    details: dict[str, Any] = {"missing": [name for name, e in elements.items() if e.value is None]}
    household = _ordinary_household_help(f)
    if household is not None:
        status = "no"
        details = {"missing": [], "household_help": True}
        elements["household_help"] = ElementResult("household_help", True, household)
    excluded = EXCLUSIONS.get(f.work.get("c029_exclusion") or "none")
    if excluded is not None:
        # Art. 2(2): "shall not include": the work is outside the definition, whatever the
        # two elements show
        status = "no"
        details = {"missing": [], "exclusion": f.work["c029_exclusion"], "provision": excluded}
        elements["exclusion"] = ElementResult(
            "exclusion",
            True,
            (Unit(frozenset({"work.c029_exclusion"}), _exclusion_text(f) if f.explain else None),),
        )
    return InstrumentResult(status, elements, (), details)


BURDEN_INDICATORS = ("D4.excessive_hours", "D4.hazardous_work")


def _ordinary_household_help(f: Facts) -> tuple[Unit, ...] | None:
    """Help in one's own household, shown to be proportionate; None otherwise."""
    if f.answer("work", "household_help") is not True:
        return None
    tests = f.labour.tests
    if tests.get("excessive_hours") or tests.get("missing_rest"):
        return None
    if any(ident in f.indicators for ident in BURDEN_INDICATORS):
        return None
    units = [
        Unit(
            frozenset({"work.household_help"}),
            _("help with the chores of the household the person lives in") if f.explain else None,
        )
    ]
    if f.child:
        if "D4.no_access_to_education" not in f.answered_no:
            return None
        units.append(
            Unit(
                frozenset({"indicators.D4.no_access_to_education"}),
                _("the child goes to school") if f.explain else None,
            )
        )
    elif tests.get("excessive_hours") is False:
        units.append(
            Unit(
                frozenset({"work.hours"}),
                _("the hours are within the legal limit") if f.explain else None,
            )
        )
    else:
        return None
    return tuple(units)


EXCLUSION_TEXT = {
    "military_service": _("compulsory military service, for work of a purely military character"),
    "civic_obligation": _("a normal civic obligation of the citizens of a self-governing country"),
    "conviction_under_public_supervision": _(
        "work exacted as a consequence of a conviction in a court of law, under the supervision "
        "and control of a public authority"
    ),
    "emergency": _("work exacted in an emergency, such as war or a calamity"),
    "minor_communal_services": _("minor communal services in the direct interest of the community"),
}


def _exclusion_text(f: Facts) -> Any:
    return Text(EXCLUSION_TEXT[f.work["c029_exclusion"]])


def _others(
    units: list[Unit], pick: Unit | None, other: Unit | None, value: Tri
) -> tuple[Unit, ...]:
    """The evidence shown for an element: the chosen unit first, then any other unit that
    does not rest on the fact the other element uses."""
    if value is not True or pick is None:
        return ()
    taken = other.facts if other is not None else frozenset()
    rest = tuple(u for u in units if u is not pick and not (u.facts & taken))
    return (pick, *rest)
