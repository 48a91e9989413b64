"""Slavery, servitude and practices similar to slavery.

* Slavery (Slavery Convention 1926, Art. 1(1)): the status or condition of a person over whom
  any or all of the powers attaching to the right of ownership are exercised. Screened two ways:
  - the person was sold or bought (an act done by a seller or buyer, or the indicator of
    selling), and a separate fact of control (could not leave, or confinement);
  - without a recorded sale, the de facto powers read by the High Court of Australia in
    R v Tang [2008] HCA 39 (control and restriction of movement, use of the person's services
    without compensation, whatever the person agreed) and by the Inter-American Court in
    Hacienda Brasil Verde v Brazil (2016) (restriction of movement, detention, violence and
    threats, no pay): three facts, each its own, showing (i) the person's movement controlled
    by others (confinement, isolation or surveillance: the person's own "I could not leave"
    is not enough, Siliadin v France 2005 found servitude, not slavery, on it), (ii) the
    person's labour taken without pay (none received, or withheld, agreed or not), and
    (iii) the person held by violence, threats of violence or their documents. Pay below the
    promise or the minimum is not (ii): that is exploitation, and with coercion forced labour
    or debt bondage, not slavery.
* Servitude (Art. 4 ECHR as the European Court of Human Rights reads it, Siliadin v. France
  2005, C.N. and V. v. France 2012, C.N. v. United Kingdom 2012): an obligation to provide
  one's services imposed by coercion, a particularly serious form of denial of freedom
  (living on the other's premises, impossibility of changing one's condition). Screened as:
  forced labour found, and a further fact showing that denial of freedom that is not one of
  the facts the forced-labour finding rests on.
* Practices similar to slavery (Supplementary Convention 1956, Art. 1): debt bondage (a debt
  tying the person's services, 1(a)), servile marriage (a woman given in marriage on payment
  to others, 1(c)), delivery of a child by parents or guardian with a view to exploitation
  (1(d): screened as a child transferred for exploitation; who delivered the child is asked).
  Serfdom (1(b)) has no field in the record and is never found.
"""

from __future__ import annotations

from typing import Any

from needsfirst.i18n import _
from needsfirst.screening.evidence import ElementResult, InstrumentResult, Unit, assign_distinct
from needsfirst.screening.facts import Facts
from needsfirst.screening.logic import Tri

SALE_ROLES = frozenset({"SoldIndividual", "BoughtIndividual"})
CONFINEMENT = ("D2.isolation_confinement_surveillance", "D5.isolation_confinement_surveillance")
DEBT = ("D2.debt_bondage", "D5.debt_bondage")
FREEDOM_DENIED = (*CONFINEMENT, "D6.dependency_on_exploiters", "D5.confiscation_of_documents")


def _t(f: Facts, line: str) -> Any:
    return line if f.explain else None


def _sale(f: Facts) -> list[Unit]:
    units = []
    for ident, raw in sorted((f.record.get("acts") or {}).items()):
        if f.acts.get(ident) and isinstance(raw, dict) and SALE_ROLES & set(raw.get("by") or ()):
            units.append(
                Unit(frozenset({"acts." + ident}), _t(f, _("the person was sold or bought")))
            )
    if "D2.abduction_or_sale" in f.indicators:
        units.append(
            Unit(f.indicators["D2.abduction_or_sale"], _t(f, _("abduction or sale of the person")))
        )
    return units


def _control(f: Facts, idents: tuple[str, ...]) -> list[Unit]:
    units = []
    if f.answer("own_view", "free_to_leave") is False:
        units.append(
            Unit(
                frozenset({"own_view.free_to_leave"}),
                _t(f, _("the person could not leave the employer")),
            )
        )
    for ident in idents:
        if ident in f.indicators:
            units.append(Unit(f.indicators[ident], _t(f, f.rules.indicators[ident].label)))
    return units


CONTROL = (*CONFINEMENT, "D2.violence", "D5.violence", "D5.confiscation_of_documents")


HELD_BY = (
    "D2.violence",
    "D5.violence",
    "D2.threats_of_violence",
    "D5.threats_of_violence",
    "D2.confiscation_of_documents",
    "D5.confiscation_of_documents",
)
HELD_BY_MEANS = ("use_of_force", "threat_of_force")


def _without_pay(f: Facts) -> list[Unit]:
    """The person's labour taken without pay: none received or withheld, agreed or not (in
    R v Tang the women's agreement to work off the debt was no answer)."""
    if f.labour.tests.get("unpaid_wages") or f.labour.zero_pay_agreed:
        facts = {"work.wage_paid", "work.wages_withheld"}
        return [Unit(frozenset(facts), _t(f, _("the person's work was taken without pay")))]
    return []


def _held_by(f: Facts) -> list[Unit]:
    units = [
        Unit(f.indicators[ident], _t(f, f.rules.indicators[ident].label))
        for ident in HELD_BY
        if ident in f.indicators
    ]
    for ident in HELD_BY_MEANS:
        if f.means.get(ident):
            units.append(Unit(frozenset({"means." + ident}), _t(f, f.rules.means[ident][0])))
    return units


