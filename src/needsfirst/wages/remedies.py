"""Remedies for a wage or fee claim: which forum, by when, what stops the clock, and whether
immigration status bars the claim.

The law is data (`law/data/jurisdictions/<ISO>/remedies.yaml`): each forum has dated entries
with a time limit, the day it runs from, the events that stop or restart the clock, and a ruling
on immigration status, each with its source and whether it was verified. `remedy_options` is a
pure function of those entries and the dated facts of one claim; it never reads the clock.

Months are counted by the corresponding-date rule; where the corresponding day does not exist
(31 May + 3 months) the last day of the month is taken, and a period "beginning with" a day ends
the day before. The result is the earliest date a careful reader would accept: a caseworker
files before it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from needsfirst.errors import InputError
from needsfirst.i18n import Text, _, ngettext, plural_text, text
from needsfirst.law import LawDataError, Source
from needsfirst.law.dated import parse_date
from needsfirst.law.loader import data_path, load_yaml

REMEDIES_FILE = "jurisdictions/{code}/remedies.yaml"


class RemedyErrorCode(StrEnum):
    """Why remedy input was refused: a stable code the web layer words in the reader's language
    (`reason` is the English for the command line and logs)."""

    NOT_A_DATE = "not_a_date"
    DATE_REQUIRED = "date_required"
    OBJECT_REQUIRED = "object_required"
    UNKNOWN_EVENT = "unknown_event"
    COUNTRY_CODE_REQUIRED = "country_code_required"
    UNKNOWN_IMMIGRATION_STATUS = "unknown_immigration_status"
    BEFORE_FIRST_UNPAID = "before_first_unpaid"
    START_REQUIRED_WITH_END = "start_required_with_end"
    END_BEFORE_START = "end_before_start"
    UNKNOWN_FORUM = "unknown_forum"
    CRIME_ENDED_AFTER_DAY_ASKED = "crime_ended_after_day_asked"
    TRUE_FALSE_OR_NULL = "true_false_or_null"


class RemedyInputError(InputError):
    """Bad remedy input: `field` names the offending value, e.g. `events.conciliation_ended`;
    `code` says why and `params` holds the values its wording names (the web layer words it
    from the code: `web.common.errors`); `reason` is the English, for logs and the command line."""

    def __init__(self, field: str, reason: str, *, code: RemedyErrorCode, **params: str) -> None:
        super().__init__(code, field, reason, params)


class RunsFrom(StrEnum):
    LAST_PAYMENT = "last-payment"  # a series of deductions: from the last one
    EACH_PAYMENT = "each-payment"  # each pay day has its own limit
    EACH_PAYMENT_YEAR_END = "each-payment-year-end"  # from the end of the pay day's year
    END_OF_EMPLOYMENT = "end-of-employment"


class StatusEffect(StrEnum):
    NOT_A_BAR = "not-a-bar"
    BAR = "bar"
    UNCLEAR = "unclear"


class ImmigrationStatus(StrEnum):
    REGULAR = "regular"
    IRREGULAR = "irregular"
    UNKNOWN = "unknown"


EVENTS = ("conciliation_started", "conciliation_ended", "claim_filed")
CLOCK_RULES = ("pause-then-extend", "pause", "interrupt")
COUNTINGS = ("after", "beginning-with")


@dataclass(frozen=True, slots=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0

    def after(self, start: date) -> date:
        """The corresponding date `years`/`months` later (month ends clamp), plus `days`."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(days=self.days)

    def describe(self) -> Text:
        if self.years:
            return plural_text(ngettext("%(n)s year", "%(n)s years"), self.years)
        if self.months:
            return plural_text(ngettext("%(n)s month", "%(n)s months"), self.months)
        return plural_text(ngettext("%(n)s day", "%(n)s days"), self.days)


@dataclass(frozen=True, slots=True)
class ClockRule:
    rule: str
    start: str
    end: str = ""
    extend: Duration | None = None
    resume_after: Duration | None = None
    summary: str = ""
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class StatusRuling:
    effect: StatusEffect
    note: str
    source: Source


