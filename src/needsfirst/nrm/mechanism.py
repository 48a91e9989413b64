"""A jurisdiction's national referral mechanism on a given day, and what follows from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from needsfirst.i18n import _, text
from needsfirst.law import LawDataError, Source, parse_date
from needsfirst.law.jurisdictions import (
    JurisdictionError,
    JurisdictionErrorCode,
    resolve,
    supported,
)
from needsfirst.needs import Category, EntitlementSummary, entitlements_list
from needsfirst.nrm.calendar import (
    NO_HOLIDAYS,
    Holidays,
    add_working_days,
    holidays_of,
    working_days_between,
)
from needsfirst.nrm.errors import NrmErrorCode, NrmInputError

FILE = "nrm.yaml"

_CODES = {
    JurisdictionErrorCode.REQUIRED: NrmErrorCode.REQUIRED,
    JurisdictionErrorCode.UNKNOWN_JURISDICTION: NrmErrorCode.UNKNOWN_JURISDICTION,
    JurisdictionErrorCode.JURISDICTION_NEEDS_REGION: NrmErrorCode.JURISDICTION_NEEDS_REGION,
    JurisdictionErrorCode.NO_DATA: NrmErrorCode.NO_MECHANISM,
}


class StageName(StrEnum):
    REASONABLE_GROUNDS = "reasonable_grounds"
    CONCLUSIVE_GROUNDS = "conclusive_grounds"


class Action(StrEnum):
    """What a first responder may do for one person under one mechanism."""

    REFER_WITH_CONSENT = "refer_with_consent"
    REFER_CHILD_WITHOUT_CONSENT = "refer_child_without_consent"
    NOTIFY_ANONYMOUSLY = "notify_anonymously"


@dataclass(frozen=True, slots=True)
class Statement:
    summary: str
    source: Source


@dataclass(frozen=True, slots=True)
class Flag:
    value: bool
    note: str
    source: Source


@dataclass(frozen=True, slots=True)
class Period:
    """A span counted from an event: `unit` is 'working_days' or 'calendar_days'."""

    length: int
    unit: str
    start_event: str
    binding: str  # 'target' or 'statutory_limit'
    source: Source

    def end(self, start: date, holidays: Holidays = NO_HOLIDAYS) -> date:
        """The last day of the span; working days skip weekends and the `holidays` given."""
        if self.unit == "working_days":
            return add_working_days(start, self.length, holidays)
        return date.fromordinal(start.toordinal() + self.length)


@dataclass(frozen=True, slots=True)
class Stage:
    name: StageName
    test: str
    standard: str
    decided_by: str
    deadline: Period | None
    not_before: Period | None
    gives_category: Category
    source: Source


@dataclass(frozen=True, slots=True)
class Challenge:
    available: bool
    who_may_ask: str
    time_limit: Period | None
    summary: str
    source: Source


@dataclass(frozen=True, slots=True)
class DutyToNotify:
    in_force: bool
    who: str
    recipient: str
    adult_identified_only_with_consent: bool
    summary: str
    source: Source


@dataclass(frozen=True, slots=True)
class Mechanism:
    """One jurisdiction's mechanism as it stood on one day (one dated version of the data)."""

    jurisdiction: str
    title: str
    effective_from: date
    date_verified: bool
    competent_authority: Statement
    adult_consent_required: Flag
    child_consent_required: Flag
    who_may_refer: Statement
    duty_to_notify: DutyToNotify
    children_panels: str  # 'none', 'pilot' or 'everywhere'
    children: Statement
    stages: Mapping[StageName, Stage]
    reconsideration: Challenge
    appeal: Challenge

    def stage(self, name: StageName | str) -> Stage:
        return self.stages[StageName(name)]

    @property
    def verified(self) -> bool:
        """Whether every value of this version was checked against the text of its source."""
        sources = [
            self.competent_authority.source,
            self.adult_consent_required.source,
            self.child_consent_required.source,
            self.who_may_refer.source,
            self.duty_to_notify.source,
            self.children.source,
            self.reconsideration.source,
            self.appeal.source,
        ]
        for stage in self.stages.values():
            sources.append(stage.source)
            sources.extend(p.source for p in (stage.deadline, stage.not_before) if p)
        return self.date_verified and all(source.verified for source in sources)


# ------------------------------------------------------------------------------ reading the data


def _source(raw: Mapping[str, Any], where: str) -> Source:
    return Source.from_mapping(raw["source"], f"{where}.source")


