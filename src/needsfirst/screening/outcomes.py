"""From the instrument results to the labels, the summary and the notes.

Labels (not exclusive) and what each rests on:

* trafficking: `presumed_trafficking_victim` (Protocol test met; details.category adult or
  child), `possible_trafficking_victim` (open, with a means, a purpose or an indicator of
  trafficking shown), `trafficking_not_established` (closed: an element ruled out);
* forced labour: `forced_labour_victim`, `forced_labour_not_established`,
  `forced_labour_undetermined` (details.missing names the missing element);
* `slavery`, `servitude`, `practice_similar_to_slavery` (details.practice);
* `exploited_worker` / `exploited_migrant` (an objective breach of labour standards; migrant
  only when migrant status is known), `contract_breach` (pay below the promise, at or above the
  legal minimum, no coercion: a wage claim);
* `smuggled_migrant`, `smuggled_migrant_aggravated`;
* `at_risk`, `insufficient_information` (nothing conclusive, e.g. an act alone), and
  `no_indicators_found` (nothing positive and trafficking ruled out).

A conclusion resting on a single record fact says so (details.single_fact) and is never a
presumption: the Protocol's elements each need their own fact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from needsfirst.i18n import Text, _, joined, text
from needsfirst.law import Source
from needsfirst.screening.evidence import ElementResult, InstrumentResult
from needsfirst.screening.facts import Facts, answer_of

if TYPE_CHECKING:
    from needsfirst.screening.engine import Conclusion, Element, Evaluation, Question

CATEGORIES = {"child": _("child"), "adult": _("adult"), "age unknown": _("age unknown")}
ELEMENT_NAMES = {
    "act": _("act (recruitment, transportation, transfer, harbouring or receipt)"),
    "means": _("means"),
    "purpose": _("purpose of exploitation (open list)"),
    "child": _("person under 18 (means not required)"),
    "involuntariness": _("involuntariness"),
    "menace": _("menace of penalty"),
    "exclusion": _("work the Convention excludes from forced labour (Art. 2(2))"),
    "household_help": _(
        "ordinary help in the person's own household, not a disproportionate burden"
    ),
    "ownership": _("powers attaching to the right of ownership"),
    "control": _("control over the person"),
    "denial_of_freedom": _("a particularly serious denial of freedom"),
    "practice": _("practice similar to slavery"),
    "breach": _("objective exploitation"),
    "illegal_entry": _(
        "someone procured the person's entry into a State without meeting that State's "
        "requirements for legal entry"
    ),
    "procured": _("someone else arranged the entry"),
    "not_national": _("the person is neither a national nor a permanent resident of that State"),
    "benefit": _(
        "the smuggler acted to obtain, directly or indirectly, a financial or other material "
        "benefit"
    ),
    "aggravating": _("aggravating circumstances"),
}
TITLES = {
    "presumed_trafficking_victim": _("Presumed victim of trafficking in persons"),
    "possible_trafficking_victim": _(
        "Possible victim of trafficking: indicators present, elements not all established"
    ),
    "trafficking_not_established": _("Trafficking not established on the facts recorded"),
    "forced_labour_victim": _("Victim of forced labour"),
    "forced_labour_not_established": _("Forced labour not established on the facts recorded"),
    "forced_labour_undetermined": _("Forced labour undetermined: an element is missing"),
    "slavery": _("Slavery"),
    "servitude": _("Servitude"),
    "practice_similar_to_slavery": _("Practice similar to slavery"),
    "exploited_worker": _("Exploited worker, not (or not yet shown to be) trafficked"),
    "exploited_migrant": _("Exploited migrant, not (or not yet shown to be) trafficked"),
    "contract_breach": _("Wage claim: pay below what was promised (a civil claim)"),
    "smuggled_migrant": _("Smuggled migrant"),
    "smuggled_migrant_aggravated": _("Smuggled migrant, with aggravating circumstances"),
    "at_risk": _("At risk: vulnerability or isolated indicators, no element of trafficking shown"),
    "insufficient_information": _("Insufficient information to reach a screening conclusion"),
    "no_indicators_found": _("No indicators found in the facts recorded"),
}
PRACTICES = {
    "debt_bondage": _("debt bondage"),
    "serfdom": _("serfdom"),
    "servile_marriage": _("servile marriage"),
    "child_exploitation": _("delivery of a child for exploitation"),
}
CONTRACT_SOURCE = Source("needsfirst screening policy", "wage claim", verified=True)
QUESTIONS: dict[str, str] = {
    "child": _("How old was the person when first recruited, moved or received (under 18)?"),
    "act": _(
        "Was the person recruited, transported, transferred, harboured or received by someone?"
    ),
    "means": _(
        "Was the person deceived, threatened, forced, abducted, or was their vulnerability or "
        "someone's power over them used to get them to go or to stay?"
    ),
    "purpose": _(
        "What was the person made to do, or meant to do: forced work or services, sexual "
        "exploitation, servitude, slavery-like practices, organ removal, or other exploitation?"
    ),
    "involuntariness": _(
        "Did the person agree to this work and these conditions, and could they leave?"
    ),
    "menace": _(
        "Was the person threatened with a penalty (violence, denunciation, lost wages, "
        "withheld papers, debt) to make them work or to stop them leaving?"
    ),
    "exploitation": _(
        "How much was the person paid, for how many hours and days, and were wages withheld?"
    ),
    "border": _("Did the person cross an international border?"),
    "irregular_entry": _(
        "Did the person enter the country without meeting its entry requirements?"
    ),
    "procured": _("Did someone else arrange the person's entry into the country?"),
    "not_national": _("Is the person a national or permanent resident of the destination country?"),
    "benefit": _("Did whoever arranged the entry receive money or another material benefit?"),
    "danger": _("Was the person's life or safety endangered during the journey?"),
    "inhuman": _("Was the person treated in an inhuman or degrading way during the journey?"),
}


def signal(f: Facts) -> bool:
    """Is an indicator of trafficking present (other than a vulnerability or a condition of
    work)?"""
    rules = f.rules
    for ident in f.indicators:
        indicator = rules.indicators.get(ident)
        if indicator is None:
            if ident in rules.unodc:
                return True
        elif not (indicator.vulnerability or indicator.dimension == "D4"):
            return True
    return False


def _element(f: Facts, result: ElementResult, source: Source, provision: str = "") -> Element:
    from needsfirst.screening.engine import Element, source_of

    status = "yes" if result.value is True else "no" if result.value is False else "unknown"
    facts = tuple(u.text for u in result.units if u.text is not None) if f.explain else ()
    return Element(
        Text(ELEMENT_NAMES[result.name]) if f.explain else result.name,
        status,
        facts,
        source_of(source, provision),
        source.verified and all(u.verified for u in result.units[:1]),
    )


def _title(label: str, explain: bool) -> str:
    return Text(TITLES[label]) if explain else label


def conclusions(ev: Evaluation, explain: bool) -> tuple[Conclusion, ...]:
    from needsfirst.screening.engine import Conclusion

    f = ev.facts
    out: list[Conclusion] = []
    out += _trafficking(ev, explain)
    out += _forced(ev, explain)
    out += _slavery(ev, explain)
    out += _labour(ev, explain)
    out += _smuggling(ev, explain)
    positive = {c.label for c in out} - {
        "trafficking_not_established",
        "forced_labour_not_established",
    }
    protocol = ev.results["trafficking_protocol"].value
    if (
        protocol is None
        and "possible_trafficking_victim" not in positive
        and (ev.vulnerable or ev.signal or f.dims["D4"][0] is True)
    ):
        out.append(Conclusion("at_risk", _title("at_risk", explain), _risk(f, explain)))
        positive.add("at_risk")
    if not positive - {"forced_labour_undetermined"} and protocol is not False:
        out.append(
            Conclusion("insufficient_information", _title("insufficient_information", explain), ())
        )
    elif not positive and protocol is False:
        out.append(Conclusion("no_indicators_found", _title("no_indicators_found", explain), ()))
    return tuple(out)


def _risk(f: Facts, explain: bool) -> tuple[Element, ...]:
    from needsfirst.screening.engine import Element

    reasons: list[Any] = []
    if explain:
        reasons = [
            Text(f.rules.indicators[i].label)
            if i in f.rules.indicators
            else Text(f.rules.unodc[i][0])
            for i in sorted(f.indicators)
            if i in f.rules.indicators or i in f.rules.unodc
        ]
        reasons += [
            text(_("vulnerability: %(vulnerability)s"), vulnerability=v)
            for v in f.person.get("vulnerabilities") or ()
        ]
    name = Text(_("indicators or vulnerabilities")) if explain else "indicators"
    src = f.rules.unodc_source
    return (Element(name, "yes", tuple(reasons), src.cite(), src.verified),)


def _trafficking(ev: Evaluation, explain: bool) -> list[Conclusion]:
    from needsfirst.screening.engine import Conclusion

    f = ev.facts
    result = ev.results["trafficking_protocol"]
    src = f.rules.protocol_source
    details = dict(result.details)
    used = details.pop("facts_used")
    details.pop("signal", None)
    single = len(used) == 1
    elements = [
        _element(f, result.elements["act"], src, "Art. 3(a)"),
        _element(f, result.elements["means"], src, "Art. 3(a)"),
        _element(f, result.elements["purpose"], src, "Art. 3(a)"),
        _element(f, result.elements["child"], src, "Art. 3(c)-(d)"),
    ]
    if result.status == "yes":
        if f.child and result.elements["means"].value is not True:
            del elements[1]  # Art. 3(c): the means is not needed for a child
        category = details["category"]
        details["category"] = category
        details["category_label"] = Text(CATEGORIES[category]) if explain else category
        details["basis"] = [Text(_("Trafficking Protocol Art. 3"))] if explain else ["protocol"]
        return [
            Conclusion(
                "presumed_trafficking_victim",
                _title("presumed_trafficking_victim", explain),
                tuple(elements),
                details,
            )
        ]
    if result.status == "no":
        return [
            Conclusion(
                "trafficking_not_established",
                _title("trafficking_not_established", explain),
                tuple(elements),
                {"closed_by": _closed_by(result)},
            )
        ]
    if ev.levels[0] == 2:
        return [
            Conclusion(
                "possible_trafficking_victim",
                _title("possible_trafficking_victim", explain),
                tuple(elements),
                {"single_fact": single, "missing": list(result.missing)},
            )
        ]
    return []


def _closed_by(result: InstrumentResult) -> list[str]:
    return [name for name, e in result.elements.items() if e.value is False and name != "child"]


def _forced(ev: Evaluation, explain: bool) -> list[Conclusion]:
    from needsfirst.screening.engine import Conclusion

    f = ev.facts
    result = ev.results["forced_labour"]
    src = f.rules.forced_labour_source
    elements = tuple(
        _element(f, e, f.rules.forced_labour_convention, result.details["provision"])
        if name == "exclusion"
        else _element(f, e, f.rules.slavery_sources["household_help"])
        if name == "household_help"
        else _element(f, e, src)
        for name, e in result.elements.items()
    )
    raised = any(e.value is True for e in result.elements.values()) or bool(
        f.purposes.get("ForcedLabour")
    )
    if result.status == "yes":
        convention = f.rules.forced_labour_convention
        definition = _element(f, ElementResult("involuntariness", True), convention)
        if explain:
            definition = type(definition)(
                Text(_("definition")), "yes", (), definition.source, definition.verified
            )
        return [
            Conclusion(
                "forced_labour_victim",
                _title("forced_labour_victim", explain),
                (*elements, definition),
            )
        ]
    if result.status == "no" and (raised or f.work_recorded):
        label = "forced_labour_not_established"
        return [Conclusion(label, _title(label, explain), elements)]
    if result.status == "undetermined" and raised:
        label = "forced_labour_undetermined"
        missing = list(result.details["missing"])
        return [Conclusion(label, _title(label, explain), elements, {"missing": missing})]
    return []


def _slavery(ev: Evaluation, explain: bool) -> list[Conclusion]:
    from needsfirst.screening.engine import Conclusion

    f = ev.facts
    result = ev.results["slavery"]
    out: list[Conclusion] = []
    if result.details["slavery"] is True:
        source = f.rules.slavery_sources[
            "slavery" if result.details["slavery_route"] == "sale" else "slavery_without_sale"
        ]
        elements = tuple(
            _element(f, result.elements[name], source) for name in ("ownership", "control")
        )
        out.append(Conclusion("slavery", _title("slavery", explain), elements))
    if result.details["servitude"] is True:
        elements = (
            *(
                _element(f, e, f.rules.forced_labour_convention)
                for e in ev.results["forced_labour"].elements.values()
            ),
            _element(f, result.elements["denial_of_freedom"], f.rules.slavery_sources["servitude"]),
        )
        out.append(Conclusion("servitude", _title("servitude", explain), elements))
    for practice in result.details["practices"]:
        details: dict[str, Any] = {"practice": practice}
        if explain:
            details["practice_label"] = Text(PRACTICES[practice])
        element = _element(f, result.elements["practice"], f.rules.slavery_sources["practice"])
        out.append(
            Conclusion(
                "practice_similar_to_slavery",
                _title("practice_similar_to_slavery", explain),
                (element,),
                details,
            )
        )
    return out


def _labour(ev: Evaluation, explain: bool) -> list[Conclusion]:
    from needsfirst.screening.engine import Conclusion, Element

    f = ev.facts
    result = ev.results["labour_standards"]
    out: list[Conclusion] = []
    src = f.rules.objective_source
    if result.status == "yes" and ev.levels[0] != 3:
        facts: list[Any] = []
        if explain:
            facts = [
                line
                for test, lines in f.labour.facts.items()
                if test != "below_promise"
                for line in lines
            ]
            if f.dims["D4"][0] is True:
                facts.append(
                    text(
                        _("Exploitative conditions of work (ILO/EC indicators): %(indicators)s"),
                        indicators=joined(
                            [Text(f.rules.indicators[i].label) for i in f.dims["D4"][1]]
                        ),
                    )
                )
        label = "exploited_migrant" if ev.migrant is True else "exploited_worker"
        migrant = Element(
            Text(_("migrant")) if explain else "migrant",
            "yes" if ev.migrant is True else "no" if ev.migrant is False else "unknown",
            (),
            src.cite(),
            src.verified,
        )
        breach = Element(
            Text(ELEMENT_NAMES["breach"]) if explain else "breach",
            "yes",
            tuple(facts),
            src.cite(),
            src.verified,
        )
        details = {"tests": result.details["tests"], "law_used": result.details["law_used"]}
        out.append(Conclusion(label, _title(label, explain), (breach, migrant), details))
    if _contract_breach(ev):
        element = Element(
            Text(_("pay below the promise, at or above the legal minimum, without coercion"))
            if explain
            else "contract",
            "yes",
            tuple(f.labour.facts.get("below_promise", ())) if explain else (),
            CONTRACT_SOURCE.cite(),
            True,
        )
        out.append(
            Conclusion(
                "contract_breach",
                _title("contract_breach", explain),
                (element,),
                {"law_used": result.details["law_used"]},
            )
        )
    return out


def _contract_breach(ev: Evaluation) -> bool:
    """Pay below the promise but at or above the legal minimum, and no coercion recorded."""
    f = ev.facts
    tests = f.labour.tests
    if not tests.get("below_promise") or tests.get("below_minimum_wage") is not False:
        return False
    forced = ev.results["forced_labour"]
    if forced.status == "yes" or forced.elements["menace"].value is True:
        return False
    coercive = ("use_of_force", "threat_of_force", "other_coercion", "abduction")
    return not any(f.means.get(m) for m in coercive)


def _smuggling(ev: Evaluation, explain: bool) -> list[Conclusion]:
    from needsfirst.screening.engine import Conclusion

    f = ev.facts
    result = ev.results["smuggling_protocol"]
    if result.status != "yes":
        return []
    rules = f.rules
    keys = {
        "illegal_entry": "illegal_entry",
        "not_national": "not_national_or_resident",
        "benefit": "material_benefit",
    }
    elements = [
        _element(f, result.elements[name], rules.smuggling_elements[key][1])
        for name, key in keys.items()
    ]
    aggravated = result.details["aggravated"] is True
    if aggravated:
        for key, fact in (
            ("danger_to_life_or_safety", "danger_to_life_or_safety"),
            ("inhuman_or_degrading_treatment", "inhuman_or_degrading_treatment"),
        ):
            if answer_of(f.movement.get(fact)):
                summary, src = rules.smuggling_aggravating[key]
                elements.append(
                    _element(f, ElementResult("aggravating", True), src)
                    if not explain
                    else type(elements[0])(Text(summary), "yes", (), src.cite(), src.verified)
                )
    label = "smuggled_migrant_aggravated" if aggravated else "smuggled_migrant"
    return [Conclusion(label, _title(label, explain), tuple(elements))]


# ------------------------------------------------------------------------- summary, notes
def summary(ev: Evaluation, labels: Sequence[Conclusion], questions: Sequence[Question]) -> Text:
    """Two or three sentences a caseworker can read aloud."""
    ids = {c.label for c in labels}
    first = _headline(ids, labels)
    also = [Text(TITLES[c.label]) for c in labels if c.label in _ALSO]
    sentences: list[Any] = [first]
    if also:
        sentences.append(text(_("Also found: %(findings)s."), findings=joined(also, "; ")))
    undetermined = next((c for c in labels if c.label == "forced_labour_undetermined"), None)
    if undetermined is not None:
        missing = [Text(ELEMENT_NAMES[m]) for m in undetermined.details["missing"]]
        sentences.append(
            text(
                _("Forced labour is undetermined: not yet shown: %(missing)s."),
                missing=joined(missing, ", "),
            )
        )
    single = any(c.details.get("single_fact") for c in labels)
    if single:
        sentences.append(Text(_("This rests on a single fact and is not a presumption.")))
    elif questions and len(sentences) < 3:
        sentences.append(
            text(_("The most useful next question: %(question)s"), question=questions[0].question)
        )
    f = ev.facts
    if f.jurisdiction is None and f.work and not f.labour.law_used and len(sentences) < 3:
        sentences.append(
            Text(_("The country of work is unknown, so national labour-law tests were skipped."))
        )
    return text(_("%(sentences)s"), sentences=joined(sentences[:3], " "))


_ALSO = (
    "forced_labour_victim",
    "slavery",
    "servitude",
    "practice_similar_to_slavery",
    "exploited_worker",
    "exploited_migrant",
    "contract_breach",
    "smuggled_migrant",
    "smuggled_migrant_aggravated",
)


def _headline(ids: set[str], labels: Sequence[Conclusion]) -> Text:
    if "presumed_trafficking_victim" in ids:
        presumed = next(c for c in labels if c.label == "presumed_trafficking_victim")
        return text(
            _(
                "The facts recorded meet each element of the Trafficking Protocol's definition: "
                "the person is presumed to be a victim of trafficking (%(category)s)."
            ),
            category=Text(CATEGORIES[presumed.details["category"]]),
        )
    if "possible_trafficking_victim" in ids:
        return Text(
            _(
                "Some elements of trafficking are shown, but not all: the person may be a "
                "victim of trafficking and more facts are needed."
            )
        )
    if "trafficking_not_established" in ids:
        return Text(
            _(
                "Trafficking is not established on the facts recorded: an element of the "
                "definition is ruled out."
            )
        )
    if "at_risk" in ids:
        return Text(_("No element of trafficking is shown, but the person may be at risk."))
    if "no_indicators_found" in ids:
        return Text(_("No indicators were found in the facts recorded."))
    if "insufficient_information" not in ids:
        return Text(_("No element of trafficking is shown in the facts recorded."))
    return Text(_("There is not yet enough information to reach a conclusion on trafficking."))


def _rule_note(summary_line: str, source: str) -> Text:
    return text(_("%(rule)s (%(source)s)"), rule=Text(summary_line), source=source)


def law_notes(ev: Evaluation) -> list[Any]:
    """What the law does not require, where the facts raise it; the jurisdiction and legal
    values used; the notes of the instruments."""
    f = ev.facts
    rules = f.rules
    notes: list[Any] = list(f.labour.notes) + list(f.notes)
    protocol = ev.results["trafficking_protocol"]
    in_view = any(protocol.elements[k].value is True for k in ("act", "means", "purpose"))
    border = ev.state[7]
    if border is False or (in_view and border is None):
        line, src = rules.not_required["border_crossing"]
        notes.append(_rule_note(line, src.cite()))
    if answer_of(f.movement.get("organised_criminal_group")) is not True and (
        "organised_criminal_group" in f.movement or in_view
    ):
        line, src = rules.not_required["organised_criminal_group"]
        notes.append(_rule_note(line, src.cite()))
    agreed = f.answer("own_view", "agreed_to_conditions")
    if agreed is True and protocol.elements["means"].value is True:
        provision, line = rules.protocol_rules["consent"]
        notes.append(
            text(
                _("The person says they agreed to the conditions. %(rule)s (%(source)s)"),
                rule=Text(line),
                source=f"{rules.protocol_source.instrument}, {provision}",
            )
        )
    if agreed is True and f.labour.exploitation:
        notes.append(
            _(
                "Agreement does not cancel an objective finding: a legal minimum wage and "
                "working-time limits cannot be waived by contract."
            )
        )
    if f.child is True:
        provision, line = rules.protocol_rules["child"]
        notes.append(_rule_note(line, f"{rules.protocol_source.instrument}, {provision}"))
    notes += _more_notes(ev)
    return notes


def _more_notes(ev: Evaluation) -> list[Any]:
    f = ev.facts
    notes: list[Any] = []
    if f.purposes.get("SexualExploitation") is True:
        notes.append(
            _(
                "The ILO/EC 2009 tables for sexual exploitation are not encoded (no verified "
                "copy); trafficking for sexual exploitation is screened through the Protocol's "
                "elements and the UNODC indicators."
            )
        )
    if f.jurisdiction is None:
        notes.append(
            _(
                "The country of work is not known: the Trafficking Protocol, the Smuggling "
                "Protocol and ILO C029 were applied; the national minimum-wage and working-time "
                "tests were skipped unless a legal value was supplied."
            )
        )
    for key, origin in f.labour.law_used.items():
        if origin == "supplied":
            notes.append(
                _("The legal minimum wage used is the one supplied with the record.")
                if key == "minimum_wage"
                else _("The working-time limit used is the one supplied with the record.")
            )
    if _contract_breach(ev):
        notes.append(
            _(
                "Pay below what was promised but at or above the legal minimum, without "
                "coercion, is a wage claim under the contract (a civil matter), not a means of "
                "trafficking."
            )
        )
    return notes


def formal(record: Mapping[str, Any], t_level: int) -> Mapping[str, Any] | None:
    decision = record.get("formal_decision")
    if not decision:
        return None
    screening = {3: "ActualVictimOfTrafficking", 2: "PossibleVictimOfTrafficking"}.get(
        t_level, "NotAVictimOfTrafficking"
    )
    return {
        **decision,
        "screening_equivalent": screening,
        "differs": decision["status"] != screening,
    }