@dataclass(frozen=True, slots=True)
class ForumRule:
    """One forum as the law stood from `effective_from`."""

    forum: str
    name: str
    kind: str
    effective_from: date
    heads: tuple[str, ...]
    limit: Duration
    counting: str
    runs_from: RunsFrom
    clock: tuple[ClockRule, ...]
    status: StatusRuling
    reports_to_immigration: str
    reports_note: str
    source: Source
    prior_step: str = ""
    willful_limit: Duration | None = None
    look_back: Duration | None = None


def _duration(raw: Any, where: str) -> Duration:
    if not isinstance(raw, Mapping) or not raw:
        raise LawDataError(f"{where}: a duration (years, months or days) is required")
    unknown = set(raw) - {"years", "months", "days"}
    if unknown:
        raise LawDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    values = {key: raw[key] for key in ("years", "months", "days") if key in raw}
    if not all(isinstance(value, int) and value >= 0 for value in values.values()):
        raise LawDataError(f"{where}: durations are whole non-negative numbers")
    return Duration(**values)


def _clock(raw: Any, where: str) -> ClockRule:
    if not isinstance(raw, Mapping) or raw.get("rule") not in CLOCK_RULES:
        raise LawDataError(f"{where}.rule: one of {', '.join(CLOCK_RULES)}")
    for key in ("start", "end"):
        if key in raw and raw[key] not in EVENTS:
            raise LawDataError(f"{where}.{key}: one of {', '.join(EVENTS)}")
    if "start" not in raw:
        raise LawDataError(f"{where}.start: the event that stops the clock is required")
    return ClockRule(
        rule=str(raw["rule"]),
        start=str(raw["start"]),
        end=str(raw.get("end", "")),
        extend=_duration(raw["extend"], f"{where}.extend") if "extend" in raw else None,
        resume_after=(
            _duration(raw["resume_after"], f"{where}.resume_after")
            if "resume_after" in raw
            else None
        ),
        summary=str(raw.get("summary", "")).strip(),
        source=Source.from_mapping(raw["source"], where) if "source" in raw else None,
    )


def _entry(forum: Mapping[str, Any], raw: Mapping[str, Any], where: str) -> ForumRule:
    if raw.get("counting") not in COUNTINGS:
        raise LawDataError(f"{where}.counting: one of {', '.join(COUNTINGS)}")
    try:
        runs_from = RunsFrom(str(raw.get("runs_from")))
        status_raw = raw["status"]
        effect = StatusEffect(status_raw.get("effect"))
    except (ValueError, KeyError, AttributeError) as error:
        raise LawDataError(f"{where}: runs_from and status.effect are required") from error
    reports = raw.get("reports_to_immigration") or {}
    answer = str(reports.get("answer", "unknown")) if isinstance(reports, Mapping) else ""
    if answer not in {"yes", "no", "unknown"}:
        raise LawDataError(f"{where}.reports_to_immigration.answer: yes, no or unknown")
    return ForumRule(
        forum=str(forum["id"]),
        name=str(forum.get("name", forum["id"])),
        kind=str(forum.get("kind", "")),
        effective_from=parse_date(raw.get("effective_from"), f"{where}.effective_from"),
        heads=tuple(str(head) for head in raw.get("heads", [])),
        limit=_duration(raw.get("limit"), f"{where}.limit"),
        counting=str(raw["counting"]),
        runs_from=runs_from,
        clock=tuple(
            _clock(rule, f"{where}.clock[{index}]")
            for index, rule in enumerate(raw.get("clock") or [])
        ),
        status=StatusRuling(
            effect=effect,
            note=" ".join(str(status_raw.get("note", "")).split()),
            source=Source.from_mapping(status_raw.get("source") or {}, f"{where}.status"),
        ),
        reports_to_immigration=answer,
        reports_note=str(reports.get("note", "")) if isinstance(reports, Mapping) else "",
        source=Source.from_mapping(raw.get("source") or {}, where),
        prior_step=" ".join(str(raw.get("prior_step", "")).split()),
        willful_limit=(
            _duration(raw["willful_limit"], f"{where}.willful_limit")
            if "willful_limit" in raw
            else None
        ),
        look_back=_duration(raw["look_back"], f"{where}.look_back") if "look_back" in raw else None,
    )


