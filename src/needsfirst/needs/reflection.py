"""Recovery and reflection periods: start, length from the jurisdiction's law on that day, end,
reminders. The period is never conditional on cooperation with the police: cooperation is a
separate record, carried beside the period and never read by the computation.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from needsfirst.i18n import _, ngettext, plural_text, text
from needsfirst.law import Dated, LawDataError, Source, Timeline, load_yaml, parse_date
from needsfirst.needs.errors import ErrorCode, NeedsInputError
from needsfirst.needs.jurisdictions import jurisdiction_data
from needsfirst.needs.model import Category

FILE = "reflection-period.yaml"
COE_FILE = "instruments/coe-convention-entitlements.yaml"
DEFAULT_REMINDER_DAYS = (14, 7, 1)


class PeriodKind(StrEnum):
    REFLECTION_PERIOD = "reflection_period"  # CoE Art. 13 / Dir. 2004/81 Art. 6 style
    SUPPORT_PERIOD = "support_period"  # a statutory period of support (UK nations)
    PERMIT = "permit"  # a residence permit used as the first protection (IT art. 18)
    TEMPORARY_STATUS = "temporary_status"  # a temporary status (US Continued Presence, CA TRP)


class LengthIs(StrEnum):
    AT_LEAST = "at_least"  # the law sets a minimum: the end date is the earliest it may end
    UP_TO = "up_to"  # the law sets a maximum: the end date is the latest it may end
    EXACTLY = "exactly"


class DecisionRule(StrEnum):
    """How a decision on the person's status moves the end of the period, where the law says."""

    NONE = "none"
    UNTIL_DECISION_IF_LATER = "until_decision_if_later"
    UNTIL_DECISION_IF_EARLIER = "until_decision_if_earlier"


class CooperationStatus(StrEnum):
    NOT_DISCUSSED = "not_discussed"
    UNDECIDED = "undecided"
    DECLINED = "declined"
    COOPERATING = "cooperating"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class CooperationRecord:
    """Whether the person cooperates with the police or prosecution: their choice, recorded apart.

    Nothing in the needs core reads it to decide a period, a need or an entitlement
    (CoE Art. 12(6); Directive 2011/36/EU Art. 11(3)).
    """

    status: CooperationStatus
    recorded_on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Length:
    days: int = 0
    months: int = 0

    def after(self, start: date) -> date:
        """The last day of a period of this length starting on `start` (start counts as day 1)."""
        month_index = start.month - 1 + self.months
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(days=self.days) - timedelta(days=1)

    def describe(self) -> str:
        """The length in words, one marked message (a `Text`: English str + msgid + params)."""
        months = plural_text(ngettext("%(n)d month", "%(n)d months"), self.months)
        days = plural_text(ngettext("%(n)d day", "%(n)d days"), self.days)
        if self.months and self.days:
            return text(_("%(months)s + %(days)s"), months=months, days=days)
        if self.months:
            return months
        return days if self.days else ""


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """The national rule in force on one day: what kind of period, how long, and its source."""

    kind: PeriodKind
    title: str
    length: Length
    length_is: LengthIs
    decision_rule: DecisionRule
    minimum_category: Category
    summary: str
    date_verified: bool
    renewable: bool
    # Who must ask for it under the STATE's law, where the law says ("law_enforcement" for US
    # Continued Presence): a fact about the law, shown as such, never a condition needsfirst sets.
    requested_by: str = ""

    @property
    def requested_by_law_enforcement(self) -> bool:
        return self.requested_by == "law_enforcement"


@dataclass(frozen=True, slots=True)
class ReflectionPeriod:
    jurisdiction: str
    variant: str
    starts_on: date
    last_day: date
    open_ended: bool  # runs on until a decision that has not been taken yet
    rule: PeriodRule
    effective_from: date
    source: Source
    reminders: tuple[date, ...]
    decision_on: date | None
    cooperation: CooperationRecord | None
    basis: str  # "national" or "coe-minimum"
    notes: tuple[str, ...]
    # needsfirst's computation never reads cooperation, so a stored period says it, too. Whether
    # the STATE's status depends on law enforcement is `rule.requested_by`, shown apart.
    conditional_on_cooperation: bool = False

    @property
    def length_days(self) -> int:
        return (self.last_day - self.starts_on).days + 1


