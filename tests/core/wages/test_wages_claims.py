"""Itemised claims: each head, the waterfall between them, and the properties of the total."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from needsfirst.wages.claims import (
    ClaimFacts,
    ClaimHead,
    Deduction,
    DeductionReason,
    ExchangeRate,
    FeeCategory,
    FeePaid,
    Pay,
    PayBasis,
    WorkPeriod,
    compute_claim,
)
from needsfirst.wages.render import claim_to_data, claim_to_text


def _period(
    paid: str,
    per: PayBasis = PayBasis.PERIOD,
    start: date = date(2025, 4, 7),
    end: date = date(2025, 5, 4),
    hours: str = "8",
    days: str = "5",
    currency: str = "GBP",
    promised: Pay | None = None,
    deductions: tuple[Deduction, ...] = (),
) -> WorkPeriod:
    return WorkPeriod(
        start=start,
        end=end,
        hours_per_day=Decimal(hours),
        days_per_week=Decimal(days),
        paid=Pay(Decimal(paid), currency, per),
        promised=promised,
        deductions=deductions,
    )


def _claim(*periods: WorkPeriod, jurisdiction: str = "GB", sector: str = "general") -> Decimal:
    facts = ClaimFacts(jurisdiction=jurisdiction, periods=periods, sector=sector)
    return compute_claim(facts).total("GBP" if jurisdiction == "GB" else "USD")


def test_pay_at_the_minimum_leaves_nothing_to_claim() -> None:
    claim = compute_claim(ClaimFacts("GB", (_period("12.21", PayBasis.HOUR),)))
    assert claim.lines == ()
    assert "No amount is owed" in claim_to_text(claim)


def test_nothing_paid_is_unpaid_wages_and_something_paid_is_underpaid() -> None:
    unpaid = compute_claim(ClaimFacts("GB", (_period("0"),)))
    underpaid = compute_claim(ClaimFacts("GB", (_period("1"),)))
    assert [line.head for line in unpaid.lines] == [ClaimHead.UNPAID_WAGES]
    assert [line.head for line in underpaid.lines] == [ClaimHead.UNDERPAID_WAGES]
    assert unpaid.lines[0].amount == Decimal("1953.60")
    assert underpaid.lines[0].amount == Decimal("1952.60")


def test_each_wage_line_shows_its_arithmetic_and_cites_its_instrument() -> None:
    line = compute_claim(ClaimFacts("GB", (_period("1000"),))).lines[0]
    assert "160 h" in line.arithmetic
    assert "GBP 12.21" in line.arithmetic
    assert "GBP 953.60" in line.arithmetic
    assert "National Minimum Wage Regulations 2015" in line.legal_basis
    assert line.verified


def test_a_promise_above_the_minimum_is_claimed_only_beyond_the_legal_floor() -> None:
    promise = Pay(Decimal("2500"), "GBP", PayBasis.PERIOD)
    claim = compute_claim(ClaimFacts("GB", (_period("1000", promised=promise),)))
    heads = {line.head: line.amount for line in claim.lines}
    assert heads[ClaimHead.UNDERPAID_WAGES] == Decimal("953.60")
    assert heads[ClaimHead.CONTRACT_SHORTFALL] == Decimal("546.40")  # 2,500 - 1,953.60
    assert claim.total("GBP") == Decimal("1500.00")


def test_a_promise_below_the_minimum_adds_nothing() -> None:
    promise = Pay(Decimal("1500"), "GBP", PayBasis.PERIOD)
    claim = compute_claim(ClaimFacts("GB", (_period("1000", promised=promise),)))
    assert [line.head for line in claim.lines] == [ClaimHead.UNDERPAID_WAGES]


def test_a_promise_in_another_currency_asks_for_the_rate_instead_of_converting() -> None:
    promise = Pay(Decimal("3000"), "USD", PayBasis.PERIOD)
    claim = compute_claim(ClaimFacts("GB", (_period("1953.60", promised=promise),)))
    assert claim.lines == ()
    assert any("give the exchange rate" in note for note in claim.notes)
    assert claim.rates_needed == (("USD", "GBP"),)


def test_pay_in_another_currency_than_the_minimum_asks_for_the_rate() -> None:
    claim = compute_claim(ClaimFacts("GB", (_period("10", currency="USD"),)))
    assert claim.lines == ()
    assert any("give the exchange rate" in note for note in claim.notes)
    assert claim.rates_needed == (("GBP", "USD"),)


def test_a_given_rate_converts_the_minimum_and_shows_in_the_arithmetic() -> None:
    # 160 h x GBP 12.21 = GBP 1,953.60 at the minimum; at 1 GBP = 1.25 USD that is
    # USD 15.2625 an hour x 160 h = USD 2,442.00; minus USD 1,000 received = USD 1,442.00.
    rate = ExchangeRate("GBP", "USD", Decimal("1.25"), date(2025, 5, 5), "Bank of England")
    facts = ClaimFacts("GB", (_period("1000", currency="USD"),), exchange_rates=(rate,))
    claim = compute_claim(facts)
    assert claim.rates_needed == ()
    assert claim.totals == {"USD": Decimal("1442.00")}
    arithmetic = claim.lines[0].arithmetic
    assert "1 GBP = 1.25 USD (rate of 2025-05-05, source: Bank of England)" in arithmetic
    assert "USD 2,442.00" in arithmetic


def test_a_rate_given_the_other_way_round_is_inverted() -> None:
    rate = ExchangeRate("USD", "GBP", Decimal("0.8"), date(2025, 5, 5), "Bank of England")
    facts = ClaimFacts("GB", (_period("1000", currency="USD"),), exchange_rates=(rate,))
    assert compute_claim(facts).totals == {"USD": Decimal("1442.00")}


def test_recruitment_fees_are_claimed_in_their_own_currency() -> None:
    fee = FeePaid(Decimal("1200"), "NPR", FeeCategory.RECRUITMENT_FEE, "agent", date(2025, 1, 1))
    facts = ClaimFacts("GB", (_period("1953.60"),), fees=(fee,))
    claim = compute_claim(facts)
    assert claim.totals == {"NPR": Decimal("1200.00")}
    assert "fair recruitment" in claim.lines[0].legal_basis


def test_deductions_are_claimed_by_reason_and_agreement() -> None:
    deductions = (
        Deduction(Decimal("10"), "GBP", DeductionReason.TAX),
        Deduction(Decimal("20"), "GBP", DeductionReason.TRAVEL_LODGING),
        Deduction(Decimal("30"), "GBP", DeductionReason.FOOD, agreed=True),
        Deduction(Decimal("40"), "GBP", DeductionReason.ACCOMMODATION, agreed=False),
        Deduction(Decimal("50"), "GBP", DeductionReason.FINE),
    )
    # received 1,803.60 + 150 deducted = 1,953.60 gross: exactly the minimum
    claim = compute_claim(ClaimFacts("GB", (_period("1803.60", deductions=deductions),)))
    amounts = [line.amount for line in claim.lines]
    assert all(line.head is ClaimHead.UNLAWFUL_DEDUCTION for line in claim.lines)
    assert amounts == [Decimal("20.00"), Decimal("40.00"), Decimal("50.00")]
    assert any("for food (agreed) not claimed" in note for note in claim.notes)
    # reasons by their names, never their codes
    assert not any("travel-lodging" in line.arithmetic for line in claim.lines)
    assert any("travel and lodging" in line.arithmetic for line in claim.lines)


def test_an_unlawful_deduction_is_not_counted_twice_when_pay_is_below_the_minimum() -> None:
    deduction = Deduction(Decimal("100"), "GBP", DeductionReason.RECRUITMENT_FEE)
    claim = compute_claim(ClaimFacts("GB", (_period("900", deductions=(deduction,)),)))
    # gross 1,000 credited: 953.60 short of the minimum, plus the 100 taken back
    assert claim.total("GBP") == Decimal("1053.60")
    assert claim.total("GBP") == Decimal("1953.60") - Decimal("900")


def test_overtime_is_not_computed_where_the_data_has_no_rule() -> None:
    claim = compute_claim(ClaimFacts("GB", (_period("0", hours="12", days="7"),)))
    assert ClaimHead.UNPAID_OVERTIME not in {line.head for line in claim.lines}
    assert any("overtime is not computed" in note for note in claim.notes)


def test_no_minimum_and_no_promise_gives_no_wage_line_but_says_why() -> None:
    claim = compute_claim(ClaimFacts("AE", (_period("100", currency="AED"),)))
    assert claim.lines == ()
    assert any("no statutory minimum" in note for note in claim.notes)


def test_a_jurisdiction_without_data_says_the_minimum_is_unknown() -> None:
    # Sweden: no table of ours, and ILOSTAT reports no national figure either
    claim = compute_claim(ClaimFacts("SE", (_period("100", currency="SEK"),)))
    assert claim.lines == ()
    assert any("unknown" in note for note in claim.notes)


def test_a_country_without_a_table_is_claimed_on_ilostats_figure_said_to_be_a_fallback() -> None:
    claim = compute_claim(ClaimFacts("BR", (_period("100", currency="BRL"),)))
    assert claim.lines, "ILOSTAT's BRL 1,412 a month is above BRL 100"
    # each line cites ILOSTAT and is unverified (shown "[unverified]" in the reader's language);
    # the claim's notes say, in a translatable sentence, that the minimum is a fallback
    assert all("ILOSTAT" in line.legal_basis for line in claim.lines)
    assert not any(line.verified for line in claim.lines)
    assert any("fallback, not the law" in note for note in claim.notes)


def test_json_output_carries_amounts_as_strings() -> None:
    data = claim_to_data(compute_claim(ClaimFacts("GB", (_period("1000"),))))
    assert data["totals"] == {"GBP": "953.60"}
    assert data["lines"][0]["amount"] == "953.60"


# --- properties ------------------------------------------------------------------------------

START = date(2024, 1, 1)
money = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
hours = st.decimals(min_value=1, max_value=16, places=1)
days = st.sampled_from([Decimal(n) for n in range(1, 8)])
lengths = st.integers(min_value=2, max_value=500)
bases = st.sampled_from(list(PayBasis))


@settings(max_examples=150, deadline=None)
@given(
    paid=money,
    extra=money,
    per=bases,
    h=hours,
    d=days,
    length=lengths,
    offset=st.integers(0, 900),
    jurisdiction=st.sampled_from(["GB", "US"]),
)
def test_more_pay_never_increases_the_claim(
    paid: Decimal,
    extra: Decimal,
    per: PayBasis,
    h: Decimal,
    d: Decimal,
    length: int,
    offset: int,
    jurisdiction: str,
) -> None:
    start = START + timedelta(days=offset)
    end = start + timedelta(days=length - 1)
    currency = "GBP" if jurisdiction == "GB" else "USD"
    promise = Pay(Decimal("3000"), currency, PayBasis.MONTH)
    less = _period(str(paid), per, start, end, str(h), str(d), currency, promise)
    more = _period(str(paid + extra), per, start, end, str(h), str(d), currency, promise)
    assert _claim(more, jurisdiction=jurisdiction) <= _claim(less, jurisdiction=jurisdiction)


@settings(max_examples=150, deadline=None)
@given(paid=money, per=bases, h=hours, d=days, length=lengths, offset=st.integers(0, 900))
def test_a_claim_is_never_negative(
    paid: Decimal, per: PayBasis, h: Decimal, d: Decimal, length: int, offset: int
) -> None:
    start = START + timedelta(days=offset)
    period = _period(str(paid), per, start, start + timedelta(days=length - 1), str(h), str(d))
    claim = compute_claim(ClaimFacts("GB", (period,)))
    assert all(line.amount >= 0 for line in claim.lines)
    assert claim.total("GBP") >= 0


@settings(max_examples=150, deadline=None)
@given(
    paid=money,
    per=st.sampled_from([PayBasis.HOUR, PayBasis.DAY, PayBasis.WEEK, PayBasis.MONTH]),
    h=hours,
    d=days,
    length=lengths,
    cut=st.integers(1, 499),
    offset=st.integers(0, 900),
    jurisdiction=st.sampled_from(["GB", "US"]),
)
def test_splitting_a_period_in_two_gives_the_same_total(
    paid: Decimal,
    per: PayBasis,
    h: Decimal,
    d: Decimal,
    length: int,
    cut: int,
    offset: int,
    jurisdiction: str,
) -> None:
    cut = min(cut, length - 1)
    start = START + timedelta(days=offset)
    end = start + timedelta(days=length - 1)
    middle = start + timedelta(days=cut)
    currency = "GBP" if jurisdiction == "GB" else "USD"
    promise = Pay(Decimal("2500"), currency, PayBasis.MONTH)
    whole = _period(str(paid), per, start, end, str(h), str(d), currency, promise)
    first = _period(
        str(paid), per, start, middle - timedelta(days=1), str(h), str(d), currency, promise
    )
    second = _period(str(paid), per, middle, end, str(h), str(d), currency, promise)
    together = compute_claim(ClaimFacts(jurisdiction, (whole,)))
    apart = compute_claim(ClaimFacts(jurisdiction, (first, second)))
    # Lines are rounded to the cent one by one; the split adds at most three lines.
    tolerance = Decimal("0.005") * (len(together.lines) + len(apart.lines))
    assert abs(together.total(currency) - apart.total(currency)) <= tolerance