@cache
def _forums(code: str) -> dict[str, tuple[ForumRule, ...]]:
    relative = REMEDIES_FILE.format(code=code)
    if not data_path(relative).is_file():
        return {}
    raw = load_yaml(relative)
    if not isinstance(raw, Mapping) or raw.get("jurisdiction") != code:
        raise LawDataError(f"{relative}: jurisdiction must be {code}")
    forums: dict[str, tuple[ForumRule, ...]] = {}
    for index, forum in enumerate(raw.get("forums") or []):
        where = f"{relative}: forums[{index}]"
        if not isinstance(forum, Mapping) or not forum.get("id"):
            raise LawDataError(f"{where}.id is required")
        entries = [
            _entry(forum, entry, f"{where}.entries[{number}]")
            for number, entry in enumerate(forum.get("entries") or [])
        ]
        forums[str(forum["id"])] = tuple(sorted(entries, key=lambda entry: entry.effective_from))
    return forums


@dataclass(frozen=True, slots=True)
class CompensationScheme:
    """A state compensation scheme for victims of crime (names and conditions as data)."""

    name: str
    summary: str
    source: Source


@cache
def compensation_schemes(code: str) -> tuple[CompensationScheme, ...]:
    """The state compensation schemes held for a jurisdiction; () when none is held."""
    relative = REMEDIES_FILE.format(code=code.upper())
    if not data_path(relative).is_file():
        return ()
    raw = load_yaml(relative)
    return tuple(
        CompensationScheme(
            name=str(item["name"]),
            summary=" ".join(str(item["summary"]).split()),
            source=Source.from_mapping(item["source"], f"{relative}: compensation[{index}]"),
        )
        for index, item in enumerate(raw.get("compensation") or [])
    )


def remedy_jurisdictions() -> tuple[str, ...]:
    """The jurisdictions for which forums are held, sorted."""
    base = data_path("jurisdictions")
    return tuple(sorted(path.parent.name for path in base.glob("*/remedies.yaml")))


def forum_rule(code: str, forum: str, on: date) -> ForumRule | None:
    """The rule of one forum in force on `on`; None before its first entry or if unknown."""
    entries = _forums(code.upper()).get(forum, ())
    current = [entry for entry in entries if entry.effective_from <= on]
    return current[-1] if current else None


def forums_of(code: str) -> tuple[str, ...]:
    return tuple(_forums(code.upper()))


@dataclass(frozen=True, slots=True)
class RemedyFacts:
    """The dated facts of one claim.

    `first_unpaid` and `last_unpaid`: the first and last pay days on which wages were unpaid or
    short. `events`: dates of conciliation started or ended, and of the claim filed."""

    jurisdiction: str
    first_unpaid: date
    last_unpaid: date
    employment_ended: date | None = None
    events: Mapping[str, date] = field(default_factory=dict)
    immigration_status: ImmigrationStatus = ImmigrationStatus.UNKNOWN
    willful: bool = False


@dataclass(frozen=True, slots=True)
class ForumAdvice:
    forum: str
    name: str
    kind: str
    # File by `deadline` to keep the whole claim; after `last_deadline` nothing is left. They
    # differ when each pay day has its own limit. None: the clock is stopped or cannot be set.
    deadline: date | None
    last_deadline: date | None
    reasons: tuple[Text, ...]
    clock_stops: tuple[str, ...]
    prior_step: str
    status_effect: StatusEffect
    status_note: str
    status_applies: bool  # the worker's status is irregular or unknown
    reports_to_immigration: str
    reports_note: str
    source: Source
    status_source: Source
    filed: bool

    @property
    def verified(self) -> bool:
        return self.source.verified

    def expired(self, on: date) -> bool:
        return not self.filed and self.last_deadline is not None and self.last_deadline < on


@dataclass(frozen=True, slots=True)
class RemedyAdvice:
    jurisdiction: str
    forums: tuple[ForumAdvice, ...]
    notes: tuple[Text, ...]


