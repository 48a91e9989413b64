"""Needs first: needs assessment, triage, assistance plan, entitlements and reflection periods.

Pure core: no Django, and never the screening package (an import-linter contract says so). A
person's needs and plan come from the facts of their situation, whatever the label; the category
(any migrant, presumed or identified victim) is a plain input that only adds entitlements.
"""

from needsfirst.needs.entitlements import (
    Entitlement,
    EntitlementKind,
    EntitlementSummary,
    entitlements_list,
)
from needsfirst.needs.errors import ErrorCode, NeedsInputError
from needsfirst.needs.facts import AssessmentFacts, fact_names, facts_from_mapping
from needsfirst.needs.jurisdictions import supported_jurisdictions
from needsfirst.needs.model import (
    ActionStatus,
    Answer,
    Category,
    Domain,
    Role,
    SupportPlanType,
    Urgency,
)
from needsfirst.needs.plan import (
    AssistancePlan,
    PlanItem,
    due_date,
    plan_action_add,
    plan_action_reschedule,
    plan_action_status_set,
    plan_build,
)
from needsfirst.needs.reflection import (
    CooperationRecord,
    CooperationStatus,
    ReflectionPeriod,
    reflection_period_compute,
)
from needsfirst.needs.triage import Need, NeedsAssessment, OpenQuestion, Reason, needs_assess

__all__ = [
    "ActionStatus",
    "Answer",
    "AssessmentFacts",
    "AssistancePlan",
    "Category",
    "CooperationRecord",
    "CooperationStatus",
    "Domain",
    "Entitlement",
    "EntitlementKind",
    "EntitlementSummary",
    "ErrorCode",
    "Need",
    "NeedsAssessment",
    "NeedsInputError",
    "OpenQuestion",
    "PlanItem",
    "Reason",
    "ReflectionPeriod",
    "Role",
    "SupportPlanType",
    "Urgency",
    "due_date",
    "entitlements_list",
    "fact_names",
    "facts_from_mapping",
    "needs_assess",
    "plan_action_add",
    "plan_action_reschedule",
    "plan_action_status_set",
    "plan_build",
    "reflection_period_compute",
    "supported_jurisdictions",
]
