"""Reads of the wage claim: the saved claims of a case, and the work facts a screening recorded.

Every read starts from a case the caller already obtained through the cases app's visibility
gate (`case_get_owned_by`): a claim is seen only by the organisation that holds the case.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from needsfirst.wages.claims import HEAD_TITLES, ClaimHead
from needsfirst.wages.money import format_money
from needsfirst.wages.prefill import claim_facts_from_screening
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Case, CaseShareSection
from needsfirst.web.cases.selectors import Access, case_access, case_get_for
from needsfirst.web.claims.models import ClaimMatter, WageClaim
from needsfirst.web.common.validators import country_name
from needsfirst.web.screening.selectors import screening_of


def claim_case_get_for(user: User, case_uuid: UUID | str) -> tuple[Case, Access]:
    """The case and what the user sees of it, if the user may see its wage claim: the holding
    organisation, or one a referral shared the claim with (consented). Otherwise 404."""
    case = case_get_for(user, case_uuid)
    access = case_access(user, case)
    if not access.sees(CaseShareSection.CLAIM):
        raise Http404
    return case, access


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


def claim_summary(case: Case) -> list[tuple[str, str]]:
    """The latest saved claim as label and value pairs, for a referral that shares the claim:
    the country, each line's head and amount, the totals and the day it was saved. Empty
    when no claim was saved."""
    saved = wage_claim_latest(case)
    if saved is None:
        return []
    result = saved.result
    rows: list[tuple[str, str]] = [
        (_("Country whose law applies"), country_name(str(result.get("jurisdiction", "")))),
        (_("Saved on"), date_format(saved.created_at, "DATE_FORMAT")),
    ]
    for line in result.get("lines", []):
        head = HEAD_TITLES.get(ClaimHead(line["head"]), "")
        amount = format_money(Decimal(line["amount"]), line["currency"])
        rows.append((_(head), amount))
    for currency, amount in sorted(result.get("totals", {}).items()):
        rows.append((_("Total"), format_money(Decimal(amount), currency)))
    return rows


def claim_matters_of(case: Case) -> QuerySet[ClaimMatter]:
    return ClaimMatter.objects.filter(case=case).select_related("created_by")


def claim_matter_get(case: Case, matter_uuid: UUID | str) -> ClaimMatter:
    found = claim_matters_of(case).filter(uuid=matter_uuid).first()
    if found is None:
        raise Http404
    return found


def remedy_defaults(case: Case) -> dict[str, Any]:
    """The remedy form's first values: the dates of the latest claim taken to a forum, else the
    latest saved claim's country and the first and last days of its periods of work. Empty
    without either."""
    matter = claim_matters_of(case).first()
    if matter is not None:
        facts = matter.facts
        events = facts.get("events") or {}
        return {
            "jurisdiction": matter.jurisdiction,
            "forum": matter.forum,
            "first_unpaid": facts.get("first_unpaid"),
            "last_unpaid": facts.get("last_unpaid"),
            "employment_ended": facts.get("employment_ended"),
            "conciliation_started": events.get("conciliation_started"),
            "conciliation_ended": events.get("conciliation_ended"),
            "immigration_status": facts.get("immigration_status", "unknown"),
            "willful": facts.get("willful", False),
        }
    saved = wage_claim_latest(case)
    if saved is None:
        return {}
    periods = saved.facts.get("periods") or []
    starts = [period.get("start") for period in periods if period.get("start")]
    ends = [period.get("end") for period in periods if period.get("end")]
    return {
        "jurisdiction": saved.facts.get("jurisdiction", ""),
        "first_unpaid": min(starts) if starts else None,
        "last_unpaid": max(ends) if ends else None,
    }