def _day(key: str, raw_value: Any) -> date | None:
    """A date from input, None when blank; anything else names the field."""
    if raw_value in (None, ""):
        return None
    if isinstance(raw_value, date):
        return raw_value
    try:
        return date.fromisoformat(str(raw_value))
    except ValueError as error:
        raise RemedyInputError(
            key,
            f"{raw_value!r} is not a date (YYYY-MM-DD)",
            code=RemedyErrorCode.NOT_A_DATE,
            value=str(raw_value),
        ) from error


def _required_day(key: str, raw_value: Any) -> date:
    found = _day(key, raw_value)
    if found is None:
        raise RemedyInputError(key, "a date is required", code=RemedyErrorCode.DATE_REQUIRED)
    return found


def _events(raw: Any) -> dict[str, date]:
    if not isinstance(raw, Mapping):
        raise RemedyInputError(
            "events", "an object is required", code=RemedyErrorCode.OBJECT_REQUIRED
        )
    events: dict[str, date] = {}
    for key, value in raw.items():
        if key not in EVENTS:
            raise RemedyInputError(
                f"events.{key}",
                f"unknown event; one of {', '.join(EVENTS)}",
                code=RemedyErrorCode.UNKNOWN_EVENT,
                choices=", ".join(EVENTS),
            )
        found = _day(f"events.{key}", value)
        if found is not None:
            events[key] = found
    return events


def remedy_facts_from_mapping(raw: Any) -> RemedyFacts:
    """Facts from JSON-like input; every error names its field."""
    if not isinstance(raw, Mapping):
        raise RemedyInputError(
            "facts", "an object is required", code=RemedyErrorCode.OBJECT_REQUIRED
        )
    code = raw.get("jurisdiction")
    if not isinstance(code, str) or len(code) != 2 or not code.isalpha():
        raise RemedyInputError(
            "jurisdiction",
            "an ISO 3166 two-letter code is required",
            code=RemedyErrorCode.COUNTRY_CODE_REQUIRED,
        )
    try:
        status = ImmigrationStatus(raw.get("immigration_status") or "unknown")
    except ValueError as error:
        raise RemedyInputError(
            "immigration_status",
            "regular, irregular or unknown",
            code=RemedyErrorCode.UNKNOWN_IMMIGRATION_STATUS,
            choices=", ".join(ImmigrationStatus),
        ) from error
    facts = RemedyFacts(
        jurisdiction=code.upper(),
        first_unpaid=_required_day("first_unpaid", raw.get("first_unpaid")),
        last_unpaid=_required_day("last_unpaid", raw.get("last_unpaid")),
        employment_ended=_day("employment_ended", raw.get("employment_ended")),
        events=_events(raw.get("events") or {}),
        immigration_status=status,
        willful=bool(raw.get("willful", False)),
    )
    check_facts(facts)
    return facts


def check_facts(facts: RemedyFacts) -> None:
    """Dates in an impossible order are refused, naming the later field."""
    if facts.last_unpaid < facts.first_unpaid:
        raise RemedyInputError(
            "last_unpaid", "is before first_unpaid", code=RemedyErrorCode.BEFORE_FIRST_UNPAID
        )
    if facts.employment_ended is not None and facts.employment_ended < facts.first_unpaid:
        raise RemedyInputError(
            "employment_ended", "is before first_unpaid", code=RemedyErrorCode.BEFORE_FIRST_UNPAID
        )
    for key, on in facts.events.items():
        if on < facts.first_unpaid:
            raise RemedyInputError(
                f"events.{key}",
                "is before the first unpaid pay day",
                code=RemedyErrorCode.BEFORE_FIRST_UNPAID,
            )
    started = facts.events.get("conciliation_started")
    ended = facts.events.get("conciliation_ended")
    if ended is not None and started is None:
        raise RemedyInputError(
            "events.conciliation_started",
            "is required when it ended",
            code=RemedyErrorCode.START_REQUIRED_WITH_END,
        )
    if started is not None and ended is not None and ended < started:
        raise RemedyInputError(
            "events.conciliation_ended",
            "is before conciliation_started",
            code=RemedyErrorCode.END_BEFORE_START,
        )


