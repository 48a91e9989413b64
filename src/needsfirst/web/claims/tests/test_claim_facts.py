"""Work facts of the latest screening, in the `needsfirst claim` layout, prefill the wage claim;
the page then computes the same totals as the core."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from needsfirst.wages import claim_facts_from_mapping, compute_claim
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.claims.selectors import claim_facts_for_case
from needsfirst.web.conftest import signed_in
from needsfirst.web.screening import services

pytestmark = pytest.mark.django_db

# A worked example on the UK National Living Wage (12.21 GBP an hour from 1 April 2025):
# 7 April to 4 May 2025 = 28 days = 4 weeks x 5 days x 8 h = 160 h; 160 x 12.21 = 1,953.60 owed
# at the minimum; 250 a week received = 1,000.00; underpaid 953.60. Promised 13.00 an hour:
# 160 x 13.00 = 2,080.00, so 126.40 more is owed under the promise. A 500 recruitment fee is
# claimed back in full. Total 1,580.00.
WORK_FACTS: dict[str, Any] = {
    "as_of": "2025-06-01",
    "jurisdiction": "GB",
    "dates": {"exploitation_start": "2025-04-07", "exploitation_end": "2025-05-04"},
    "work": {
        "sector": "general",
        "wage_paid": {"amount": 250, "currency": "GBP", "period": "week"},
        "wage_promised": {"amount": 13, "currency": "GBP", "period": "hour"},
        "hours_per_day": 8,
        "days_per_week": 5,
        "recruitment_fees": {"amount": 500, "currency": "GBP"},
    },
}


def _screen(case, caseworker, facts, version=0):
    services.screening_save(
        actor=Actor.for_user(caseworker), case=case, facts=facts, expected_version=version
    )


def test_no_screening_and_no_work_facts_give_none(open_case, caseworker):
    case = open_case()
    assert claim_facts_for_case(case=case) is None
    _screen(case, caseworker, {"as_of": "2025-06-01", "jurisdiction": "GB"})
    assert claim_facts_for_case(case=case) is None


def test_the_work_facts_come_in_the_claim_layout(open_case, caseworker):
    case = open_case()
    _screen(case, caseworker, WORK_FACTS)
    assert claim_facts_for_case(case=case) == {
        "jurisdiction": "GB",
        "sector": "general",
        "periods": [
            {
                "start": "2025-04-07",
                "end": "2025-05-04",
                "hours_per_day": "8",
                "days_per_week": "5",
                "paid": {"amount": "250", "currency": "GBP", "per": "week"},
                "promised": {"amount": "13", "currency": "GBP", "per": "hour"},
            }
        ],
        "fees": [{"amount": "500", "currency": "GBP", "category": "recruitment-fee"}],
    }


def test_the_latest_saved_screening_is_read(open_case, caseworker):
    case = open_case()
    _screen(case, caseworker, WORK_FACTS)
    later = {**WORK_FACTS, "work": {**WORK_FACTS["work"], "hours_per_day": 10}}
    _screen(case, caseworker, later, version=1)
    assert claim_facts_for_case(case=case)["periods"][0]["hours_per_day"] == "10"


def test_the_core_computes_the_worked_example_from_the_screening(open_case, caseworker):
    case = open_case()
    _screen(case, caseworker, WORK_FACTS)
    claim = compute_claim(claim_facts_from_mapping(claim_facts_for_case(case=case)))
    by_head = {line.head.value: line.amount for line in claim.lines}
    assert by_head["underpaid-wages"] == Decimal("953.60")
    assert by_head["contract-shortfall"] == Decimal("126.40")
    assert by_head["recruitment-fee"] == Decimal("500.00")
    assert claim.totals == {"GBP": Decimal("1580.00")}


def test_the_claim_page_is_prefilled_and_computes_the_same_totals_as_the_core(
    open_case, caseworker
):
    case = open_case()
    _screen(case, caseworker, WORK_FACTS)
    client = signed_in(caseworker)
    url = reverse("claims:claim", args=[case.uuid])
    page = client.get(url)
    assert page.status_code == 200
    form, periods, fees = (page.context[name] for name in ("form", "periods", "fees"))
    assert form.initial["jurisdiction"] == "GB"
    assert form.initial["currency"] == "GBP"
    assert periods.forms[0].initial["start"] == "2025-04-07"
    assert periods.forms[0].initial["paid_amount"] == "250"
    assert periods.forms[0].initial["promised_per"] == "hour"
    assert fees.forms[0].initial["amount"] == "500"
    html = page.content.decode()
    assert 'value="2025-04-07"' in html
    assert 'value="250"' in html

    # The caseworker submits what the page shows, unchanged.
    data: dict[str, Any] = {"action": "compute", **_values(form)}
    for prefix, formset in (("periods", periods), ("fees", fees)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(formset.forms)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "6",
            }
        )
        for sub in formset.forms:
            data.update(_values(sub))
    computed = client.post(url, data)
    assert computed.status_code == 200, computed.context["form"].errors
    core = compute_claim(claim_facts_from_mapping(claim_facts_for_case(case=case)))
    assert computed.context["claim"].totals == core.totals == {"GBP": Decimal("1580.00")}
    assert "1,580.00" in computed.content.decode() or "1580.00" in computed.content.decode()


def _values(form) -> dict[str, str]:
    values = {}
    for field in form:
        value = field.value()
        if value not in (None, ""):
            values[field.html_name] = str(value)
    return values


def test_domestic_work_is_the_wage_data_s_domestic_sector_and_deductions_become_a_total(
    open_case, caseworker
):
    case = open_case()
    facts = {
        **WORK_FACTS,
        "work": {
            **WORK_FACTS["work"],
            "sector": "domestic_work",
            "deductions": {"amount": 50, "currency": "GBP", "period": "week"},
        },
    }
    _screen(case, caseworker, facts)
    claim = claim_facts_for_case(case=case)
    assert claim["sector"] == "domestic"
    # 50 a week over 4 weeks, of a reason the screening does not record.
    assert claim["periods"][0]["deductions"] == [
        {"amount": "200.00", "currency": "GBP", "reason": "other"}
    ]
    # The core reads it: the deductions count as pay the employer took, not as a claim line.
    result = compute_claim(claim_facts_from_mapping(claim))
    assert "unlawful-deduction" not in {line.head.value for line in result.lines}


def test_without_dates_the_period_is_left_for_the_caseworker(open_case, caseworker):
    case = open_case()
    facts = {key: value for key, value in WORK_FACTS.items() if key != "dates"}
    _screen(case, caseworker, facts)
    period = claim_facts_for_case(case=case)["periods"][0]
    assert "start" not in period
    assert "end" not in period
    assert signed_in(caseworker).get(reverse("claims:claim", args=[case.uuid])).status_code == 200
