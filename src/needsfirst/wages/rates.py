"""Minimum wages and working-time limits as dated law data, per jurisdiction and sector.

Data files: `law/data/jurisdictions/<ISO alpha-2>/minimum-wage.yaml` and `working-time.yaml`.
Each file is parsed once; a lookup is a dict access and a bisect, because the screening engine
asks for every record of a million-record batch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

from needsfirst.i18n import _, text
from needsfirst.law import Dated, LawDataError, Source, Timeline, list_data, load, parse_date
from needsfirst.law.jurisdictions import table_key
from needsfirst.wages.errors import AmountError
from needsfirst.wages.money import check_currency, parse_amount

GENERAL = "general"
FALLBACK_BASIS = "ilostat-fallback"
FALLBACK_FILE = "fallback/ilostat-minimum-wage.yaml"
# ILOSTAT gives a monthly figure without the hours it pays for; the fallback converts it with the
# ILO's 40-hour week (C047), an assumption stated on every fallback value.
FALLBACK_HOURS_PER_DAY = Decimal(8)
FALLBACK_DAYS_PER_WEEK = Decimal(5)
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
_SECTOR = re.compile(r"^[a-z][a-z0-9-]*$")


class PayPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class MinimumWage:
    """A statutory minimum rate in force from `effective_from` for one sector.

    A rate per day, week or month pays for the standard hours the law ties it to
    (`standard_hours_per_day` x `standard_days_per_week`); `hourly()` converts it with them.
    """

    amount: Decimal
    currency: str
    period: PayPeriod
    effective_from: date
    sector: str
    source: Source
    standard_hours_per_day: Decimal | None = None
    standard_days_per_week: Decimal | None = None
    note: str = ""
    basis: str = "statute"  # "statute", "collective-agreement" or "ilostat-fallback"

    @property
    def is_fallback(self) -> bool:
        """True for ILOSTAT's figure used where we hold no table: never a checked legal value."""
        return self.basis == FALLBACK_BASIS

    def hourly(self) -> Decimal:
        """The rate per hour: the amount divided by the hours it pays for (month = 52/12 weeks)."""
        if self.period is PayPeriod.HOUR:
            return self.amount
        if self.standard_hours_per_day is None or self.standard_days_per_week is None:
            raise LawDataError(f"minimum wage {self.sector} from {self.effective_from}: no hours")
        return per_hour(
            self.amount, self.period, self.standard_hours_per_day, self.standard_days_per_week
        )


@dataclass(frozen=True)
class NoStatutoryMinimum:
    """The law of the jurisdiction sets no minimum wage for this sector from `effective_from`."""

    effective_from: date
    sector: str
    source: Source
    note: str = ""


class FloorKind(StrEnum):
    STATUTORY = "statutory"
    COLLECTIVE_AGREEMENT = "collective-agreement"
    NONE = "no-statutory-minimum"
    # ILOSTAT's latest figure for a country without a table of its own: unverified, marked
    FALLBACK = "ilostat-fallback"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MinimumWageFinding:
    """What the law data says about a wage floor: a rate, explicitly none, or unknown."""

    kind: FloorKind
    jurisdiction: str
    sector: str
    on: date
    wage: MinimumWage | None
    explanation: str
    source: Source | None


@dataclass(frozen=True)
class OvertimeRule:
    """Hours beyond a threshold are paid at `rate_multiplier` times the ordinary hourly rate."""

    rate_multiplier: Decimal
    threshold_hours_per_week: Decimal | None
    threshold_hours_per_day: Decimal | None
    effective_from: date
    source: Source
    exempt_sectors: frozenset[str] = frozenset()
    note: str = ""

    def overtime_hours_per_week(self, hours_per_day: Decimal, days_per_week: Decimal) -> Decimal:
        """Hours in an average week beyond the daily or the weekly threshold, whichever is more."""
        weekly = hours_per_day * days_per_week
        beyond_week = (
            max(Decimal(0), weekly - self.threshold_hours_per_week)
            if self.threshold_hours_per_week is not None
            else Decimal(0)
        )
        beyond_day = (
            max(Decimal(0), hours_per_day - self.threshold_hours_per_day) * days_per_week
            if self.threshold_hours_per_day is not None
            else Decimal(0)
        )
        return max(beyond_week, beyond_day)