def _limit_end(rule: ForumRule, start: date, willful: bool) -> date:
    limit = rule.willful_limit if willful and rule.willful_limit else rule.limit
    end = limit.after(start)
    return end - timedelta(days=1) if rule.counting == "beginning-with" else end


def _start(rule: ForumRule, facts: RemedyFacts, pay_day: date) -> date | None:
    if rule.runs_from == RunsFrom.END_OF_EMPLOYMENT:
        return facts.employment_ended
    if rule.runs_from == RunsFrom.EACH_PAYMENT_YEAR_END:
        return date(pay_day.year, 12, 31)
    return pay_day


def _apply_clock(
    rule: ForumRule, facts: RemedyFacts, start: date, primary: date, reasons: list[Text]
) -> date | None:
    """The limit after the clock rules; None while the clock is stopped with no end yet."""
    deadline = primary
    for clock in rule.clock:
        began = facts.events.get(clock.start)
        if began is None or began > deadline:
            if began is not None:
                reasons.append(
                    text(
                        _(
                            "%(event)s on %(on)s came after the limit had run out; "
                            "it stops nothing."
                        ),
                        event=EVENT_LABELS[clock.start],
                        on=began.isoformat(),
                    )
                )
            continue
        ended = facts.events.get(clock.end) if clock.end else None
        if clock.rule == "interrupt":
            restart = ended or began
            deadline = _limit_end(rule, restart, facts.willful)
            reasons.append(
                text(
                    _("The clock started again on %(on)s: the limit now ends on %(deadline)s."),
                    on=restart.isoformat(),
                    deadline=deadline.isoformat(),
                )
            )
            continue
        if ended is None:
            reasons.append(
                text(
                    _("The clock is stopped since %(on)s; the limit is known once %(event)s."),
                    on=began.isoformat(),
                    event=EVENT_LABELS[clock.end or clock.start],
                )
            )
            return None
        resume = clock.resume_after.after(ended) if clock.resume_after else ended
        paused = (resume - began).days
        deadline = deadline + timedelta(days=paused)
        reasons.append(
            plural_text(
                ngettext(
                    "%(n)s day from %(start)s to %(end)s is not counted: %(deadline)s.",
                    "%(n)s days from %(start)s to %(end)s are not counted: %(deadline)s.",
                ),
                paused,
                start=(began + timedelta(days=1)).isoformat(),
                end=resume.isoformat(),
                deadline=deadline.isoformat(),
            )
        )
        if clock.extend is not None:
            floor = clock.extend.after(ended)
            if began <= deadline <= floor:
                deadline = floor
                reasons.append(
                    text(
                        _(
                            "The limit would end within %(extend)s after %(end)s, so it ends "
                            "on %(deadline)s."
                        ),
                        extend=clock.extend.describe(),
                        end=ended.isoformat(),
                        deadline=deadline.isoformat(),
                    )
                )
    return deadline


EVENT_LABELS = {
    "conciliation_started": _("conciliation started"),
    "conciliation_ended": _("conciliation ended"),
    "claim_filed": _("the claim was filed"),
}

RUNS_FROM_LABELS = {
    RunsFrom.LAST_PAYMENT: _("from the last unpaid pay day (%(on)s)"),
    RunsFrom.EACH_PAYMENT: _("from each pay day; the first unpaid one was %(on)s"),
    RunsFrom.EACH_PAYMENT_YEAR_END: _(
        "from the end of the year of each pay day; the first ends on %(on)s"
    ),
    RunsFrom.END_OF_EMPLOYMENT: _("from the end of the employment (%(on)s)"),
}


