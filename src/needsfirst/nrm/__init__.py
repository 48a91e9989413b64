"""The national referral mechanism (NRM): its two stages, deadlines and what may be done, as law.

Pure core: no Django. A jurisdiction's mechanism is dated law data
(`law/data/jurisdictions/<country>/nrm.yaml`, read through `needsfirst.law`); this package turns it
into typed values and answers the questions the web layer asks: when is a decision due, how long
has a case waited, may a first responder refer with or without consent or notify anonymously,
and which category (hence which of the needs package's entitlements) a decision gives. It never
decides whether someone gets help: needs, plans and referrals do not wait for the NRM.
"""

from needsfirst.nrm.calendar import (
    Holidays,
    add_working_days,
    holidays_of,
    is_working_day,
    working_days_between,
)
from needsfirst.nrm.errors import NrmErrorCode, NrmInputError
from needsfirst.nrm.mechanism import (
    Action,
    Challenge,
    Deadline,
    Mechanism,
    Period,
    Stage,
    StageName,
    actions_allowed,
    appeal_by,
    category_after,
    deadline_for,
    entitlements_after,
    mechanism_on,
    supported_jurisdictions,
)

__all__ = [
    "Action",
    "Challenge",
    "Deadline",
    "Holidays",
    "Mechanism",
    "NrmErrorCode",
    "NrmInputError",
    "Period",
    "Stage",
    "StageName",
    "actions_allowed",
    "add_working_days",
    "appeal_by",
    "category_after",
    "deadline_for",
    "entitlements_after",
    "holidays_of",
    "is_working_day",
    "mechanism_on",
    "supported_jurisdictions",
    "working_days_between",
]