@dataclass(frozen=True)
class WorkingTimeLimits:
    """Statutory ceiling on average weekly hours and floor on weekly rest."""

    max_hours_per_week: Decimal
    min_weekly_rest_hours: Decimal
    effective_from: date
    source: Source
    max_hours_per_day: Decimal | None = None
    reference_period_weeks: int | None = None
    note: str = ""


@dataclass(frozen=True)
class _WorkingTimeEntry:
    limits: WorkingTimeLimits | None
    overtime: OvertimeRule | None
    no_limit_note: str


def per_hour(
    amount: Decimal, period: PayPeriod, hours_per_day: Decimal, days_per_week: Decimal
) -> Decimal:
    """Pay per hour from pay per `period`; a month is 52/12 weeks (the convention of ILOSTAT
    and of the French and German payroll formulas), so 12 months make exactly 52 weeks."""
    if hours_per_day <= 0:
        raise ValueError("hours_per_day must be greater than zero")
    if period is PayPeriod.HOUR:
        return amount
    if period is PayPeriod.DAY:
        return amount / hours_per_day
    if days_per_week <= 0:
        raise ValueError("days_per_week must be greater than zero")
    if period is PayPeriod.WEEK:
        return amount / (hours_per_day * days_per_week)
    return (amount * 12) / (hours_per_day * days_per_week * 52)


# --- loading ---------------------------------------------------------------------------------


def _source(raw: Any, where: str) -> Source:
    return Source.from_mapping(raw, where)


def _decimal(raw: Any, where: str) -> Decimal:
    try:
        return parse_amount(raw, where)
    except AmountError as error:
        raise LawDataError(str(error)) from error


def _optional_decimal(raw: Any, where: str) -> Decimal | None:
    return None if raw is None else _decimal(raw, where)


def _period(raw: Any, where: str) -> PayPeriod:
    try:
        return PayPeriod(raw)
    except ValueError as error:
        raise LawDataError(f"{where}: period must be hour, day, week or month") from error


def _spread_payments(
    payments: Any, amount: Decimal, period: PayPeriod, note: str, where: str
) -> tuple[Decimal, str]:
    """The comparable monthly amount when the law states more than twelve payments a year.

    Spain's SMI is stated as 14 monthly payments a year; the comparable monthly amount spreads
    the two extra payments over twelve months."""
    if payments is None:
        return amount, note
    if period is not PayPeriod.MONTH or not isinstance(payments, int) or payments < 12:
        raise LawDataError(f"{where}.payments_per_year: an integer >= 12, monthly rates only")
    spread = amount * payments / 12
    return spread, f"{note} Legal figure {amount} x {payments} payments a year / 12.".strip()


def _standard_hours(
    hours: Mapping[str, Any], period: PayPeriod, where: str
) -> tuple[Decimal | None, Decimal | None]:
    """(hours per day, days per week) that turn a rate per day, week or month into hours."""
    per_day = _optional_decimal(hours.get("per_day"), f"{where}.standard_hours.per_day")
    days = _optional_decimal(hours.get("days_per_week"), f"{where}.standard_hours.days_per_week")
    if period is not PayPeriod.HOUR and (not per_day or (period is not PayPeriod.DAY and not days)):
        raise LawDataError(
            f"{where}.standard_hours: a rate per {period} needs per_day and days_per_week"
        )
    if period is PayPeriod.DAY and days is None:
        days = Decimal(6)
    return per_day, days


