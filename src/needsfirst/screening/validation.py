"""Checks a screening record before the engine reads it: never guess, reject with a reason.

Structure is checked against the published JSON Schema, compiled once by fastjsonschema
(plain jsonschema is about a hundred times slower, too slow for re-screening an archive;
a test checks that both agree). Meaning is checked here: real dates in a possible order,
ISO 3166 countries and ISO 4217 currencies (pycountry, so the code lists stay current).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import pycountry

from needsfirst.errors import InputError
from needsfirst.i18n import _
from needsfirst.screening.fastcheck import record_check

SCHEMA_RESOURCE = "screening-record.schema.json"

# (earlier, later, the reason when `dates.<later>` is before `dates.<earlier>`)
DATE_ORDER = (
    ("recruitment", "exploitation_start", _("Exploitation cannot start before recruitment.")),
    ("departure", "arrival", _("The arrival cannot be before the departure.")),
    ("exploitation_start", "exploitation_end", _("Exploitation cannot end before it started.")),
    ("recruitment", "departure", _("The departure cannot be before recruitment.")),
)


class ScreeningErrorCode(StrEnum):
    """Why the engine refused a record; `reason` says it in a sentence marked for translation."""

    INVALID = "invalid"


class ScreeningInputError(InputError):
    """A record the engine will not read; `field` names where, `reason` says why."""

    code: ScreeningErrorCode

    def __init__(
        self, field: str, reason: str, code: ScreeningErrorCode = ScreeningErrorCode.INVALID
    ) -> None:
        super().__init__(code, field, reason)


@cache
def record_schema() -> dict[str, Any]:
    """The published JSON Schema of a screening record (shipped inside the package)."""
    text = (
        resources.files("needsfirst.screening.schema")
        .joinpath(SCHEMA_RESOURCE)
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _compiled() -> Callable[[Any], Any]:
    # fastjsonschema edits the schema it compiles; give it a copy
    validator: Callable[[Any], Any] = fastjsonschema.compile(copy.deepcopy(record_schema()))
    return validator


@cache
def _indicator_ids() -> frozenset[str]:
    names: list[str] = record_schema()["properties"]["indicators"]["propertyNames"]["enum"]
    return frozenset(names)


@cache
def _currencies() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@cache
def _countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def _field_from(name: str) -> str:
    # fastjsonschema names fields like "data.person.age" or "data.indicators.D1.wages"
    return name[5:] if name.startswith("data.") else ("" if name == "data" else name)


def _parse_date(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ScreeningInputError(field, _("not a real calendar date")) from None


def _check_country(code: object, field: str) -> None:
    if code not in _countries():
        raise ScreeningInputError(field, _("not an ISO 3166-1 alpha-2 country code"))


def _check_currency(money: Mapping[str, Any] | None, field: str) -> None:
    if money is not None and money["currency"] not in _currencies():
        raise ScreeningInputError(f"{field}.currency", _("not an ISO 4217 currency code"))


def validate_record(record: object) -> dict[str, Any]:
    """Return the record if the engine may read it; otherwise raise ScreeningInputError."""
    if type(record) is dict and record_check()(record):
        # certainly valid for the schema (see fastcheck); only the meaning is left to check
        _check_meaning(record)
        return record
    if not isinstance(record, dict):
        raise ScreeningInputError("", _("a screening record must be a JSON object"))
    indicators = record.get("indicators")
    if isinstance(indicators, dict):
        known = _indicator_ids()
        for ident in indicators:
            if ident not in known:
                raise ScreeningInputError(f"indicators.{ident}", _("unknown indicator id"))
    try:
        _compiled()(record)
    except fastjsonschema.JsonSchemaValueException as error:
        field = _field_from(str(error.name))
        message = str(error.message)
        reason = (
            message[len(str(error.name)) + 1 :] if message.startswith(str(error.name)) else message
        )
        raise ScreeningInputError(field, reason) from None
    _check_meaning(record)
    return record


def _check_meaning(record: Mapping[str, Any]) -> None:
    as_of = _parse_date(record["as_of"], "as_of")
    if record.get("jurisdiction", "unknown") != "unknown":
        _check_country(record["jurisdiction"], "jurisdiction")
    _check_supplied_law(record.get("law") or {})
    person = record.get("person") or {}
    for index, code in enumerate(person.get("citizenship", ())):
        _check_country(code, f"person.citizenship.{index}")
    for index, code in enumerate(person.get("permanent_resident_of", ())):
        _check_country(code, f"person.permanent_resident_of.{index}")
    movement = record.get("movement") or {}
    for key in ("origin_country", "destination_country"):
        if key in movement:
            _check_country(movement[key], f"movement.{key}")
    _check_currency(movement.get("amount_paid"), "movement.amount_paid")

    birth: date | None = None
    if "birthdate" in person:
        birth = _parse_date(person["birthdate"], "person.birthdate")
        if birth > as_of:
            raise ScreeningInputError(
                "person.birthdate", _("The birth date is after the date of the screening.")
            )
        if "age" in person:
            years = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
            if years != person["age"]:
                raise ScreeningInputError("person.age", _("The age does not match the birth date."))
    dates = record.get("dates") or {}
    parsed = {key: _parse_date(value, f"dates.{key}") for key, value in dates.items()}
    for key, value in parsed.items():
        if birth is not None and value < birth:
            raise ScreeningInputError(f"dates.{key}", _("This date is before the birth date."))
        if value > as_of:
            raise ScreeningInputError(
                f"dates.{key}", _("This date is after the date of the screening.")
            )
    for earlier, later, reason in DATE_ORDER:
        if earlier in parsed and later in parsed and parsed[later] < parsed[earlier]:
            raise ScreeningInputError(f"dates.{later}", reason)
    if (
        "age_when_trafficked" in person
        and "age" in person
        and person["age_when_trafficked"] > person["age"]
    ):
        raise ScreeningInputError(
            "person.age_when_trafficked",
            _("The age when trafficked is greater than the person's age."),
        )

    work = record.get("work") or {}
    for key in ("wage_promised", "wage_paid", "deductions", "recruitment_fees"):
        _check_currency(work.get(key), f"work.{key}")
    debt = work.get("debt") or {}
    _check_currency(debt.get("amount"), "work.debt.amount")
    deductions = work.get("deductions")
    paid = work.get("wage_paid")
    # deductions known without the pay received (costs charged to the worker, Arriaga v
    # Florida Pacific Farms) are a fact of their own: kept, and the net pay is not computed
    if (
        deductions is not None
        and paid is not None
        and (deductions["currency"], deductions["period"]) != (paid["currency"], paid["period"])
    ):
        raise ScreeningInputError(
            "work.deductions",
            _(
                "Deductions must be in the currency of the pay received, "
                "for the same period (hour, day, week or month)."
            ),
        )
    if (
        "days_per_week" in work
        and "weekly_rest_days" in work
        and work["days_per_week"] + work["weekly_rest_days"] > 7
    ):
        raise ScreeningInputError(
            "work.weekly_rest_days",
            _("Days worked and rest days add up to more than seven a week."),
        )
    if (
        "hours_per_week" in work
        and "hours_per_day" in work
        and "days_per_week" in work
        and abs(work["hours_per_day"] * work["days_per_week"] - work["hours_per_week"]) > 1
    ):
        raise ScreeningInputError(
            "work.hours_per_week",
            _("Hours per week do not match hours per day times days per week."),
        )
    decision = record.get("formal_decision")
    if decision and "decided_on" in decision:
        _parse_date(decision["decided_on"], "formal_decision.decided_on")


def _check_supplied_law(law: Mapping[str, Any]) -> None:
    """A supplied legal value is used only with its source, and never a minimum of zero."""
    for key in ("minimum_wage", "working_time"):
        value = law.get(key)
        if value is None:
            continue
        source = value.get("source") or {}
        if not str(source.get("title", "")).strip():
            raise ScreeningInputError(
                f"law.{key}.source",
                _("A legal value supplied with the record needs its source (title of the law)."),
            )
    minimum = law.get("minimum_wage")
    if minimum is not None:
        _check_currency(minimum, "law.minimum_wage")
        if minimum["amount"] <= 0:
            raise ScreeningInputError(
                "law.minimum_wage.amount", _("A legal minimum wage must be greater than zero.")
            )
    limits = law.get("working_time")
    if limits is not None and limits["max_hours_per_week"] <= 0:
        raise ScreeningInputError(
            "law.working_time.max_hours_per_week",
            _("A maximum of working hours must be greater than zero."),
        )