def _powers_without_sale(f: Facts) -> tuple[Unit, Unit, Unit] | None:
    """Movement controlled, labour taken without pay, held by violence, threats or documents:
    each shown by its own fact, or None."""
    confined = [
        Unit(f.indicators[ident], _t(f, f.rules.indicators[ident].label))
        for ident in CONFINEMENT
        if ident in f.indicators
    ]
    movement, unpaid, held = assign_distinct((confined, _without_pay(f), _held_by(f)))
    if movement is None or unpaid is None or held is None:
        return None
    return movement, unpaid, held


def _slavery(f: Facts, sale: list[Unit]) -> tuple[Tri, dict[str, ElementResult]]:
    powers = None if sale else _powers_without_sale(f)
    if powers is not None:
        return True, {
            "ownership": ElementResult("ownership", True, (powers[1], powers[2])),
            "control": ElementResult("control", True, (powers[0],)),
        }
    control = _control(f, CONTROL)
    if f.labour.tests.get("unpaid_wages") and not f.labour.zero_pay_agreed:
        # the use of the person's labour without pay: a power attaching to ownership
        control.append(Unit(frozenset({"work.wages_withheld"}), _t(f, _("work taken without pay"))))
    sale_pick, control_pick = assign_distinct((sale, control))
    ownership: Tri = True if sale_pick else None
    held: Tri = True if control_pick else (False if f.answer("own_view", "free_to_leave") else None)
    value: Tri = True if ownership and held else (False if held is False else None)
    return value, {
        "ownership": ElementResult("ownership", ownership, (sale_pick,) if sale_pick else ()),
        "control": ElementResult("control", held, (control_pick,) if control_pick else ()),
    }


def _no_free_time(f: Facts) -> list[Unit]:
    """Work every day, or far beyond the legal hours: no time of one's own (Siliadin)."""
    units = []
    if f.labour.tests.get("missing_rest"):
        units.append(Unit(frozenset({"work.weekly_rest"}), _t(f, _("no weekly rest"))))
    if f.labour.tests.get("excessive_hours"):
        units.append(Unit(frozenset({"work.hours"}), _t(f, _("working hours far beyond the law"))))
    if f.labour.tests.get("unpaid_wages") and not f.labour.zero_pay_agreed:
        units.append(
            Unit(frozenset({"work.wages_withheld"}), _t(f, _("work without pay, with no way out")))
        )
    return units


def _servitude(f: Facts, forced: InstrumentResult) -> tuple[Tri, ElementResult]:
    if forced.status != "yes":
        value: Tri = False if forced.status == "no" else None
        return value, ElementResult("denial_of_freedom", None)
    used = forced.facts_used
    offered = _control(f, FREEDOM_DENIED) + _no_free_time(f)
    extra = [unit for unit in offered if not (unit.facts & used)]
    if extra:
        return True, ElementResult("denial_of_freedom", True, tuple(extra))
    return None, ElementResult("denial_of_freedom", None)


def _practices(f: Facts) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    debt = [f.indicators[i] for i in DEBT if i in f.indicators]
    if f.labour.tests.get("debt_bondage"):
        debt.insert(0, frozenset({"work.debt"}))
    if debt:
        found["debt_bondage"] = Unit(
            debt[0], _t(f, _("a debt that binds the person's services (debt bondage)"))
        )
    if f.purposes.get("ForcedMarriage") and f.means.get("payments_to_controller"):
        found["servile_marriage"] = Unit(
            frozenset({"purposes.ForcedMarriage", "means.payments_to_controller"}),
            _t(f, _("given in marriage on payment to others (servile marriage)")),
        )
    delivered = f.acts.get("transfer") or f.acts.get("receipt")
    if f.child and delivered and any(f.purposes.values()):
        found["child_exploitation"] = Unit(
            frozenset({"acts.transfer" if f.acts.get("transfer") else "acts.receipt"}),
            _t(f, _("a child handed over to another person with a view to exploitation")),
        )
    return found


def assess(f: Facts, forced: InstrumentResult) -> InstrumentResult:
    sale = _sale(f)
    slavery, elements = _slavery(f, sale)
    servitude, denial = _servitude(f, forced)
    practices = _practices(f)
    elements = {
        **elements,
        "denial_of_freedom": denial,
        "practice": ElementResult(
            "practice", True if practices else None, tuple(practices.values())
        ),
    }
    values = (slavery, servitude, True if practices else None)
    status = (
        "yes"
        if any(v is True for v in values)
        else "no"
        if slavery is False and servitude is False
        else "undetermined"
    )
    return InstrumentResult(
        status,
        elements,
        (),
        {
            "slavery": slavery,
            # which reading of the 1926 definition the finding rests on
            "slavery_route": "sale" if sale else "without_sale",
            "servitude": servitude,
            "practices": sorted(practices),
            "forced_labour_facts": sorted(forced.facts_used),
        },
    )


def purposes_shown(result: InstrumentResult) -> dict[str, frozenset[str]]:
    """The Protocol purposes the findings show: purpose id -> the facts they rest on."""
    out: dict[str, frozenset[str]] = {}
    if result.details.get("slavery") is True:
        out["Slavery"] = result.elements["ownership"].facts | result.elements["control"].facts
    if result.details.get("servitude") is True:
        out["Servitude"] = result.elements["denial_of_freedom"].facts | frozenset(
            result.details["forced_labour_facts"]
        )
    if result.details.get("practices") and "Slavery" not in out:
        out["Slavery"] = result.elements["practice"].units[0].facts
    return out