def _minimum_wage_entry(
    raw: Mapping[str, Any], sector: str, currency: str, where: str
) -> Dated[MinimumWage | NoStatutoryMinimum]:
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: an entry must be a mapping")
    start = parse_date(raw.get("effective_from"), f"{where}.effective_from")
    source = _source(raw.get("source"), f"{where}.source")
    note = str(raw.get("note", "")).strip()
    status = raw.get("status", "rate")
    if status == "no-statutory-minimum":
        return Dated(NoStatutoryMinimum(start, sector, source, note), start, source)
    if status != "rate":
        raise LawDataError(f"{where}.status: must be 'rate' or 'no-statutory-minimum'")
    amount = _decimal(raw.get("amount"), f"{where}.amount")
    if amount == 0:
        raise LawDataError(f"{where}.amount: a rate of zero; use status: no-statutory-minimum")
    period = _period(raw.get("period"), f"{where}.period")
    entry_currency = raw.get("currency", currency)
    try:
        check_currency(entry_currency, f"{where}.currency")
    except AmountError as error:
        raise LawDataError(str(error)) from error
    amount, note = _spread_payments(raw.get("payments_per_year"), amount, period, note, where)
    per_day, days = _standard_hours(raw.get("standard_hours") or {}, period, where)
    basis = raw.get("basis", "statute")
    if basis not in ("statute", "collective-agreement"):
        raise LawDataError(f"{where}.basis: must be 'statute' or 'collective-agreement'")
    wage = MinimumWage(
        basis=str(basis),
        amount=amount,
        currency=str(entry_currency),
        period=period,
        effective_from=start,
        sector=sector,
        source=source,
        standard_hours_per_day=per_day,
        standard_days_per_week=days,
        note=note,
    )
    return Dated(wage, start, source)


@dataclass(frozen=True)
class _MinimumWageTable:
    jurisdiction: str
    currency: str
    sectors: Mapping[str, Timeline[MinimumWage | NoStatutoryMinimum]]
    scope_note: str


@cache
def _available(kind: str) -> frozenset[str]:
    return frozenset(name.split("/")[1] for name in list_data("jurisdictions", f"*/{kind}.yaml"))


def _jurisdiction_key(jurisdiction: str) -> str:
    return jurisdiction.strip().upper()


@cache
def _minimum_wage_table(jurisdiction: str) -> _MinimumWageTable | None:
    # The law package resolves regions: GB-SCT reads the UK-wide GB table.
    code = table_key(jurisdiction, "minimum-wage")
    if code is None:
        return None
    where = f"jurisdictions/{code}/minimum-wage.yaml"
    raw = load(where)
    if not isinstance(raw, Mapping) or raw.get("jurisdiction") != code:
        raise LawDataError(f"{where}: jurisdiction must be {code}")
    currency = raw.get("currency")
    try:
        check_currency(currency, f"{where}.currency")
    except AmountError as error:
        raise LawDataError(str(error)) from error
    sectors_raw = raw.get("sectors")
    if not isinstance(sectors_raw, Mapping) or GENERAL not in sectors_raw:
        raise LawDataError(f"{where}: sectors must include '{GENERAL}'")
    sectors: dict[str, Timeline[MinimumWage | NoStatutoryMinimum]] = {}
    for sector, entries in sectors_raw.items():
        if not isinstance(sector, str) or not _SECTOR.match(sector):
            raise LawDataError(f"{where}: sector {sector!r} must be lower-case words and dashes")
        if not isinstance(entries, list) or not entries:
            raise LawDataError(f"{where}.sectors.{sector}: a list of dated entries is required")
        try:
            sectors[sector] = Timeline(
                _minimum_wage_entry(entry, sector, str(currency), f"{where}.{sector}[{index}]")
                for index, entry in enumerate(entries)
            )
        except LawDataError as error:
            raise LawDataError(f"{where}.{sector}: {error}") from error
    return _MinimumWageTable(code, str(currency), sectors, str(raw.get("scope", "")).strip())


