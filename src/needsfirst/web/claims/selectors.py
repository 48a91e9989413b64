"""Reads of the wage claim: the saved claims of a case, and the work facts a screening recorded.

Every read starts from a case the caller already obtained through the cases app's visibility
gate (`case_get_owned_by`): a claim is seen only by the organisation that holds the case.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from needsfirst.wages.prefill import claim_facts_from_screening
from needsfirst.web.cases.models import Case
from needsfirst.web.claims.models import WageClaim
from needsfirst.web.screening.selectors import screening_of


def claim_facts_for_case(*, case: Case) -> dict[str, Any] | None:
    """The work facts of the case's screening, in the layout `needsfirst claim FILE.json`
    reads, for the claim page to prefill (the mapping is the core's, `wages.prefill`)."""
    screening = screening_of(case)
    return claim_facts_from_screening(screening.facts if screening is not None else None)


def wage_claims_of(case: Case) -> QuerySet[WageClaim]:
    """The claims saved on the case, the latest first: the first is the claim, the rest its
    history."""
    return WageClaim.objects.filter(case=case).select_related("created_by")


def wage_claim_latest(case: Case) -> WageClaim | None:
    return wage_claims_of(case).first()


def wage_claim_get(case: Case, claim_uuid: UUID | str) -> WageClaim:
    found = wage_claims_of(case).filter(uuid=claim_uuid).first()
    if found is None:
        raise Http404
    return found
