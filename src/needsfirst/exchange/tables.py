"""The tables of an exchange file: their HTCDS 2.0 fields, the kind of each, and which we hold.

One table per HTCDS record (person, victim context, case, historic trafficking event, support
plan, perpetrator), plus `identification`: how the person was identified, one row per screening
determination or competent-authority decision, each in the standard's own terms
(`vic_TraffickingStatus` and `vic_TraffickingStatusDecisionMakingOrg`).

Fields that HTCDS lacks and needsfirst needs to keep a record whole are named `nf_...` (the
record's stable id, the links between tables, our finer codes). A field `held=False` is in the
standard but not kept by needsfirst: it is accepted and checked on import, then left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    ID = "id"  # the row's stable id in its source: letters, digits and . _ : -
    REF = "ref"  # the id of a row of another table of the same file
    TEXT = "text"  # one line, at most 200 characters
    LONG = "long"  # free text, at most 10,000 characters
    DATE = "date"  # ISO 8601 date
    CODE = "code"  # one value of a code list
    CODES = "codes"  # several values of a code list (";" between them in a spreadsheet)
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    COUNTRIES = "countries"
    LANGUAGE = "language"  # ISO 639 (two or three letters)
    INTEGER = "integer"
    BOOLEAN = "boolean"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    codes: tuple[str, ...] = ()  # for CODE / CODES when not an HTCDS list
    ref: str = ""  # for REF: the table it points to
    held: bool = True
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    sheet: str  # the worksheet's name in the spreadsheet layout
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


ID = Field("nf_Id", Kind.ID, required=True)
PERSON_REF = Field("nf_PersonId", Kind.REF, required=True, ref="person")
CASE_REF = Field("nf_CaseId", Kind.REF, required=True, ref="case")

SEX = ("female", "male", "intersex", "unknown")
CASE_STATUS = ("open", "screening", "assistance", "follow_up", "closed", "reopened")
STAGES = ("screening", "authority")
NEED_DOMAINS = (
    "safety",
    "shelter",
    "food_and_material",
    "medical_urgent",
    "medical_non_urgent",
    "psychological",
    "legal",
    "interpretation",
    "family_and_social",
    "child_protection",
    "work_and_income",
    "return_or_integration",
)
PLAN_ROLES = (
    "caseworker",
    "interpreter",
    "shelter_provider",
    "health_professional",
    "mental_health_professional",
    "lawyer",
    "child_protection_service",
    "guardian",
    "employment_service",
    "return_programme",
)
PLAN_STATUS = ("to_do", "in_progress", "done", "declined_by_person", "not_needed")
PARTY_ROLES = ("recruiter", "sub_agent", "transporter", "employer", "sponsor", "exploiter")

PERSON = Table(
    "person",
    "Person",
    (
        ID,
        Field("prs_Salutation", Kind.TEXT, held=False),
        Field("prs_FirstName", Kind.TEXT),
        Field("prs_MiddleName", Kind.TEXT),
        Field("prs_SecondName", Kind.TEXT),
        Field("prs_Birthdate", Kind.DATE),
        Field("prs_Gender", Kind.CODE),
        Field("prs_Deceased", Kind.BOOLEAN, held=False),
        Field("prs_MaritalStatus", Kind.CODE, held=False),
        Field("prs_NumberOfChildren", Kind.INTEGER, held=False, minimum=0, maximum=99),
        Field("prs_PrimaryLanguage", Kind.LANGUAGE),
        Field("prs_SecondaryLanguage", Kind.LANGUAGE),
        Field("prs_HighestLevelOfEducation", Kind.CODE, held=False),
        Field("prs_Citizenship", Kind.COUNTRIES),
        Field("prs_IdentityNumber", Kind.TEXT),
        Field("prs_Title", Kind.TEXT, held=False),
        Field("prs_Email", Kind.TEXT),
        Field("prs_HomePhone", Kind.TEXT),
        Field("prs_MobilePhone", Kind.TEXT),
        Field("prs_MailingStreet", Kind.TEXT),
        Field("prs_MailingCity", Kind.TEXT),
        Field("prs_MailingState", Kind.TEXT, held=False),
        Field("prs_MailingPostalCode", Kind.TEXT, held=False),
        Field("prs_MailingCountry", Kind.COUNTRY),
        Field("prs_MailingLongitude", Kind.NUMBER, held=False),
        Field("prs_MailingLatitude", Kind.NUMBER, held=False),
        Field("nf_Sex", Kind.CODE, codes=SEX),
        Field("nf_EstimatedAge", Kind.INTEGER, minimum=0, maximum=120),
        Field("nf_EstimatedAgeOn", Kind.DATE),
    ),
)

CASE = Table(
    "case",
    "Case",
    (
        ID,
        PERSON_REF,
        Field("nf_Reference", Kind.TEXT),
        Field("cas_Status", Kind.CODE, required=True),
        Field("nf_Status", Kind.CODE, codes=CASE_STATUS),
        Field("cas_ReasonForCaseClosure", Kind.LONG),
        Field("cas_CaseOwner", Kind.TEXT, held=False),
        Field("nf_OpenedOn", Kind.DATE),
        Field("nf_ClosedOn", Kind.DATE),
        Field("con_Consent", Kind.BOOLEAN, held=False),
        Field("cas_ReferringOrganisation", Kind.TEXT, held=False),
        Field("cas_ReferringPrimaryCaseWorker", Kind.TEXT, held=False),
        Field("cas_ReferredPrimaryCaseWorker", Kind.TEXT, held=False),
        Field("cas_IncomingReferralDate", Kind.DATE, held=False),
        Field("cas_ReasonForIncomingReferral", Kind.CODE, held=False),
        Field("cas_IncomingReferralDetails", Kind.LONG, held=False),
        Field("cas_ReferredOrganisation", Kind.TEXT, held=False),
        Field("cas_OutgoingReferralDate", Kind.DATE, held=False),
        Field("cas_ReasonForOutgoingReferral", Kind.CODE, held=False),
        Field("cas_OutgoingReferralDetails", Kind.LONG, held=False),
    ),
)

# One row per case: the victim context as needsfirst knows it. The trafficking status here is
# the current one (the latest authority decision, else the latest screening); `identification`
# holds each step. Methods of control and types of exploitation come from the screening facts
# when the case has them; everything else, as an exchange file gave it (`VictimContext`).
VICTIM_CONTEXT = Table(
    "victim_context",
    "VictimContext",
    (
        CASE_REF,
        Field("vic_TraffickingStatus", Kind.CODE),
        Field("vic_TraffickingStatusDecisionMakingOrg", Kind.CODE),
        Field("vic_RelationshipToTrafficker", Kind.CODE),
        Field("vic_AgeWhenTrafficked", Kind.INTEGER, minimum=0, maximum=120),
        Field("vic_RecruitmentWebsitesAndApps", Kind.CODES),
        Field("vic_MethodOfRecruitment", Kind.CODES),
        Field("vic_LocationOfRecruitment", Kind.TEXT),
        Field("vic_MethodsOfControl", Kind.CODES),
        Field("vic_TypeOfExploitation", Kind.CODES),
        Field("vic_ForcedLabourIndustry", Kind.CODE),
        Field("vic_TypeOfSexExploitation", Kind.CODES),
        Field("vic_LocationOfExploitation", Kind.TEXT),
        Field("vic_ExploitationWebsitesAndApps", Kind.CODES),
    ),
)

IDENTIFICATION = Table(
    "identification",
    "Identification",
    (
        ID,
        CASE_REF,
        Field("nf_Stage", Kind.CODE, required=True, codes=STAGES),
        Field("vic_TraffickingStatus", Kind.CODE, required=True),
        Field("vic_TraffickingStatusDecisionMakingOrg", Kind.CODE, required=True),
        Field("nf_DecidingOrganisation", Kind.TEXT),
        Field("nf_DecidedOn", Kind.DATE, required=True),
    ),
)

EVENT = Table(
    "event",
    "HistoricTraffickingEvents",
    (
        ID,
        CASE_REF,
        Field("hte_Type", Kind.CODE, required=True),
        Field("hte_Date", Kind.DATE),
        Field("nf_DateIsApproximate", Kind.BOOLEAN),
        Field("hte_Country", Kind.COUNTRY),
        Field("hte_State", Kind.TEXT),
        Field("hte_City", Kind.TEXT),
        Field("hte_Street", Kind.TEXT),
        Field("hte_PostalCode", Kind.TEXT, held=False),
        Field("hte_Longitude", Kind.NUMBER, held=False),
        Field("hte_Latitude", Kind.NUMBER, held=False),
        Field("hte_Description", Kind.LONG),
    ),
)

SUPPORT_PLAN = Table(
    "support_plan",
    "SupportPlan",
    (
        ID,
        CASE_REF,
        Field("spl_Type", Kind.CODE, required=True),
        Field("spl_Objectives", Kind.LONG, held=False),
        Field("spl_ActionPlan", Kind.LONG, required=True),
        Field("spl_PlannedEndDate", Kind.DATE, required=True),
        Field("spl_ActualEndDate", Kind.DATE, held=False),
        Field("nf_Need", Kind.CODE, required=True, codes=NEED_DOMAINS),
        Field("nf_Role", Kind.CODE, required=True, codes=PLAN_ROLES),
        Field("nf_Urgency", Kind.INTEGER, required=True, minimum=0, maximum=3),
        Field("nf_Status", Kind.CODE, codes=PLAN_STATUS),
    ),
)

PERPETRATOR = Table(
    "perpetrator",
    "Perpetrator",
    (
        ID,
        CASE_REF,
        Field("per_RoleInProcess", Kind.CODES, required=True),
        Field("per_RoleDetails", Kind.LONG, held=False),
        Field("nf_PartyRole", Kind.CODE, required=True, codes=PARTY_ROLES),
        Field("nf_RecruiterId", Kind.TEXT),
        Field("nf_RecruiterName", Kind.TEXT, required=True),
    ),
)

# In the order a file is read: a table only refers to tables before it.
TABLES: tuple[Table, ...] = (
    PERSON,
    CASE,
    VICTIM_CONTEXT,
    IDENTIFICATION,
    EVENT,
    SUPPORT_PLAN,
    PERPETRATOR,
)
TABLES_BY_NAME = {table.name: table for table in TABLES}

# Our finer codes onto the standard's, for export (and back, where the standard's value is
# enough to choose one of ours).
CASE_STATUS_TO_HTCDS = {
    "open": "Active",
    "screening": "Active",
    "assistance": "Active",
    "reopened": "Active",
    "follow_up": "FollowUp",
    "closed": "Closed",
}
CASE_STATUS_FROM_HTCDS = {
    "Active": "open",
    "FollowUp": "follow_up",
    "Closed": "closed",
    "ClosedReferred": "closed",
}
PARTY_ROLE_TO_HTCDS = {
    "recruiter": "RecruiterOrIntermediary",
    "sub_agent": "RecruiterOrIntermediary",
    "transporter": "Transporter",
    "employer": "Other",
    "sponsor": "Other",
    "exploiter": "Exploiter",
}