def _positive_int(raw: object, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise LawDataError(f"{where}: a whole number of 0 or more is required")
    return raw


def _enum(kind: Any, raw: object, where: str) -> Any:
    try:
        return kind(raw)
    except ValueError:
        raise LawDataError(f"{where}: {raw!r} is not one of {[m.value for m in kind]}") from None


def parse_period_timeline(raw: Any, where: str) -> Timeline[PeriodRule]:
    """One variant's dated history of rules, validated; errors name the file and the field."""
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: a mapping is required")
    title = raw.get("title")
    if not isinstance(title, str) or not title:
        raise LawDataError(f"{where}.title: required")
    kind = _enum(PeriodKind, raw.get("kind"), f"{where}.kind")
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        raise LawDataError(f"{where}.entries: at least one dated entry is required")
    dated: list[Dated[PeriodRule]] = []
    for index, entry in enumerate(entries):
        at = f"{where}.entries[{index}]"
        length_raw = entry.get("length")
        if not isinstance(length_raw, Mapping):
            raise LawDataError(f"{at}.length: required (days and/or months)")
        length = Length(
            days=_positive_int(length_raw.get("days", 0), f"{at}.length.days"),
            months=_positive_int(length_raw.get("months", 0), f"{at}.length.months"),
        )
        if length.days == 0 and length.months == 0:
            raise LawDataError(f"{at}.length: must be longer than zero")
        summary = entry.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            raise LawDataError(f"{at}.summary: required")
        try:
            category = Category.from_key(str(entry.get("minimum_category", "presumed_victim")))
        except ValueError as error:
            raise LawDataError(f"{at}.minimum_category: {error}") from None
        rule = PeriodRule(
            kind=kind,
            title=title,
            length=length,
            length_is=_enum(LengthIs, entry.get("length_is"), f"{at}.length_is"),
            decision_rule=_enum(
                DecisionRule, entry.get("decision_rule", "none"), f"{at}.decision_rule"
            ),
            minimum_category=category,
            summary=summary.strip(),
            date_verified=bool(entry.get("date_verified", False)),
            renewable=bool(entry.get("renewable", False)),
            requested_by=str(entry.get("requested_by", "")),
        )
        dated.append(
            Dated(
                rule,
                parse_date(entry.get("effective_from"), f"{at}.effective_from"),
                Source.from_mapping(entry.get("source") or {}, f"{at}.source"),
            )
        )
    try:
        return Timeline(dated)
    except LawDataError as error:
        raise LawDataError(f"{where}: {error}") from None


def period_timelines(jurisdiction: str) -> dict[str, Timeline[PeriodRule]]:
    """Every variant of a jurisdiction's period ('default', and e.g. 'dublin' for NL)."""
    data = jurisdiction_data(jurisdiction, FILE)
    periods = data.content.get("periods")
    if not isinstance(periods, Mapping) or "default" not in periods:
        raise LawDataError(f"{data.file}: periods.default is required")
    return {
        str(name): parse_period_timeline(raw, f"{data.file}: periods.{name}")
        for name, raw in periods.items()
    }


def _coe_party_since(jurisdiction: str) -> tuple[date | None, Source | None]:
    data = jurisdiction_data(jurisdiction, "entitlements.yaml")
    coe = data.content.get("coe_convention")
    if not isinstance(coe, Mapping) or not coe.get("party"):
        return None, None
    where = f"{data.file}: coe_convention"
    return (
        parse_date(coe.get("in_force_from"), f"{where}.in_force_from"),
        Source.from_mapping(coe.get("source") or {}, f"{where}.source"),
    )


def coe_minimum() -> Dated[PeriodRule]:
    """CoE Convention Art. 13(1): at least 30 days, in force since 1 February 2008."""
    raw = load_yaml(COE_FILE)
    timeline = parse_period_timeline(raw.get("reflection_period"), f"{COE_FILE}: reflection_period")
    return timeline.entries[-1]


def _check_date(raw: object, field: str) -> date:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise NeedsInputError(field, _("must be a date (YYYY-MM-DD)"), ErrorCode.INVALID)


def _reminder_days(reminder_days: Sequence[int]) -> list[int]:
    days: list[int] = []
    for value in reminder_days:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise NeedsInputError("reminder_days", _("must be whole numbers of days above 0"))
        days.append(value)
    return days


def _rule_in_force(
    jurisdiction: str, variant: str, start: date
) -> tuple[Dated[PeriodRule], str, list[str]]:
    """The rule in force on `start`, its basis ("national" or "coe-minimum") and notes on it."""
    timelines = period_timelines(jurisdiction)
    if variant not in timelines:
        raise NeedsInputError(
            "variant",
            _("%(variant)s is not a period of %(code)s (known: %(known)s)")
            % {
                "variant": variant,
                "code": jurisdiction.upper(),
                "known": ", ".join(sorted(timelines)),
            },
            ErrorCode.NOT_FOUND,
        )
    entry = timelines[variant].at(start)
    notes: list[str] = []
    if entry is None and variant != "default":
        # A special rule (e.g. NL Dublin cases) not yet in force: the general rule governed.
        entry = timelines["default"].at(start)
        notes.append(_("The special rule was not yet in force; the general rule applies."))
    if entry is not None:
        return entry, "national", notes
    party_since, party_source = _coe_party_since(jurisdiction)
    if party_since is None or start < party_since:
        raise NeedsInputError(
            "starts_on",
            _("no %(code)s rule is recorded for %(day)s")
            % {"code": jurisdiction.upper(), "day": start.isoformat()},
            ErrorCode.NO_RULE_ON_DATE,
        )
    notes.append(
        _("The national rule for this date is not recorded; the Convention minimum applies.")
    )
    if party_source is not None and not party_source.verified:
        notes.append(_("The date this state became bound by the Convention is unverified."))
    return coe_minimum(), "coe-minimum", notes


def _last_day(rule: PeriodRule, start: date, decision: date | None) -> tuple[date, bool]:
    """The last day of the period and whether it is open-ended (until a decision to come)."""
    try:
        by_length = rule.length.after(start)
    except (OverflowError, ValueError):
        # A date holds the years 1 to 9999: a period cannot end after the last of them.
        raise NeedsInputError(
            "starts_on",
            _("is too far from today: the period cannot be computed"),
            ErrorCode.DATE_OUT_OF_RANGE,
        ) from None
    if rule.decision_rule is DecisionRule.UNTIL_DECISION_IF_LATER:
        if decision is None:
            return by_length, True
        return max(by_length, decision), False
    if rule.decision_rule is DecisionRule.UNTIL_DECISION_IF_EARLIER and decision is not None:
        return min(by_length, decision), False
    return by_length, False


def reflection_period_compute(
    *,
    jurisdiction: str,
    starts_on: date | str,
    variant: str = "default",
    decision_on: date | str | None = None,
    cooperation: CooperationRecord | None = None,
    reminder_days: Sequence[int] = DEFAULT_REMINDER_DAYS,
) -> ReflectionPeriod:
    """The period that starts on `starts_on` under the rule in force that day.

    The length and its source come from the jurisdiction's law data, dated; where the national
    rule is not encoded for that day but the state is bound by the CoE Convention, the Art. 13
    minimum of 30 days applies and the result says so. `decision_on` (a status decision) moves
    the end only where the national rule says so. `cooperation` is stored beside the result and
    changes nothing in it. Reminders fall `reminder_days` before the last day, never before the
    start.
    """
    start = _check_date(starts_on, "starts_on")
    decision = None if decision_on is None else _check_date(decision_on, "decision_on")
    if decision is not None and decision < start:
        raise NeedsInputError(
            "decision_on", _("must not be before starts_on"), ErrorCode.DATE_ORDER
        )
    if cooperation is not None and not isinstance(cooperation, CooperationRecord):
        raise NeedsInputError("cooperation", _("must be a cooperation record"))
    days = _reminder_days(reminder_days)
    entry, basis, notes = _rule_in_force(jurisdiction, variant, start)
    rule = entry.value
    last_day, open_ended = _last_day(rule, start, decision)
    if rule.requested_by_law_enforcement:
        # Honest about the state's rule (not a reflection period the person can claim), and
        # about ours: needsfirst's help never depends on cooperation.
        notes.append(
            _(
                "Under this law the status is requested by law enforcement for a victim who may "
                "be a witness; the person cannot ask for it. needsfirst's own help never depends "
                "on cooperation."
            )
        )
    if not entry.source.verified:
        notes.append(_("The length or source of this rule is unverified."))
    if not rule.date_verified and basis == "national":
        notes.append(_("The date this rule applies from is unverified."))
    # Only reminders on or after the start (so the subtraction never goes below the year 1).
    reminders = tuple(
        sorted({last_day - timedelta(days=d) for d in days if (last_day - start).days >= d})
    )
    return ReflectionPeriod(
        jurisdiction=jurisdiction.strip().upper(),
        variant=variant,
        starts_on=start,
        last_day=last_day,
        open_ended=open_ended,
        rule=rule,
        effective_from=entry.effective_from,
        source=entry.source,
        reminders=reminders,
        decision_on=decision,
        cooperation=cooperation,
        basis=basis,
        notes=tuple(notes),
    )
