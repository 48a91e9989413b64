"""The vocabulary of the needs core: answers, domains, urgencies, roles, categories, plan types."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from needsfirst.i18n import _


class Answer(StrEnum):
    """An assessment answer. "Unknown" is always allowed: nobody must answer to be helped."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Urgency(IntEnum):
    """How soon a need must be acted on. Higher is more urgent, so `max()` picks the most urgent."""

    PLANNED = 1
    WITHIN_A_WEEK = 2
    WITHIN_24_HOURS = 3
    NOW = 4

    @property
    def label(self) -> str:
        return _URGENCY_LABELS[self]

    @property
    def days_to_act(self) -> int:
        """Days from the assessment to the due date (needsfirst policy, see docs/needs-first.md)."""
        return _URGENCY_DAYS[self]

    @classmethod
    def from_name(cls, raw: str) -> Urgency:
        try:
            return cls[raw.strip().upper()]
        except KeyError:
            raise ValueError(
                f"{raw!r} is not an urgency ({', '.join(m.name.lower() for m in cls)})"
            ) from None


_URGENCY_LABELS = {
    Urgency.NOW: _("Now"),
    Urgency.WITHIN_24_HOURS: _("Within 24 hours"),
    Urgency.WITHIN_A_WEEK: _("Within a week"),
    Urgency.PLANNED: _("Planned"),
}

# A plan item due "now" is due on the day of the assessment; "planned" items get a month.
_URGENCY_DAYS = {
    Urgency.NOW: 0,
    Urgency.WITHIN_24_HOURS: 1,
    Urgency.WITHIN_A_WEEK: 7,
    Urgency.PLANNED: 30,
}


class Domain(StrEnum):
    """Need domains, derived from the IOM direct-assistance handbook chapters and CoE Art. 12."""

    SAFETY = "safety"
    SHELTER = "shelter"
    FOOD_AND_MATERIAL = "food_and_material"
    MEDICAL_URGENT = "medical_urgent"
    MEDICAL_NON_URGENT = "medical_non_urgent"
    PSYCHOLOGICAL = "psychological"
    LEGAL = "legal"
    INTERPRETATION = "interpretation"
    FAMILY_AND_SOCIAL = "family_and_social"
    CHILD_PROTECTION = "child_protection"
    WORK_AND_INCOME = "work_and_income"
    RETURN_OR_INTEGRATION = "return_or_integration"


class Role(StrEnum):
    """Who carries out a plan action. Police appear nowhere: cooperation is the person's choice."""

    CASEWORKER = "caseworker"
    INTERPRETER = "interpreter"
    SHELTER_PROVIDER = "shelter_provider"
    HEALTH_PROFESSIONAL = "health_professional"
    MENTAL_HEALTH_PROFESSIONAL = "mental_health_professional"
    LAWYER = "lawyer"
    CHILD_PROTECTION_SERVICE = "child_protection_service"
    GUARDIAN = "guardian"
    EMPLOYMENT_SERVICE = "employment_service"
    RETURN_PROGRAMME = "return_programme"


class SupportPlanType(StrEnum):
    """HTCDS 2.0 `spl_Type` picklist values (IOM, CC BY 4.0), spelled as in the standard."""

    EDUCATION = "Education"
    FINANCIAL = "Financial"
    HEALTH = "Health"
    LABOUR_EXPLOITATION_REHABILITATION = "LabourExploitationRehabilitation"
    LEGAL = "Legal"
    LIVELIHOOD = "Livelihood"
    RIGHTS_BASED_TRAINING = "RightsBasedTraining"
    SEXUAL_EXPLOITATION_REHABILITATION = "SexualExploitationRehabilitation"
    SOCIAL_CARE = "SocialCare"


class ActionStatus(StrEnum):
    """Where a plan action stands. A person may decline any service (CoE Art. 12(7): consent)."""

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED_BY_PERSON = "declined_by_person"
    NOT_NEEDED = "not_needed"

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS)


class Category(IntEnum):
    """The person's standing, given by the web layer (from a competent authority or screening).

    Ordered: each category is owed everything the ones below it are owed. The needs core never
    decides the category and never waits for it.
    """

    ANY_MIGRANT = 1
    PRESUMED_VICTIM = 2  # reasonable grounds to believe the person is a victim
    IDENTIFIED_VICTIM = 3  # conclusively identified by the competent authority

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]

    @classmethod
    def from_key(cls, raw: str) -> Category:
        try:
            return cls[raw.strip().upper()]
        except KeyError:
            raise ValueError(
                f"{raw!r} is not a category ({', '.join(m.key for m in cls)})"
            ) from None


_CATEGORY_LABELS = {
    Category.ANY_MIGRANT: _("Any migrant, whatever the label"),
    Category.PRESUMED_VICTIM: _("Presumed victim (reasonable grounds)"),
    Category.IDENTIFIED_VICTIM: _("Identified victim"),
}