def _advise(rule: ForumRule, facts: RemedyFacts) -> ForumAdvice:
    reasons: list[Text] = []
    filed = "claim_filed" in facts.events
    first_start = _start(rule, facts, facts.first_unpaid)
    last_start = _start(rule, facts, facts.last_unpaid)
    deadline: date | None = None
    last_deadline: date | None = None
    if first_start is None or last_start is None:
        reasons.append(
            text(_("The limit runs from the end of the employment: give that date to compute it."))
        )
    else:
        anchor = last_start if rule.runs_from == RunsFrom.LAST_PAYMENT else first_start
        limit = rule.willful_limit if facts.willful and rule.willful_limit else rule.limit
        reasons.append(
            text(
                _("The limit is %(limit)s, counted %(runs_from)s."),
                limit=limit.describe(),
                runs_from=text(RUNS_FROM_LABELS[rule.runs_from], on=anchor.isoformat()),
            )
        )
        primary = _limit_end(rule, anchor, facts.willful)
        reasons.append(
            text(
                _("Without anything stopping the clock, it ends on %(on)s."), on=primary.isoformat()
            )
        )
        deadline = _apply_clock(rule, facts, anchor, primary, reasons)
        if rule.runs_from in (RunsFrom.EACH_PAYMENT, RunsFrom.EACH_PAYMENT_YEAR_END):
            last_primary = _limit_end(rule, last_start, facts.willful)
            last_deadline = _apply_clock(rule, facts, last_start, last_primary, [])
            if deadline is not None and last_deadline is not None and last_deadline != deadline:
                reasons.append(
                    text(
                        _(
                            "Each pay day has its own limit: after %(first)s the earliest "
                            "wages are lost; after %(last)s all of them."
                        ),
                        first=deadline.isoformat(),
                        last=last_deadline.isoformat(),
                    )
                )
        else:
            last_deadline = deadline
    if filed:
        reasons.append(
            text(_("The claim was filed on %(on)s."), on=facts.events["claim_filed"].isoformat())
        )
    applies = facts.immigration_status != ImmigrationStatus.REGULAR
    return ForumAdvice(
        forum=rule.forum,
        name=rule.name,
        kind=rule.kind,
        deadline=deadline,
        last_deadline=last_deadline,
        reasons=tuple(reasons),
        clock_stops=tuple(clock.summary for clock in rule.clock if clock.summary),
        prior_step=rule.prior_step,
        status_effect=rule.status.effect,
        status_note=rule.status.note,
        status_applies=applies,
        reports_to_immigration=rule.reports_to_immigration,
        reports_note=rule.reports_note,
        source=rule.source,
        status_source=rule.status.source,
        filed=filed,
    )


def _latest(facts: RemedyFacts) -> date:
    days = [facts.last_unpaid, *facts.events.values()]
    if facts.employment_ended is not None:
        days.append(facts.employment_ended)
    return max(days)


def remedy_options(facts: RemedyFacts, *, forum: str | None = None) -> RemedyAdvice:
    """Which forum(s) hear the claim, the deadline at each and why, what stops the clock, and
    whether immigration status bars the claim (with "unclear" where the law is not settled).

    The rule of each forum is the one in force on the latest day the facts give (the last unpaid
    pay day, the end of the employment or a later event): limitation rules are those of the time
    the claim is brought. `forum` narrows the answer to one forum; an unknown one is refused
    (`forum`)."""
    check_facts(facts)
    code = facts.jurisdiction.upper()
    known = _forums(code)
    if forum is not None and forum not in known:
        raise RemedyInputError(
            "forum",
            f"{forum!r} is not a forum of {code}",
            code=RemedyErrorCode.UNKNOWN_FORUM,
            forum=forum,
            country=code,
        )
    notes: list[Text] = []
    if not known:
        notes.append(text(_("No forums are held for this country yet; ask a local lawyer.")))
    advice = []
    for forum_id in known if forum is None else (forum,):
        rule = forum_rule(code, forum_id, _latest(facts))
        if rule is None:
            continue
        advice.append(_advise(rule, facts))
    if any(not item.verified for item in advice):
        notes.append(
            text(_("Some rules are unverified: check them against the law before filing."))
        )
    return RemedyAdvice(jurisdiction=code, forums=tuple(advice), notes=tuple(notes))


def reminder_days(deadline: date, *, before: tuple[int, ...] = (30, 14, 7, 1)) -> tuple[date, ...]:
    """The days to remind on before a deadline, earliest first."""
    return tuple(deadline - timedelta(days=days) for days in sorted(before, reverse=True))
