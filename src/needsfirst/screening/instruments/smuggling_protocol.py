"""UN Smuggling of Migrants Protocol, Art. 3(a) and 6(3): someone procured the person's
illegal entry into a State of which the person is neither a national nor a permanent
resident, for a financial or other material benefit; aggravated when the circumstances
endangered life or safety or were inhuman or degrading."""

from __future__ import annotations

from typing import Any

from needsfirst.i18n import _, text
from needsfirst.screening.evidence import ElementResult, InstrumentResult, Unit
from needsfirst.screening.facts import Facts, answer_of
from needsfirst.screening.logic import Tri, and3, or3

ARRANGING_ROLES = frozenset(
    {"Smuggler", "Transporter", "BrokerTravelAgent", "RecruiterOrIntermediary", "TravellingPartner"}
)


def values(f: Facts) -> dict[str, Tri]:
    """The element values: border, irregular_entry, procured, not_national, benefit, danger,
    inhuman (and migrant, which the labels read)."""
    mv = f.movement
    border = answer_of(mv.get("crossed_border"))
    entry = mv.get("entry")
    irregular: Tri = True if entry == "irregular" else False if entry == "regular" else None
    if irregular and border is None:
        border = True
    procured = answer_of(mv.get("entry_procured_by_another"))
    if procured is None and (
        set(mv.get("arranged_by") or ()) & ARRANGING_ROLES or mv.get("paid_by") == "smuggler"
    ):
        procured = True
    destination = mv.get("destination_country", f.jurisdiction)
    citizenship = f.person.get("citizenship")
    residence = f.person.get("permanent_resident_of") or []
    not_national: Tri = (
        None
        if citizenship is None or destination is None
        else destination not in citizenship and destination not in residence
    )
    if not_national is None and answer_of(f.person.get("migrant")) is True:
        not_national = True  # a migrant in the country of entry is not one of its nationals
    benefit = answer_of(mv.get("benefit_to_facilitator"))
    paid = mv.get("amount_paid")
    if benefit is None and paid is not None and float(paid["amount"]) > 0 and procured:
        benefit = True
    return {
        "border": border,
        "irregular_entry": irregular,
        "procured": procured,
        "not_national": not_national,
        "benefit": benefit,
        "danger": answer_of(mv.get("danger_to_life_or_safety")),
        "inhuman": answer_of(mv.get("inhuman_or_degrading_treatment")),
        "migrant": _migrant(f, border),
    }


def _migrant(f: Facts, border: Tri) -> Tri:
    """Migrant status: as recorded; otherwise shown by a border crossing or a citizenship
    other than the country of work; unknown when nothing says."""
    recorded = answer_of(f.person.get("migrant"))
    if recorded is not None:
        return recorded
    citizenship = f.person.get("citizenship")
    if border is True or (
        citizenship is not None and f.jurisdiction is not None and f.jurisdiction not in citizenship
    ):
        return True
    if citizenship is not None and f.jurisdiction is not None and border is False:
        return False
    return None


def _destination(f: Facts, country: Any) -> Any:
    return text(_("destination: %(country)s"), country=country) if f.explain else None


def combine(v: dict[str, Tri]) -> tuple[Tri, Tri]:
    illegal_entry = False if v["border"] is False else v["irregular_entry"]
    smuggled = and3((illegal_entry, v["procured"], v["not_national"], v["benefit"]))
    aggravated = and3((smuggled, or3((v["danger"], v["inhuman"]))))
    return smuggled, aggravated


def assess(f: Facts, v: dict[str, Tri] | None = None) -> InstrumentResult:
    v = v or values(f)
    smuggled, aggravated = combine(v)
    destination: Any = f.movement.get("destination_country", f.jurisdiction)
    elements = {
        "illegal_entry": ElementResult(
            "illegal_entry",
            False if v["border"] is False else v["irregular_entry"],
            (Unit(frozenset({"movement.entry"})),) if v["irregular_entry"] else (),
        ),
        "procured": ElementResult(
            "procured",
            v["procured"],
            (Unit(frozenset({"movement.arranged_by"})),) if v["procured"] else (),
        ),
        "not_national": ElementResult(
            "not_national",
            v["not_national"],
            (Unit(frozenset({"person.citizenship"}), _destination(f, destination)),)
            if v["not_national"]
            else (),
        ),
        "benefit": ElementResult(
            "benefit",
            v["benefit"],
            (Unit(frozenset({"movement.benefit"})),) if v["benefit"] else (),
        ),
        "aggravating": ElementResult("aggravating", or3((v["danger"], v["inhuman"]))),
    }
    status = "yes" if smuggled is True else "no" if smuggled is False else "undetermined"
    return InstrumentResult(status, elements, (), {"aggravated": aggravated})
