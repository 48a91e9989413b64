# ruff: noqa: RUF009  (every fact is a field() built by _fact; the call is only a shorthand)
"""The facts of a needs assessment: what the caseworker learnt, each answer yes, no or unknown.

Every fact is phrased as a risk or a need, so that answering "yes" can only add help: the
triage property "adding a risk never lowers an urgency" rests on this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from needsfirst.i18n import _
from needsfirst.needs.errors import ErrorCode, NeedsInputError
from needsfirst.needs.model import Answer, Domain

_U = Answer.UNKNOWN


def _fact(domain: Domain, question: str) -> Any:
    return field(default=_U, metadata={"domain": domain, "question": question})


@dataclass(frozen=True, slots=True)
class AssessmentFacts:
    """Answers gathered at intake or later. Nothing is required: each answer defaults to unknown."""

    # Immediate safety and risk (IOM handbook ch. 1; CoE Art. 12(2), Art. 28)
    threat_from_exploiter: Answer = _fact(
        Domain.SAFETY, _("Has the exploiter, or anyone linked to them, threatened the person?")
    )
    exploiter_knows_location: Answer = _fact(
        Domain.SAFETY, _("Does the exploiter know, or could they find, where the person is now?")
    )
    still_under_exploiter_control: Answer = _fact(
        Domain.SAFETY,
        _("Is the person still under the exploiter's control or in contact with them?"),
    )
    self_harm_risk: Answer = _fact(
        Domain.SAFETY, _("Has the person thought about harming themselves or ending their life?")
    )
    family_threatened: Answer = _fact(
        Domain.SAFETY, _("Are the person's family members threatened or at risk?")
    )
    # Shelter (IOM handbook ch. 4; CoE Art. 12(1)(a))
    no_safe_place_tonight: Answer = _fact(
        Domain.SHELTER, _("Is the person without a safe place to sleep tonight?")
    )
    housing_controlled_by_exploiter: Answer = _fact(
        Domain.SHELTER, _("Is the person's housing provided or controlled by the exploiter?")
    )
    # Food and material needs (CoE Art. 12(1)(a))
    no_food_or_money: Answer = _fact(
        Domain.FOOD_AND_MATERIAL, _("Is the person without food or money to buy it?")
    )
    lacks_essentials: Answer = _fact(
        Domain.FOOD_AND_MATERIAL,
        _("Does the person lack essentials (clothes, hygiene items, a phone)?"),
    )
    # Medical (IOM handbook ch. 5; CoE Art. 12(1)(b))
    serious_injury_or_illness: Answer = _fact(
        Domain.MEDICAL_URGENT,
        _("Is there a serious injury or illness (bleeding, severe pain, breathing trouble)?"),
    )
    injury: Answer = _fact(Domain.MEDICAL_URGENT, _("Does the person have an injury?"))
    recent_sexual_violence: Answer = _fact(
        Domain.MEDICAL_URGENT, _("Has the person suffered sexual violence in the last few days?")
    )
    pregnant: Answer = _fact(Domain.MEDICAL_NON_URGENT, _("Is the person pregnant?"))
    medication_interrupted: Answer = _fact(
        Domain.MEDICAL_NON_URGENT, _("Has the person's regular medication or treatment stopped?")
    )
    other_health_concern: Answer = _fact(
        Domain.MEDICAL_NON_URGENT, _("Does the person have any other health concern?")
    )
    # Psychological (IOM handbook ch. 5; CoE Art. 12(1))
    acute_distress: Answer = _fact(
        Domain.PSYCHOLOGICAL, _("Is the person in acute distress (panic, confusion, cannot cope)?")
    )
    wants_psychological_support: Answer = _fact(
        Domain.PSYCHOLOGICAL, _("Would the person like psychological support?")
    )
    # Legal (CoE Arts. 10(2), 12(1)(d)-(e), 13, 14, 15)
    removal_scheduled: Answer = _fact(
        Domain.LEGAL, _("Is a removal, deportation or transfer already scheduled?")
    )
    detained_or_removal_risk: Answer = _fact(
        Domain.LEGAL, _("Is the person detained, or at risk of detention or removal?")
    )
    without_residence_status: Answer = _fact(
        Domain.LEGAL, _("Is the person without a valid residence status?")
    )
    documents_withheld_or_lost: Answer = _fact(
        Domain.LEGAL, _("Are the person's identity documents held by someone else or lost?")
    )
    criminal_charges: Answer = _fact(
        Domain.LEGAL, _("Does the person face charges for acts they were made to commit?")
    )
    wants_to_complain_or_claim: Answer = _fact(
        Domain.LEGAL, _("Does the person want to complain, report or make a claim?")
    )
    unpaid_wages_or_fees: Answer = _fact(
        Domain.LEGAL, _("Is the person owed wages, or did they pay recruitment fees?")
    )
    # Interpretation (CoE Art. 12(1)(c))
    needs_interpreter: Answer = _fact(
        Domain.INTERPRETATION, _("Does the person need an interpreter to be understood fully?")
    )
    # Family and social contact
    wants_family_contact: Answer = _fact(
        Domain.FAMILY_AND_SOCIAL, _("Would the person like to contact family or friends?")
    )
    dependants_with_them: Answer = _fact(
        Domain.FAMILY_AND_SOCIAL, _("Are children or other dependants with the person?")
    )
    # Children's protection (CoE Arts. 10(3)-(4), 12(1)(f), 16(7))
    child: Answer = _fact(
        Domain.CHILD_PROTECTION,
        _("Is the person under 18, or may they be (age uncertain, reasons to think so)?"),
    )
    unaccompanied: Answer = _fact(
        Domain.CHILD_PROTECTION, _("Is the person without a parent or legal guardian here?")
    )
    out_of_school: Answer = _fact(
        Domain.CHILD_PROTECTION, _("Is the child out of school or education?")
    )
    # Work and income (CoE Art. 12(4); Art. 16(5))
    no_income: Answer = _fact(Domain.WORK_AND_INCOME, _("Is the person without any income?"))
    wants_work_or_training: Answer = _fact(
        Domain.WORK_AND_INCOME, _("Would the person like work, training or education?")
    )
    # Return, reintegration or local integration (CoE Art. 16; IOM handbook ch. 3)
    wants_to_return: Answer = _fact(
        Domain.RETURN_OR_INTEGRATION, _("Does the person want to return to their country?")
    )
    fears_return: Answer = _fact(
        Domain.RETURN_OR_INTEGRATION, _("Does the person fear harm if they return?")
    )
    wants_to_stay: Answer = _fact(
        Domain.RETURN_OR_INTEGRATION, _("Does the person want to stay and settle here?")
    )

    # Not answers: context for the plan.
    language: str = ""
    age_estimate: int | None = None

    def __post_init__(self) -> None:
        for item in fields(self):
            if "domain" in item.metadata and not isinstance(getattr(self, item.name), Answer):
                raise NeedsInputError(item.name, _("must be yes, no or unknown"))
        if self.age_estimate is not None:
            if isinstance(self.age_estimate, bool) or not isinstance(self.age_estimate, int):
                raise NeedsInputError("age_estimate", _("must be a whole number of years"))
            if not 0 <= self.age_estimate <= 120:
                raise NeedsInputError("age_estimate", _("must be between 0 and 120"))
            if self.age_estimate < 18 and self.child is Answer.NO:
                raise NeedsInputError(
                    "child",
                    _(
                        "The person is recorded as not a child, "
                        "but their estimated age is under 18."
                    ),
                    ErrorCode.CONTRADICTION,
                )

    @property
    def is_child(self) -> bool:
        """A child, or presumed one: CoE Art. 10(3) presumes a child where age is uncertain."""
        if self.child is Answer.YES:
            return True
        return self.age_estimate is not None and self.age_estimate < 18

    def answer(self, name: str) -> Answer:
        """The answer to one fact; `child` counts the age estimate too."""
        if name == "child" and self.is_child:
            return Answer.YES
        value = getattr(self, name)
        assert isinstance(value, Answer)
        return value


def fact_names() -> tuple[str, ...]:
    """The names of all yes/no/unknown facts, in the order of the form."""
    return tuple(item.name for item in fields(AssessmentFacts) if "domain" in item.metadata)


def fact_domain(name: str) -> Domain:
    for item in fields(AssessmentFacts):
        if item.name == name and "domain" in item.metadata:
            domain = item.metadata["domain"]
            assert isinstance(domain, Domain)
            return domain
    raise KeyError(name)


def fact_question(name: str) -> str:
    for item in fields(AssessmentFacts):
        if item.name == name and "question" in item.metadata:
            return str(item.metadata["question"])
    raise KeyError(name)


def _answer(name: str, value: object) -> Answer:
    """An answer given as an Answer, a bool, "yes"/"no"/"unknown" (any case) or None."""
    if isinstance(value, Answer):
        return value
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    if value is None:
        return Answer.UNKNOWN
    if isinstance(value, str) and value.strip().lower() in {a.value for a in Answer}:
        return Answer(value.strip().lower())
    raise NeedsInputError(name, _("must be yes, no or unknown"))


def _context(name: str, value: object) -> Any:
    """The two facts that are not answers: the language (text) and the estimated age."""
    if name == "language":
        if not isinstance(value, str):
            raise NeedsInputError(name, _("must be text"))
        return value.strip()
    if name == "age_estimate":
        return value
    raise NeedsInputError(str(name), _("is not a known assessment fact"))


def facts_from_mapping(raw: Mapping[str, object]) -> AssessmentFacts:
    """Facts from a form or JSON: answers as "yes"/"no"/"unknown"; unknown names are refused."""
    if not isinstance(raw, Mapping):
        raise NeedsInputError("facts", _("must be a mapping of fact names to answers"))
    known = set(fact_names())
    values: dict[str, Any] = {
        name: _answer(name, value) if name in known else _context(name, value)
        for name, value in raw.items()
    }
    return AssessmentFacts(**values)
