"""State compensation for victims of crime and legal aid, per jurisdiction, and whether a scheme
is still open to one person.

The law is data (`compensation:` and `legal_aid:` in `law/data/jurisdictions/<ISO>/remedies.yaml`),
each entry dated (`effective_from`) and sourced. A scheme's conditions are the ones that close
it to many exploited migrants: a report to the police, a time limit counted from the crime, and
a residence condition. `compensation_check` is pure: from the dated facts of one person it says,
per scheme, `open`, `closed` (with the reason) or `check` (a fact is unknown or the scheme may
extend its limit), never reading the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from needsfirst.i18n import Text, _, text
from needsfirst.law import LawDataError, Source
from needsfirst.law.dated import parse_date
from needsfirst.law.loader import data_path, load_yaml
from needsfirst.wages.remedies import (
    REMEDIES_FILE,
    Duration,
    RemedyErrorCode,
    RemedyInputError,
    _duration,
)

REPORTS = ("required", "expected", "not-required", "unknown")
RESIDENCES = ("any", "lawful", "lawful-or-trafficking-victim", "unknown")
LEGAL_AID_ACCESS = (
    "all",  # whatever the status, on means
    "trafficking-victims",  # only (or also, without a means test) for victims of trafficking
    "lawful-residence",
    "citizens",
    "unknown",
)


class Outcome(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CHECK = "check"


@dataclass(frozen=True, slots=True)
class Scheme:
    """A state compensation scheme for victims of crime, as the law stood from `effective_from`."""

    id: str
    name: str
    summary: str
    effective_from: date
    report: str
    residence: str
    source: Source
    limit: Duration | None = None
    extension: str = ""  # when the scheme may accept a late application
    note: str = ""
    crimes_from: date | None = None  # crimes ended before this day fall under a former law


@dataclass(frozen=True, slots=True)
class LegalAid:
    id: str
    name: str
    summary: str
    effective_from: date
    access: str
    means_tested: bool
    covers: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class CompensationFacts:
    """What is known of one person. `None` means not known (the answer is then `check`)."""

    jurisdiction: str
    crime_ended: date  # the last day of the exploitation (the crime), or the day of the crime
    on: date  # the day the question is asked (the application would be made)
    reported: bool | None = None  # reported to the police or another competent authority
    lawful_residence: bool | None = None
    trafficking_victim: bool | None = None  # identified, or an identification is under way


@dataclass(frozen=True, slots=True)
class SchemeAdvice:
    scheme: Scheme
    outcome: Outcome
    reasons: tuple[Text, ...]
    deadline: date | None


def _text(raw: Any) -> str:
    return " ".join(str(raw or "").split())


def _choice(raw: Any, allowed: tuple[str, ...], where: str) -> str:
    value = str(raw or "unknown")
    if value not in allowed:
        raise LawDataError(f"{where}: one of {', '.join(allowed)}")
    return value


@cache
def _raw(code: str) -> Mapping[str, Any]:
    relative = REMEDIES_FILE.format(code=code.upper())
    if not data_path(relative).is_file():
        return {}
    loaded = load_yaml(relative)
    return loaded if isinstance(loaded, Mapping) else {}


def _in_force(entries: list[Any], on: date) -> tuple[Any, ...]:
    """The newest entry of each id in force on `on`."""
    current: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda item: item.effective_from):
        if entry.effective_from <= on:
            current[entry.id] = entry
    return tuple(current.values())


@cache
def _schemes(code: str) -> tuple[Scheme, ...]:
    relative = REMEDIES_FILE.format(code=code.upper())
    out = []
    for index, item in enumerate(_raw(code).get("compensation") or []):
        where = f"{relative}: compensation[{index}]"
        out.append(
            Scheme(
                id=str(item.get("id") or f"scheme-{index}"),
                name=_text(item["name"]),
                summary=_text(item["summary"]),
                effective_from=parse_date(
                    item.get("effective_from", "1900-01-01"), f"{where}.effective_from"
                ),
                report=_choice(item.get("report"), REPORTS, f"{where}.report"),
                residence=_choice(item.get("residence"), RESIDENCES, f"{where}.residence"),
                limit=_duration(item["limit"], f"{where}.limit") if item.get("limit") else None,
                extension=_text(item.get("extension")),
                note=_text(item.get("note")),
                crimes_from=(
                    parse_date(item["crimes_from"], f"{where}.crimes_from")
                    if item.get("crimes_from")
                    else None
                ),
                source=Source.from_mapping(item["source"], f"{where}.source"),
            )
        )
    return tuple(out)


@cache
def _legal_aid(code: str) -> tuple[LegalAid, ...]:
    relative = REMEDIES_FILE.format(code=code.upper())
    out = []
    for index, item in enumerate(_raw(code).get("legal_aid") or []):
        where = f"{relative}: legal_aid[{index}]"
        out.append(
            LegalAid(
                id=str(item["id"]),
                name=_text(item["name"]),
                summary=_text(item["summary"]),
                effective_from=parse_date(item["effective_from"], f"{where}.effective_from"),
                access=_choice(item.get("access"), LEGAL_AID_ACCESS, f"{where}.access"),
                means_tested=item.get("means_tested") is True,
                covers=tuple(str(cover) for cover in item.get("covers") or []),
                source=Source.from_mapping(item["source"], f"{where}.source"),
            )
        )
    return tuple(out)


def schemes_on(code: str, on: date) -> tuple[Scheme, ...]:
    """The compensation schemes of a jurisdiction in force on `on`; () when none is held."""
    return _in_force(list(_schemes(code)), on)


def legal_aid_on(code: str, on: date) -> tuple[LegalAid, ...]:
    """The legal aid held for a jurisdiction in force on `on`; () when none is held."""
    return _in_force(list(_legal_aid(code)), on)


def _report(scheme: Scheme, reported: bool | None) -> tuple[Outcome, Text | None]:
    if scheme.report == "required":
        if reported is False:
            return Outcome.CLOSED, text(
                _("The scheme pays only when the crime was reported to the police; it was not.")
            )
        if reported is None:
            return Outcome.CHECK, text(
                _("The scheme pays only when the crime was reported to the police: was it?")
            )
    if scheme.report == "expected" and reported is not True:
        return Outcome.CHECK, text(
            _(
                "The scheme expects a prompt report to the police and may refuse or reduce "
                "an award without one."
            )
        )
    return Outcome.OPEN, None


def _residence(scheme: Scheme, facts: CompensationFacts) -> tuple[Outcome, Text | None]:
    if scheme.residence == "lawful":
        if facts.lawful_residence is False:
            return Outcome.CLOSED, text(
                _("The scheme is open only to people residing lawfully; this person does not.")
            )
        if facts.lawful_residence is None:
            return Outcome.CHECK, text(_("The scheme asks for lawful residence: is it held?"))
    if scheme.residence == "lawful-or-trafficking-victim":
        if facts.lawful_residence is False and facts.trafficking_victim is False:
            return Outcome.CLOSED, text(
                _(
                    "The scheme is open to people residing lawfully or identified as victims "
                    "of trafficking; this person is neither."
                )
            )
        if facts.lawful_residence is not True and facts.trafficking_victim is not True:
            return Outcome.CHECK, text(
                _(
                    "The scheme asks for lawful residence or identification as a victim of "
                    "trafficking: is either held?"
                )
            )
    if scheme.residence == "unknown":
        return Outcome.CHECK, text(_("The residence condition of this scheme is not held."))
    return Outcome.OPEN, None


def _advise(scheme: Scheme, facts: CompensationFacts) -> SchemeAdvice:
    outcomes: list[Outcome] = []
    reasons: list[Text] = []
    deadline = scheme.limit.after(facts.crime_ended) if scheme.limit is not None else None
    if deadline is not None and scheme.limit is not None:
        if facts.on > deadline:
            late = text(
                _("Out of time: apply within %(limit)s of the crime, that is by %(deadline)s."),
                limit=scheme.limit.describe(),
                deadline=deadline.isoformat(),
            )
            outcomes.append(Outcome.CLOSED)
            reasons.append(late)
            if scheme.extension:
                reasons.append(
                    text(
                        _("A late application is heard only in this case: %(extension)s"),
                        extension=text(scheme.extension),
                    )
                )
        else:
            outcomes.append(Outcome.OPEN)
            reasons.append(
                text(
                    _("Apply by %(deadline)s (%(limit)s from the crime)."),
                    deadline=deadline.isoformat(),
                    limit=scheme.limit.describe(),
                )
            )
    if scheme.crimes_from is not None and facts.crime_ended < scheme.crimes_from:
        outcomes.append(Outcome.CLOSED)
        reasons.append(
            text(
                _(
                    "The scheme covers crimes from %(day)s; "
                    "an earlier crime falls under the former law."
                ),
                day=scheme.crimes_from.isoformat(),
            )
        )
    for outcome, reason in (_report(scheme, facts.reported), _residence(scheme, facts)):
        outcomes.append(outcome)
        if reason is not None:
            reasons.append(reason)
    if Outcome.CLOSED in outcomes:
        final = Outcome.CLOSED
    elif Outcome.CHECK in outcomes:
        final = Outcome.CHECK
    else:
        final = Outcome.OPEN
    return SchemeAdvice(scheme=scheme, outcome=final, reasons=tuple(reasons), deadline=deadline)


def compensation_check(facts: CompensationFacts) -> tuple[SchemeAdvice, ...]:
    """Per scheme in force on the day asked (the application day), whether it is open to this
    person."""
    if facts.on < facts.crime_ended:
        raise RemedyInputError(
            "crime_ended",
            "the crime cannot end after the day asked",
            code=RemedyErrorCode.CRIME_ENDED_AFTER_DAY_ASKED,
        )
    return tuple(_advise(scheme, facts) for scheme in schemes_on(facts.jurisdiction, facts.on))


def _maybe_bool(raw: Any, key: str) -> bool | None:
    value = raw.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise RemedyInputError(key, "true, false or null", code=RemedyErrorCode.TRUE_FALSE_OR_NULL)


def compensation_facts_from_mapping(raw: Any) -> CompensationFacts:
    """Facts from JSON-like input (legislation test cases, the API)."""
    if not isinstance(raw, Mapping):
        raise RemedyInputError("facts", "an object", code=RemedyErrorCode.OBJECT_REQUIRED)
    try:
        crime_ended = date.fromisoformat(str(raw["crime_ended"]))
    except (KeyError, ValueError) as error:
        raise RemedyInputError(
            "crime_ended", "a date (YYYY-MM-DD)", code=RemedyErrorCode.DATE_REQUIRED
        ) from error
    try:
        on = date.fromisoformat(str(raw["asked_on"]))
    except (KeyError, ValueError) as error:
        raise RemedyInputError(
            "asked_on", "a date (YYYY-MM-DD)", code=RemedyErrorCode.DATE_REQUIRED
        ) from error
    return CompensationFacts(
        jurisdiction=str(raw.get("jurisdiction", "")).upper(),
        crime_ended=crime_ended,
        on=on,
        reported=_maybe_bool(raw, "reported"),
        lawful_residence=_maybe_bool(raw, "lawful_residence"),
        trafficking_victim=_maybe_bool(raw, "trafficking_victim"),
    )