def _floor_entry(
    code: str, on: date, sector: str
) -> tuple[_MinimumWageTable | None, Dated[MinimumWage | NoStatutoryMinimum] | None]:
    table = _minimum_wage_table(code)
    if table is None:
        return None, None
    own = table.sectors.get(sector)
    entry = own.at(on) if own is not None else None
    if entry is None and sector != GENERAL:
        entry = table.sectors[GENERAL].at(on)
    return table, entry


def minimum_wage(
    jurisdiction: str, on: date, sector: str = GENERAL, *, fallback: bool = False
) -> MinimumWage | None:
    """The statutory minimum wage in force on `on`, or None when no rate is in force.

    A sector without a rate of its own falls back to the general rate; a sector the law
    explicitly leaves without a minimum (e.g. domestic workers in Malaysia) gives None.
    `minimum_wage_finding` tells "no legal minimum" apart from "no data". With `fallback=True`,
    a country without a table gets ILOSTAT's figure, marked (`is_fallback`, an unverified source
    with `fallback`), from the year ILOSTAT reports; a caller that takes it must show it as a
    fallback, never as the law.
    """
    table, entry = _floor_entry(_jurisdiction_key(jurisdiction), on, sector)
    if entry is None and fallback and table is None:
        backup = minimum_wage_fallback(jurisdiction)
        return backup if backup is not None and on >= backup.effective_from else None
    if entry is None:
        return None
    value = entry.value
    return value if isinstance(value, MinimumWage) else None


@cache
def minimum_wage_fallback(jurisdiction: str) -> MinimumWage | None:
    """ILOSTAT's latest monthly minimum for a country WITHOUT a table of its own, marked as such.

    Never a checked legal value: its source is unverified and `fallback`, its basis
    `ilostat-fallback`, and its note says the year reported and the assumed 40-hour week. Returns
    None for a country we hold a table for (the table decides, even when it says "no minimum"),
    for rows the snapshot flags as doubtful, and where ILOSTAT reports no figure.
    """
    code = _jurisdiction_key(jurisdiction)
    country = code.split("-", 1)[0]
    if len(country) != 2 or table_key(code, "minimum-wage") is not None:
        return None
    data = load(FALLBACK_FILE)
    row = data["countries"].get(country)
    if row is None or row.get("flagged"):
        return None
    source = Source.from_mapping(data["source"], FALLBACK_FILE)
    year = int(row["year"])
    return MinimumWage(
        amount=_decimal(row["amount"], f"{FALLBACK_FILE}: {country}.amount"),
        currency=str(row["currency"]),
        period=PayPeriod.MONTH,
        effective_from=date(year, 1, 1),
        sector=GENERAL,
        source=source,
        standard_hours_per_day=FALLBACK_HOURS_PER_DAY,
        standard_days_per_week=FALLBACK_DAYS_PER_WEEK,
        note=text(
            _(
                "ILOSTAT fallback, not a checked legal value: the monthly figure reported for "
                "%(year)s, converted at 40 hours a week; the national rate, sector rates and "
                "dates are not known here."
            ),
            year=year,
        ),
        basis=FALLBACK_BASIS,
    )