def _statement(raw: Mapping[str, Any], where: str) -> Statement:
    return Statement(summary=str(raw["summary"]).strip(), source=_source(raw, where))


def _flag(raw: Mapping[str, Any], where: str) -> Flag:
    return Flag(bool(raw["value"]), str(raw.get("note", "")), _source(raw, where))


def _period(raw: Mapping[str, Any] | None, where: str) -> Period | None:
    if raw is None:
        return None
    return Period(
        length=int(raw["length"]),
        unit=str(raw["unit"]),
        start_event=str(raw["from"]),
        binding=str(raw["binding"]),
        source=_source(raw, where),
    )


def _challenge(raw: Mapping[str, Any], where: str) -> Challenge:
    return Challenge(
        available=bool(raw["available"]),
        who_may_ask=str(raw.get("who_may_ask", "")),
        time_limit=_period(raw.get("time_limit"), f"{where}.time_limit"),
        summary=str(raw["summary"]).strip(),
        source=_source(raw, where),
    )


def _stage(name: StageName, raw: Mapping[str, Any], where: str) -> Stage:
    return Stage(
        name=name,
        test=" ".join(str(raw["test"]).split()),
        standard=str(raw.get("standard", "")),
        decided_by=str(raw["decided_by"]),
        deadline=_period(raw.get("deadline"), f"{where}.deadline"),
        not_before=_period(raw.get("not_before"), f"{where}.not_before"),
        gives_category=Category[str(raw["gives_category"]).upper()],
        source=_source(raw, where),
    )


def _mechanism(code: str, title: str, raw: Mapping[str, Any], where: str) -> Mechanism:
    referral = raw["referral"]
    duty = raw["duty_to_notify"]
    children = raw["children"]
    stages = {
        name: _stage(name, raw["stages"][name.value], f"{where}.stages.{name.value}")
        for name in StageName
    }
    return Mechanism(
        jurisdiction=code,
        title=title,
        effective_from=parse_date(raw["effective_from"], f"{where}.effective_from"),
        date_verified=bool(raw.get("date_verified", False)),
        competent_authority=_statement(raw["competent_authority"], f"{where}.competent_authority"),
        adult_consent_required=_flag(referral["adult_consent_required"], f"{where}.referral"),
        child_consent_required=_flag(referral["child_consent_required"], f"{where}.referral"),
        who_may_refer=_statement(referral["who_may_refer"], f"{where}.referral.who_may_refer"),
        duty_to_notify=DutyToNotify(
            in_force=bool(duty["in_force"]),
            who=str(duty.get("who", "")),
            recipient=str(duty.get("recipient", "")),
            adult_identified_only_with_consent=bool(
                duty.get("adult_identified_only_with_consent", True)
            ),
            summary=" ".join(str(duty["summary"]).split()),
            source=_source(duty, f"{where}.duty_to_notify"),
        ),
        children_panels=str(children["panels"]),
        children=_statement(children, f"{where}.children"),
        stages=stages,
        reconsideration=_challenge(raw["reconsideration"], f"{where}.reconsideration"),
        appeal=_challenge(raw["appeal"], f"{where}.appeal"),
    )


def supported_jurisdictions() -> tuple[str, ...]:
    """Every jurisdiction code needsfirst holds a mechanism for, e.g. ('GB-ENG', 'GB-NIR', ...)."""
    return supported(FILE)


def mechanism_on(jurisdiction: object, on: date, *, field: str = "jurisdiction") -> Mechanism:
    """The mechanism of `jurisdiction` in force on `on`.

    Refuses, naming `field`, a code that is not ISO 3166, a country whose nations differ (GB must
    be asked as GB-ENG, GB-WLS, GB-SCT or GB-NIR), a jurisdiction without NRM data, and a day
    before the first dated version.
    """
    if not isinstance(on, date):
        raise NrmInputError("on", "must be a date", NrmErrorCode.INVALID)
    try:
        data = resolve(jurisdiction, FILE)
    except JurisdictionError as error:
        raise NrmInputError(field, error.message, _CODES[error.code]) from None
    return _mechanism_of(data.code, on)


