"""An organisation's records as rows of the exchange tables (export), read from the database.

Only records the organisation holds: its people and its cases (`organisation=` on each query),
never a case another organisation shares with it, never a person erased on request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.utils.crypto import salted_hmac

from needsfirst.exchange.codes import CODE_LISTS
from needsfirst.exchange.tables import CASE_STATUS_TO_HTCDS, PARTY_ROLE_TO_HTCDS, VICTIM_CONTEXT
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.cases.models import Case, CaseEvent, ConsentKind, Person
from needsfirst.web.exchange.models import OutsideScreening, VictimContext
from needsfirst.web.recruitment.models import CaseParty
from needsfirst.web.screening.models import AuthorityDecision, Determination, Screening
from needsfirst.web.screening.selectors import STATUS_OF_LABEL

# The kind of organisation that screened, in vic_TraffickingStatusDecisionMakingOrg terms.
DECIDER_OF_TYPE = {
    "NGO": "NGO",
    "Shelter": "NGO",
    "InternationalOrganisationMission": "Other",
    "LawEnforcement": "Police",
    "CentralGovernmentOrganisation": "NonPoliceGovernmentalOrganization",
    "LocalGovernmentOrganisation": "NonPoliceGovernmentalOrganization",
    "ImmigrationService": "NonPoliceGovernmentalOrganization",
    "LabourInspectorate": "NonPoliceGovernmentalOrganization",
    "HealthServiceOrganisation": "Other",
    "LegalService": "Other",
    "CorporateBusiness": "Other",
    "SchoolOrCollege": "Other",
}
PERSON_FIELDS = {
    "prs_FirstName": "first_name",
    "prs_MiddleName": "middle_name",
    "prs_SecondName": "second_name",
    "prs_Birthdate": "birthdate",
    "prs_Gender": "gender",
    "prs_PrimaryLanguage": "primary_language",
    "prs_SecondaryLanguage": "secondary_language",
    "prs_Citizenship": "citizenship",
    "prs_IdentityNumber": "identity_number",
    "prs_Email": "email",
    "prs_HomePhone": "home_phone",
    "prs_MobilePhone": "mobile_phone",
    "prs_MailingStreet": "mailing_street",
    "prs_MailingCity": "mailing_city",
    "prs_MailingCountry": "mailing_country",
    "nf_Sex": "sex",
    "nf_EstimatedAge": "estimated_age",
    "nf_EstimatedAgeOn": "estimated_age_on",
}
EVENT_FIELDS = {
    "hte_Type": "type",
    "hte_Date": "date",
    "nf_DateIsApproximate": "date_is_approximate",
    "hte_Country": "country",
    "hte_State": "state",
    "hte_City": "city",
    "hte_Street": "street",
    "hte_Description": "description",
}
PLAN_FIELDS = {
    "spl_Type": "support_plan_type",
    "spl_ActionPlan": "action",
    "spl_PlannedEndDate": "due_on",
    "nf_Need": "domain",
    "nf_Role": "role",
    "nf_Urgency": "urgency",
    "nf_Status": "status",
}
# The victim context's fields, all kept (the statuses too: a toolkit sheet has no other place
# for them). The organisation's own screening facts win for the two that screening records.
VICTIM_FIELDS = tuple(f.name for f in VICTIM_CONTEXT.fields if f.name.startswith("vic_"))
FROM_SCREENING = ("vic_MethodsOfControl", "vic_TypeOfExploitation")
STATUS_FIELDS = ("vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg")
# What an import may update, table by table (the file's names; `nf_Status` stands for the
# case's status whichever of `cas_Status` / `nf_Status` the file gave).
CASE_FIELDS = ("nf_Status", "cas_ReasonForCaseClosure", "nf_OpenedOn", "nf_ClosedOn")
DECISION_FIELDS = (
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "nf_DecidingOrganisation",
    "nf_DecidedOn",
)
PARTY_WORDS = {
    "recruiter": "Recruiter",
    "sub_agent": "Sub-agent",
    "transporter": "Transporter",
    "employer": "Employer",
    "sponsor": "Sponsor",
    "exploiter": "Exploiter",
}


def source_of(organisation: Organisation) -> str:
    """The `source` an export names, so an import knows which rows it has seen before."""
    return f"needsfirst:{organisation.uuid}"


def _fields(obj: Any, mapping: dict[str, str]) -> dict[str, Any]:
    return {name: getattr(obj, attribute) for name, attribute in mapping.items()}


def _in_list(field: str, values: Iterable[str]) -> list[str]:
    allowed = CODE_LISTS[field]
    return sorted(value for value in values if value in allowed)


def _victim_context(
    case: Case,
    screening: Screening | None,
    decider: str,
    kept: VictimContext | None,
    outside: list[OutsideScreening],
) -> dict[str, Any]:
    """The case's victim context: what an exchange file gave (if any), under the organisation's
    own identification steps and screening facts, which win."""
    row: dict[str, Any] = {"nf_CaseId": str(case.uuid)}
    given = dict(kept.fields) if kept is not None else {}
    for name in VICTIM_FIELDS:
        if given.get(name) not in (None, "", []):
            row[name] = given[name]
    latest = next(iter(case.authority_decisions.all()), None)
    determination = next(iter(screening.determinations.all()), None) if screening else None
    if latest is not None:
        row["vic_TraffickingStatus"] = latest.status
        row["vic_TraffickingStatusDecisionMakingOrg"] = latest.decision_making_org
    elif determination is not None and _screened_status(determination):
        # the latest step that screened the person in: ours, or one another organisation did
        newer = [o for o in outside if o.decided_on > determination.created_at.date()]
        if newer:
            row["vic_TraffickingStatus"] = newer[0].status
            row["vic_TraffickingStatusDecisionMakingOrg"] = newer[0].decision_making_org
        else:
            row["vic_TraffickingStatus"] = _screened_status(determination)
            row["vic_TraffickingStatusDecisionMakingOrg"] = decider
    elif outside:
        row["vic_TraffickingStatus"] = outside[0].status
        row["vic_TraffickingStatusDecisionMakingOrg"] = outside[0].decision_making_org
    if screening is not None:
        facts = screening.facts or {}
        purposes = facts.get("purposes") or {}
        row["vic_MethodsOfControl"] = _in_list(
            "vic_MethodsOfControl", facts.get("methods_of_control") or ()
        )
        row["vic_TypeOfExploitation"] = _in_list(
            "vic_TypeOfExploitation", [key for key, value in purposes.items() if value == "yes"]
        )
    return row


def _screened_status(determination: Determination) -> str | None:
    for label, status in STATUS_OF_LABEL.items():
        if label in (determination.label_ids or ()):
            return str(status)
    return None


def _identification(
    case: Case,
    screening: Screening | None,
    organisation: Organisation,
    decider: str,
    outside: list[OutsideScreening],
) -> list[dict[str, Any]]:
    """Each step of the person's identification, oldest first: the screenings that screened
    the person in (ours, and those another organisation's file told us of), then the
    competent authority's decisions."""
    screened: list[tuple[date, dict[str, Any]]] = []
    determinations = list(screening.determinations.all()) if screening else []
    for determination in reversed(determinations):  # oldest first
        status = _screened_status(determination)
        if status is None:
            continue  # a screening that did not screen the person in decides nothing
        day = determination.created_at.date()
        screened.append(
            (
                day,
                {
                    "nf_Id": str(determination.uuid),
                    "nf_CaseId": str(case.uuid),
                    "nf_Stage": "screening",
                    "vic_TraffickingStatus": status,
                    "vic_TraffickingStatusDecisionMakingOrg": decider,
                    "nf_DecidingOrganisation": organisation.name,
                    "nf_DecidedOn": day,
                },
            )
        )
    for step in reversed(outside):
        screened.append(
            (
                step.decided_on,
                {
                    "nf_Id": str(step.uuid),
                    "nf_CaseId": str(case.uuid),
                    "nf_Stage": "screening",
                    **decision_values(step),
                },
            )
        )
    rows = [row for _day, row in sorted(screened, key=lambda pair: pair[0])]
    decisions: list[AuthorityDecision] = list(case.authority_decisions.all())
    for decision in reversed(decisions):
        rows.append(
            {
                "nf_Id": str(decision.uuid),
                "nf_CaseId": str(case.uuid),
                "nf_Stage": "authority",
                **decision_values(decision),
            }
        )
    return rows


def decision_values(step: AuthorityDecision | OutsideScreening) -> dict[str, Any]:
    return {
        "vic_TraffickingStatus": step.status,
        "vic_TraffickingStatusDecisionMakingOrg": step.decision_making_org,
        "nf_DecidingOrganisation": step.organisation_name,
        "nf_DecidedOn": step.decided_on,
    }


def _consent(case: Case) -> bool | None:
    assistance = [c for c in case.consents.all() if c.kind == ConsentKind.ASSISTANCE]
    return assistance[0].in_force if assistance else None


def _case_row(case: Case) -> dict[str, Any]:
    return {
        "nf_Id": str(case.uuid),
        "nf_PersonId": str(case.person.uuid),
        "nf_Reference": case.reference,
        "cas_Status": CASE_STATUS_TO_HTCDS[case.status],
        "nf_Status": case.status,
        "cas_ReasonForCaseClosure": case.closure_said,
        "nf_OpenedOn": case.opened_at.date(),
        "nf_ClosedOn": case.closed_at.date() if case.closed_at else None,
        "con_Consent": _consent(case),
    }


def _party_row(party: CaseParty) -> dict[str, Any]:
    return {
        "nf_Id": f"{party.recruiter.uuid}.{party.role}",
        "nf_CaseId": str(party.case.uuid),
        "per_RoleInProcess": [PARTY_ROLE_TO_HTCDS[party.role]],
        "per_RoleDetails": PARTY_WORDS[party.role],
        "nf_PartyRole": party.role,
        "nf_RecruiterId": str(party.recruiter.uuid),
        "nf_RecruiterName": party.recruiter.name,
    }


def organisation_tables(
    organisation: Organisation, progress: Callable[[int], None] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every record the organisation holds, as exchange rows (in Python types);
    `progress(n)` after the n-th table is read."""
    report = progress or (lambda _done: None)
    people = Person.objects.filter(organisation=organisation, anonymised_at__isnull=True)
    cases = list(
        Case.objects.filter(organisation=organisation, person__anonymised_at__isnull=True)
        .select_related("person")
        .prefetch_related("authority_decisions", "consents")
        .order_by("opened_at", "id")
    )
    screenings = {
        s.case_id: s
        for s in Screening.objects.filter(case__in=cases).prefetch_related("determinations")
    }
    contexts = {v.case_id: v for v in VictimContext.objects.filter(case__in=cases)}
    outside: dict[int, list[OutsideScreening]] = {}
    for step in OutsideScreening.objects.filter(case__in=cases):  # newest first
        outside.setdefault(step.case_id, []).append(step)
    decider = DECIDER_OF_TYPE.get(organisation.type, "Other")
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["person"] = [
        {"nf_Id": str(p.uuid), **_fields(p, PERSON_FIELDS)}
        for p in people.order_by("created_at", "id")
    ]
    report(1)
    tables["case"] = [_case_row(case) for case in cases]
    report(2)
    tables["victim_context"] = [
        _victim_context(
            case, screenings.get(case.pk), decider, contexts.get(case.pk), outside.get(case.pk, [])
        )
        for case in cases
    ]
    report(3)
    tables["identification"] = [
        row
        for case in cases
        for row in _identification(
            case, screenings.get(case.pk), organisation, decider, outside.get(case.pk, [])
        )
    ]
    report(4)
    tables["event"] = [
        {"nf_Id": str(e.uuid), "nf_CaseId": str(e.case.uuid), **_fields(e, EVENT_FIELDS)}
        for e in CaseEvent.objects.filter(case__in=cases).select_related("case")
    ]
    report(5)
    tables["support_plan"] = [
        {"nf_Id": str(i.uuid), "nf_CaseId": str(i.case.uuid), **_fields(i, PLAN_FIELDS)}
        for i in PlanItem.objects.filter(case__in=cases).select_related("case")
    ]
    report(6)
    tables["perpetrator"] = [
        _party_row(party)
        for party in CaseParty.objects.filter(case__in=cases)
        .select_related("case", "recruiter")
        .order_by("id")
    ]
    report(7)
    return tables


def case_values(case: Case) -> dict[str, Any]:
    return {
        "nf_Status": case.status,
        "cas_ReasonForCaseClosure": case.closure_reason,
        "nf_OpenedOn": case.opened_at.date(),
        "nf_ClosedOn": case.closed_at.date() if case.closed_at else None,
    }


def current_values(table: str, record: Any) -> dict[str, Any]:
    """A record's values an import may update, in the file's names."""
    if table == "person":
        return _fields(record, PERSON_FIELDS)
    if table == "case":
        return case_values(record)
    if table == "event":
        return _fields(record, EVENT_FIELDS)
    if table == "support_plan":
        return _fields(record, PLAN_FIELDS)
    if table == "identification":
        return decision_values(record)
    if table == "victim_context":
        return {name: record.fields.get(name) for name in VICTIM_FIELDS}
    return {}


def plain(value: Any) -> Any:
    """A value as it compares across a file and a record: blank is None, a day is its text."""
    if value in (None, "", []):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def digest(value: Any) -> str:
    """A keyed digest of one value (never the value itself), to tell later whether it changed."""
    text = json.dumps(plain(value), sort_keys=True, ensure_ascii=False, default=str)
    return salted_hmac("needsfirst.exchange.field", text).hexdigest()[:32]


def digests_of(values: dict[str, Any]) -> dict[str, str]:
    return {name: digest(value) for name, value in values.items()}