def minimum_wage_finding(
    jurisdiction: str, on: date, sector: str = GENERAL, *, fallback: bool = True
) -> MinimumWageFinding:
    """The wage floor with an explanation: a statutory rate, explicitly none, ILOSTAT's figure as
    a marked fallback (a country without a table; `fallback=False` leaves it out), or unknown."""
    code = _jurisdiction_key(jurisdiction)
    table, entry = _floor_entry(code, on, sector)
    backup = minimum_wage_fallback(code) if fallback and table is None else None
    if entry is None and backup is not None and on >= backup.effective_from:
        return MinimumWageFinding(
            FloorKind.FALLBACK,
            code,
            sector,
            on,
            backup,
            _(
                "No table for this jurisdiction: ILOSTAT's latest figure is shown as an "
                "unverified fallback, not as the law."
            ),
            backup.source,
        )
    if entry is None:
        reason = (
            _("No minimum wage data for this jurisdiction.")
            if table is None
            else _("No minimum wage data for this date.")
        )
        return MinimumWageFinding(FloorKind.UNKNOWN, code, sector, on, None, reason, None)
    value = entry.value
    if isinstance(value, NoStatutoryMinimum):
        text = _("The law sets no statutory minimum wage here.")
        if value.note:
            text = f"{text} {value.note}"
        return MinimumWageFinding(FloorKind.NONE, code, sector, on, None, text, value.source)
    if value.basis == "collective-agreement":
        kind = FloorKind.COLLECTIVE_AGREEMENT
        text = _("No statutory minimum; this is the lowest rate of a collective agreement.")
    else:
        kind = FloorKind.STATUTORY
        text = _("Statutory minimum wage in force on this date.")
    if value.sector != sector:
        text = f"{text} " + _("The sector has no rate of its own; the general rate applies.")
    return MinimumWageFinding(kind, code, sector, on, value, text, value.source)


def minimum_wage_changes(jurisdiction: str, sector: str = GENERAL) -> tuple[date, ...]:
    """Every date on which the floor for `sector` (or the general floor it falls back to)
    changed; a claim splits its periods at these dates."""
    table = _minimum_wage_table(_jurisdiction_key(jurisdiction))
    if table is None:
        return ()
    starts = {entry.effective_from for entry in table.sectors[GENERAL].entries}
    own = table.sectors.get(sector)
    if own is not None:
        starts.update(entry.effective_from for entry in own.entries)
    return tuple(sorted(starts))


def minimum_wage_history(
    jurisdiction: str, sector: str = GENERAL
) -> tuple[Dated[MinimumWage | NoStatutoryMinimum], ...]:
    """The dated entries of one sector as they stand in the data file."""
    table = _minimum_wage_table(_jurisdiction_key(jurisdiction))
    if table is None or sector not in table.sectors:
        return ()
    return table.sectors[sector].entries


def jurisdictions_with_minimum_wage_data() -> tuple[str, ...]:
    return tuple(sorted(_available("minimum-wage")))


def minimum_wage_sectors(jurisdiction: str) -> tuple[str, ...]:
    table = _minimum_wage_table(_jurisdiction_key(jurisdiction))
    return tuple(sorted(table.sectors)) if table is not None else ()


def minimum_wage_scope(jurisdiction: str) -> str:
    """What the file covers and leaves out (e.g. 'US state and city rates are not modelled')."""
    table = _minimum_wage_table(_jurisdiction_key(jurisdiction))
    return table.scope_note if table is not None else ""


# --- working time ----------------------------------------------------------------------------


def _overtime(raw: Any, start: date, where: str) -> OvertimeRule | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: overtime must be a mapping")
    weekly = _optional_decimal(raw.get("threshold_hours_per_week"), f"{where}.threshold_week")
    daily = _optional_decimal(raw.get("threshold_hours_per_day"), f"{where}.threshold_day")
    if weekly is None and daily is None:
        raise LawDataError(f"{where}: a daily or a weekly threshold is required")
    multiplier = _decimal(raw.get("rate_multiplier"), f"{where}.rate_multiplier")
    if multiplier < 1:
        raise LawDataError(f"{where}.rate_multiplier: must be at least 1")
    exempt = raw.get("exempt_sectors", [])
    if not isinstance(exempt, list) or not all(isinstance(item, str) for item in exempt):
        raise LawDataError(f"{where}.exempt_sectors: a list of sector names")
    return OvertimeRule(
        rate_multiplier=multiplier,
        threshold_hours_per_week=weekly,
        threshold_hours_per_day=daily,
        effective_from=start,
        source=_source(raw.get("source"), f"{where}.source"),
        exempt_sectors=frozenset(exempt),
        note=" ".join(str(raw.get("note", "")).split()),
    )


