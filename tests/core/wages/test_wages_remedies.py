"""Remedies: the forum, the deadline and what stops the clock, from dated law data."""

from __future__ import annotations

from datetime import date

import pytest

from needsfirst.wages.remedies import (
    Duration,
    RemedyErrorCode,
    RemedyInputError,
    StatusEffect,
    forums_of,
    remedy_facts_from_mapping,
    remedy_jurisdictions,
    remedy_options,
    reminder_days,
)

WAGE_JURISDICTIONS = ("AE", "DE", "ES", "FR", "GB", "IT", "MY", "NL", "QA", "SA", "TH", "US")


def advice(**raw):
    facts = remedy_facts_from_mapping(raw)
    return remedy_options(facts, forum=raw.get("forum"))


def test_the_twelve_wage_jurisdictions_all_have_forums():
    assert set(WAGE_JURISDICTIONS) <= set(remedy_jurisdictions())
    for code in WAGE_JURISDICTIONS:
        assert forums_of(code), code


def test_a_month_count_keeps_the_corresponding_day_and_clamps_at_the_month_end():
    assert Duration(months=3).after(date(2016, 6, 20)) == date(2016, 9, 20)
    assert Duration(months=3).after(date(2025, 11, 30)) == date(2026, 2, 28)
    assert Duration(years=1).after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_a_gb_tribunal_claim_runs_three_months_less_a_day_from_the_last_unpaid_day():
    result = advice(
        jurisdiction="GB",
        forum="employment-tribunal",
        first_unpaid="2016-03-20",
        last_unpaid="2016-06-20",
    )
    (tribunal,) = result.forums
    assert tribunal.deadline == date(2016, 9, 19)


def test_acas_early_conciliation_adds_the_days_it_took_as_in_luton_v_haque():
    # Luton Borough Council v Haque (EAT 2018): 20 June 2016, Day A 22 July, Day B 22 August:
    # 31 days not counted, limit 20 October (s.207B(3)); s.207B(4) does not move it further.
    result = advice(
        jurisdiction="GB",
        forum="employment-tribunal",
        first_unpaid="2016-06-20",
        last_unpaid="2016-06-20",
        events={"conciliation_started": "2016-07-22", "conciliation_ended": "2016-08-22"},
    )
    assert result.forums[0].deadline == date(2016, 10, 20)


def test_acas_early_conciliation_late_in_the_limit_gives_one_month_after_the_certificate():
    # 16 January 2014, Day A 11 April, Day B 11 May: s.207B(3) gives 15 May, which falls
    # within a month after Day B, so s.207B(4) gives 11 June 2014.
    result = advice(
        jurisdiction="GB",
        forum="employment-tribunal",
        first_unpaid="2014-01-16",
        last_unpaid="2014-01-16",
        events={"conciliation_started": "2014-04-11", "conciliation_ended": "2014-05-11"},
    )
    assert result.forums[0].deadline == date(2014, 6, 11)


def test_conciliation_started_after_the_limit_stops_nothing():
    result = advice(
        jurisdiction="GB",
        forum="employment-tribunal",
        first_unpaid="2016-06-20",
        last_unpaid="2016-06-20",
        events={"conciliation_started": "2016-10-01", "conciliation_ended": "2016-10-15"},
    )
    tribunal = result.forums[0]
    assert tribunal.deadline == date(2016, 9, 19)
    assert tribunal.expired(date(2016, 10, 16))
    assert any("stops nothing" in reason for reason in tribunal.reasons)


def test_an_open_conciliation_leaves_the_deadline_unknown_and_says_why():
    result = advice(
        jurisdiction="GB",
        forum="employment-tribunal",
        first_unpaid="2016-06-20",
        last_unpaid="2016-06-20",
        events={"conciliation_started": "2016-07-22"},
    )
    tribunal = result.forums[0]
    assert tribunal.deadline is None
    assert any("stopped since 2016-07-22" in reason for reason in tribunal.reasons)


def test_an_flsa_claim_has_two_years_or_three_for_a_willful_violation_per_pay_day():
    plain = advice(jurisdiction="US", first_unpaid="2024-01-05", last_unpaid="2024-06-28")
    willful = advice(
        jurisdiction="US", first_unpaid="2024-01-05", last_unpaid="2024-06-28", willful=True
    )
    assert (plain.forums[0].deadline, plain.forums[0].last_deadline) == (
        date(2026, 1, 5),
        date(2026, 6, 28),
    )
    assert willful.forums[0].deadline == date(2027, 1, 5)


def test_a_french_wage_claim_has_three_years_from_each_pay_day():
    result = advice(jurisdiction="FR", first_unpaid="2023-02-28", last_unpaid="2023-11-30")
    assert result.forums[0].deadline == date(2026, 2, 28)
    assert result.forums[0].source.verified


def test_a_spanish_conciliation_request_restarts_the_year_when_it_ends():
    result = advice(
        jurisdiction="ES",
        first_unpaid="2025-01-31",
        last_unpaid="2025-03-31",
        events={"conciliation_started": "2025-06-02", "conciliation_ended": "2025-06-20"},
    )
    assert result.forums[0].deadline == date(2026, 6, 20)


def test_a_german_claim_runs_from_the_end_of_the_year_and_pauses_six_months_after_conciliation():
    plain = advice(jurisdiction="DE", first_unpaid="2024-03-31", last_unpaid="2024-05-31")
    assert plain.forums[0].deadline == date(2027, 12, 31)
    paused = advice(
        jurisdiction="DE",
        first_unpaid="2024-03-31",
        last_unpaid="2024-05-31",
        events={"conciliation_started": "2025-01-10", "conciliation_ended": "2025-02-10"},
    )
    # paused from 10 January to 10 August 2025 (six months after the end): 212 days
    assert paused.forums[0].deadline == date(2028, 7, 30)