@lru_cache(maxsize=4096)
def _mechanism_of(code: str, on: date) -> Mechanism:
    """The parsed version in force (law data does not change while the process runs)."""
    data = resolve(code, FILE)
    versions = sorted(
        data.content["versions"],
        key=lambda raw: parse_date(raw["effective_from"], f"{data.file}: effective_from"),
    )
    current: tuple[int, Mapping[str, Any]] | None = None
    for index, raw in enumerate(versions):
        if parse_date(raw["effective_from"], data.file) <= on:
            current = (index, raw)
    if current is None:
        raise NrmInputError(
            "on",
            text(
                _("needsfirst holds no referral mechanism for %(code)s before %(first)s"),
                code=data.code,
                first=versions[0]["effective_from"],
            ),
            NrmErrorCode.NO_MECHANISM_ON_DATE,
            {"code": data.code},
        )
    index, raw = current
    try:
        return _mechanism(data.code, str(data.content["title"]), raw, f"{data.file}[{index}]")
    except (KeyError, ValueError) as error:
        raise LawDataError(f"{data.file}: versions[{index}]: {error}") from error


# ------------------------------------------------------------------------------ questions


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a stage's decision is due, how long the case has waited, and whether it is late."""

    stage: StageName
    started_on: date
    due_on: date | None  # None: the law sets no deadline or target for this stage
    binding: str  # 'target', 'statutory_limit' or '' without one
    earliest_on: date | None  # a decision may not be taken before this day
    waited_days: int  # calendar days since the start
    waited_working_days: int
    overdue: bool
    source: Source | None
    # whether the jurisdiction's public holidays are held for every day counted (from the start
    # to the later of today and the due day); when False a holiday may have been counted as a
    # working day
    holidays_known: bool = False


def deadline_for(
    mechanism: Mechanism, stage: StageName | str, *, started_on: date, today: date
) -> Deadline:
    """The deadline of `stage` counted from `started_on` (the referral received for the first
    decision, the positive first decision for the conclusive one), as seen on `today`."""
    if today < started_on:
        raise NrmInputError(
            "started_on", "the start cannot be after today", NrmErrorCode.DATE_ORDER
        )
    rule = mechanism.stage(stage)
    holidays = holidays_of(mechanism.jurisdiction)
    due = rule.deadline.end(started_on, holidays) if rule.deadline else None
    earliest = rule.not_before.end(started_on, holidays) if rule.not_before else None
    return Deadline(
        stage=rule.name,
        started_on=started_on,
        due_on=due,
        binding=rule.deadline.binding if rule.deadline else "",
        earliest_on=earliest,
        waited_days=(today - started_on).days,
        waited_working_days=working_days_between(started_on, today, holidays),
        overdue=due is not None and today > due,
        source=rule.deadline.source if rule.deadline else None,
        holidays_known=holidays.covers_range(started_on, max(today, due or today)),
    )


def actions_allowed(mechanism: Mechanism, *, child: bool, consent: bool) -> tuple[Action, ...]:
    """What a first responder may do: refer with the person's informed consent; refer a child
    without it where the law does not ask a child's consent; notify anonymously (nothing that
    identifies the person) where a duty to notify is in force. Never a condition on help."""
    allowed: list[Action] = []
    consent_required = (
        mechanism.child_consent_required.value if child else mechanism.adult_consent_required.value
    )
    if consent or not consent_required:
        allowed.append(
            Action.REFER_CHILD_WITHOUT_CONSENT
            if child and not consent
            else Action.REFER_WITH_CONSENT
        )
    if not child and mechanism.duty_to_notify.in_force:
        allowed.append(Action.NOTIFY_ANONYMOUSLY)
    return tuple(allowed)


def appeal_by(mechanism: Mechanism, decided_on: date) -> date | None:
    """The last day to appeal a decision taken on `decided_on`, where the law sets one."""
    limit = mechanism.appeal.time_limit if mechanism.appeal.available else None
    if limit is None:
        return None
    return limit.end(decided_on, holidays_of(mechanism.jurisdiction))


def category_after(mechanism: Mechanism, stage: StageName | str, *, positive: bool) -> Category:
    """The needs category a decision gives: a positive decision gives the stage's category; a
    negative one leaves the person a migrant with the entitlements everyone has."""
    return mechanism.stage(stage).gives_category if positive else Category.ANY_MIGRANT


def entitlements_after(
    mechanism: Mechanism, stage: StageName | str, *, positive: bool, on: date, child: bool
) -> EntitlementSummary | None:
    """The needs package's entitlements that follow a decision at `stage`, or None where
    needsfirst holds no entitlements for the jurisdiction. Read from needs, never copied here."""
    category = category_after(mechanism, stage, positive=positive)
    try:
        return entitlements_list(
            jurisdiction=mechanism.jurisdiction, category=category, on=on, child=child
        )
    except ValueError:
        return None