def _working_time_entry(raw: Any, where: str) -> Dated[_WorkingTimeEntry]:
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: an entry must be a mapping")
    start = parse_date(raw.get("effective_from"), f"{where}.effective_from")
    source = _source(raw.get("source"), f"{where}.source")
    note = str(raw.get("note", "")).strip()
    overtime = _overtime(raw.get("overtime"), start, f"{where}.overtime")
    status = raw.get("status", "limit")
    if status == "no-statutory-limit":
        return Dated(_WorkingTimeEntry(None, overtime, note), start, source)
    if status != "limit":
        raise LawDataError(f"{where}.status: must be 'limit' or 'no-statutory-limit'")
    reference = raw.get("reference_period_weeks")
    if reference is not None and (not isinstance(reference, int) or reference < 1):
        raise LawDataError(f"{where}.reference_period_weeks: a positive integer")
    limits = WorkingTimeLimits(
        max_hours_per_week=_decimal(raw.get("max_hours_per_week"), f"{where}.max_hours_per_week"),
        min_weekly_rest_hours=_decimal(
            raw.get("min_weekly_rest_hours"), f"{where}.min_weekly_rest_hours"
        ),
        effective_from=start,
        source=source,
        max_hours_per_day=_optional_decimal(
            raw.get("max_hours_per_day"), f"{where}.max_hours_per_day"
        ),
        reference_period_weeks=reference,
        note=note,
    )
    return Dated(_WorkingTimeEntry(limits, overtime, ""), start, source)


@cache
def _working_time_table(jurisdiction: str) -> Timeline[_WorkingTimeEntry] | None:
    code = table_key(jurisdiction, "working-time")
    if code is None:
        return None
    where = f"jurisdictions/{code}/working-time.yaml"
    raw = load(where)
    if not isinstance(raw, Mapping) or raw.get("jurisdiction") != code:
        raise LawDataError(f"{where}: jurisdiction must be {code}")
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        raise LawDataError(f"{where}: entries must be a non-empty list")
    return Timeline(
        _working_time_entry(entry, f"{where}.entries[{index}]")
        for index, entry in enumerate(entries)
    )


def _working_time_at(jurisdiction: str, on: date) -> Dated[_WorkingTimeEntry] | None:
    table = _working_time_table(_jurisdiction_key(jurisdiction))
    return table.at(on) if table is not None else None


def working_time_limits(jurisdiction: str, on: date) -> WorkingTimeLimits | None:
    """The statutory limits in force on `on`; None when there is no statutory limit or no data
    (`working_time_has_no_limit` tells the two apart)."""
    entry = _working_time_at(jurisdiction, on)
    return entry.value.limits if entry is not None else None


def working_time_has_no_limit(jurisdiction: str, on: date) -> bool:
    """True when the data says the law sets no ceiling on weekly hours (e.g. US federal law)."""
    entry = _working_time_at(jurisdiction, on)
    return entry is not None and entry.value.limits is None


def overtime_rule(jurisdiction: str, on: date) -> OvertimeRule | None:
    """The statutory overtime premium in force on `on`, or None where the data gives none."""
    entry = _working_time_at(jurisdiction, on)
    return entry.value.overtime if entry is not None else None


def working_time_changes(jurisdiction: str) -> tuple[date, ...]:
    table = _working_time_table(_jurisdiction_key(jurisdiction))
    return tuple(entry.effective_from for entry in table.entries) if table is not None else ()


@cache
def claim_sectors() -> tuple[str, ...]:
    """Every sector the wage data names: a minimum-wage sector of some jurisdiction, or a
    sector some overtime rule exempts. A claim's sector is one of these (`general` first)."""
    found: set[str] = set()
    for code in _available("minimum-wage"):
        found.update(minimum_wage_sectors(code))
    for code in _available("working-time"):
        table = _working_time_table(code)
        for entry in table.entries if table is not None else ():
            if entry.value.overtime is not None:
                found.update(entry.value.overtime.exempt_sectors)
    return (GENERAL, *sorted(found - {GENERAL}))