def test_a_gulf_claim_needs_the_end_of_the_employment_and_says_so():
    without = advice(jurisdiction="QA", first_unpaid="2025-01-31", last_unpaid="2025-04-30")
    assert without.forums[0].deadline is None
    assert "end of the employment" in without.forums[0].reasons[0]
    ended = advice(
        jurisdiction="QA",
        first_unpaid="2025-01-31",
        last_unpaid="2025-04-30",
        employment_ended="2025-05-15",
    )
    assert ended.forums[0].deadline == date(2026, 5, 15)
    assert not ended.forums[0].verified


@pytest.mark.parametrize(
    ("code", "effect"),
    [
        ("US", StatusEffect.NOT_A_BAR),
        ("FR", StatusEffect.NOT_A_BAR),
        ("GB", StatusEffect.UNCLEAR),
        ("QA", StatusEffect.UNCLEAR),
    ],
)
def test_the_immigration_status_ruling_comes_from_the_data(code, effect):
    result = advice(
        jurisdiction=code,
        first_unpaid="2025-01-31",
        last_unpaid="2025-02-28",
        employment_ended="2025-03-01",
        immigration_status="irregular",
    )
    forum = result.forums[0]
    assert forum.status_effect == effect
    assert forum.status_applies
    assert forum.status_note


def test_a_regular_status_makes_the_status_ruling_not_apply():
    result = advice(
        jurisdiction="GB",
        first_unpaid="2025-01-31",
        last_unpaid="2025-02-28",
        immigration_status="regular",
    )
    assert not result.forums[0].status_applies


def test_a_country_without_data_gets_no_forum_and_a_note():
    result = advice(jurisdiction="BR", first_unpaid="2025-01-31", last_unpaid="2025-02-28")
    assert result.forums == ()
    assert "No forums" in result.notes[0]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"first_unpaid": "2025-03-01", "last_unpaid": "2025-01-01"}, "last_unpaid"),
        (
            {
                "first_unpaid": "2025-03-01",
                "last_unpaid": "2025-03-01",
                "events": {"conciliation_started": "2025-01-01"},
            },
            "events.conciliation_started",
        ),
        (
            {
                "first_unpaid": "2025-03-01",
                "last_unpaid": "2025-03-01",
                "events": {
                    "conciliation_started": "2025-04-01",
                    "conciliation_ended": "2025-03-20",
                },
            },
            "events.conciliation_ended",
        ),
        (
            {
                "first_unpaid": "2025-03-01",
                "last_unpaid": "2025-03-01",
                "events": {"conciliation_ended": "2025-03-20"},
            },
            "events.conciliation_started",
        ),
        (
            {
                "first_unpaid": "2025-03-01",
                "last_unpaid": "2025-03-01",
                "events": {"hearing": "2025-03-20"},
            },
            "events.hearing",
        ),
        ({"first_unpaid": "yesterday", "last_unpaid": "2025-03-01"}, "first_unpaid"),
        ({"last_unpaid": "2025-03-01"}, "first_unpaid"),
        (
            {
                "first_unpaid": "2025-03-01",
                "last_unpaid": "2025-03-01",
                "immigration_status": "illegal",
            },
            "immigration_status",
        ),
    ],
)
def test_it_refuses_dates_in_an_impossible_order_naming_the_field(raw, field):
    with pytest.raises(RemedyInputError) as error:
        remedy_facts_from_mapping({"jurisdiction": "GB", **raw})
    assert error.value.field == field


def test_it_refuses_an_unknown_forum_naming_the_field():
    facts = remedy_facts_from_mapping(
        {"jurisdiction": "GB", "first_unpaid": "2025-01-31", "last_unpaid": "2025-01-31"}
    )
    with pytest.raises(RemedyInputError) as error:
        remedy_options(facts, forum="magistrates")
    assert error.value.field == "forum"
    # a stable code and its values, for the web layer to word in the reader's language
    assert error.value.code == RemedyErrorCode.UNKNOWN_FORUM
    assert error.value.params == {"forum": "magistrates", "country": "GB"}


def test_reminders_fall_thirty_fourteen_seven_and_one_day_before_the_deadline():
    assert reminder_days(date(2026, 3, 31)) == (
        date(2026, 3, 1),
        date(2026, 3, 17),
        date(2026, 3, 24),
        date(2026, 3, 30),
    )


def test_every_sentence_of_the_advice_is_a_marked_message():
    result = advice(
        jurisdiction="GB",
        first_unpaid="2016-06-20",
        last_unpaid="2016-06-20",
        events={"conciliation_started": "2016-07-22", "conciliation_ended": "2016-08-22"},
    )
    for reason in result.forums[0].reasons:
        assert reason.msgid
        assert reason.as_json()["msgid"]


def test_state_compensation_schemes_are_data_and_a_country_without_one_has_none():
    from needsfirst.wages.remedies import compensation_schemes

    (cica,) = compensation_schemes("GB")
    assert cica.name == "Criminal Injuries Compensation Scheme"
    assert cica.source.verified  # read through ATHub and ATLEU (see docs/remedies.md)
    assert compensation_schemes("QA") == ()
    assert compensation_schemes("BR") == ()
