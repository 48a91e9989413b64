"""Builds the statistics rows (`CaseFacts`) and the CTDC profiles from the case records.

Runs inside the server (screening facts are decrypted in memory, only coarse categories are
stored); nothing here is shown to anyone. `refresh_case_facts` is run each night by
`manage.py refresh_statistics` (and for a changed period with `--since`); a change of consent
updates its case's row at once, so a withdrawal stops the counting before the next night.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from needsfirst.release.ctdc import CaseProfile
from needsfirst.release.hierarchies import ctdc_age_band
from needsfirst.web.cases.models import Case, Consent, ConsentKind, Person, SharingPurpose
from needsfirst.web.screening.selectors import status_of_labels
from needsfirst.web.statistics.counts import as_set, move_counts, rebuild_counts
from needsfirst.web.statistics.models import CaseFacts

BATCH = 500
EXPLOITATION_ORDER = (
    "ForcedLabour",
    "SexualExploitation",
    "ForcedBegging",
    "ForcedCriminality",
    "Servitude",
    "Slavery",
    "ForcedMarriage",
    "ChildLabour",
    "OrganRemoval",
    "ForcedMilitaryByNonStateActors",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)


def statistics_consent() -> QuerySet[Consent]:
    """Consents in force that allow statistical use (match with `case=OuterRef("pk")`)."""
    return Consent.objects.filter(
        kind=ConsentKind.DATA_SHARING,
        purpose=SharingPurpose.STATISTICS,
        granted=True,
        withdrawn_on__isnull=True,
    )


def _yes(answer: Any) -> bool:
    if isinstance(answer, dict):
        answer = answer.get("answer")
    return answer == "yes"


def _facts(case: Case) -> dict[str, Any]:
    screening = getattr(case, "screening", None)
    if screening is None:
        return {}
    facts = screening.facts
    return facts if isinstance(facts, dict) else {}


def exploitation_types(facts: dict[str, Any]) -> list[str]:
    purposes = facts.get("purposes") or {}
    return [p for p in EXPLOITATION_ORDER if _yes(purposes.get(p))]


def _main_exploitation(types: list[str]) -> str:
    if not types:
        return ""
    return types[0] if len(types) == 1 else "Several"


def age_on(person: Person, on: datetime.date) -> int | None:
    if person.birthdate:
        stored: Any = person.birthdate
        born = stored if isinstance(stored, datetime.date) else datetime.date.fromisoformat(stored)
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if person.estimated_age is not None:
        since = person.estimated_age_on or on
        return max(0, person.estimated_age + (on - since).days // 365)
    return None


def _route(case: Case, facts: dict[str, Any]) -> str:
    movement = facts.get("movement") or {}
    origin = movement.get("origin_country") or ""
    destination = movement.get("destination_country") or facts.get("jurisdiction") or ""
    if not origin or not destination:
        events = {e.type: e.country for e in case.events.all() if e.country}
        origin = origin or events.get("Recruitment", "")
        destination = destination or events.get("Exploitation", "")
    return f"{origin}-{destination}" if origin and destination else ""


def _identification(case: Case) -> str:
    decisions = sorted(case.authority_decisions.all(), key=lambda d: d.decided_on)
    if decisions:
        return f"authority:{decisions[-1].status}"
    screening = getattr(case, "screening", None)
    if screening is not None:
        determinations = list(screening.determinations.all())  # prefetched
        if determinations:
            latest = max(determinations, key=lambda d: (d.created_at, d.id))
            return f"screening:{status_of_labels(list(latest.label_ids))}"
    return ""


def _days_to_assistance(case: Case) -> int | None:
    firsts = [item.created_at for item in case.plan_items.all()]  # prefetched
    firsts += [referral.sent_at for referral in case.referrals.all()]
    known = [moment for moment in firsts if moment is not None]
    if not known:
        return None
    return max(0, (min(known) - case.opened_at).days)


def _cases(queryset: QuerySet[Case]) -> Iterator[Case]:
    # everything a row is made of, a chunk of cases at a time: a few queries per 500 cases
    queryset = queryset.select_related("person", "screening").prefetch_related(
        "events",
        "authority_decisions",
        "screening__determinations",
        "plan_items",
        "referrals",
        "claim_matters",
    )
    yield from queryset.annotate(
        statistical=Exists(statistics_consent().filter(case=OuterRef("pk")))
    ).iterator(chunk_size=BATCH)


def facts_of(case: Case) -> CaseFacts:
    facts = _facts(case)
    opened = case.opened_at.date()
    age = age_on(case.person, opened)
    citizenship = list(case.person.citizenship or [])
    work = facts.get("work") or {}
    return CaseFacts(
        case=case,
        statistical_use=bool(getattr(case, "statistical", False)),
        opened_month=opened.replace(day=1),
        year_registered=opened.year,
        exploitation=_main_exploitation(exploitation_types(facts)),
        sector=str(work.get("sector") or facts.get("forced_labour_industry") or "")[:24],
        nationality=citizenship[0] if citizenship else "",
        route=_route(case, facts),
        age_band="" if age is None else ctdc_age_band(age),
        gender=case.person.gender,
        identification=_identification(case),
        days_to_assistance=_days_to_assistance(case),
        needs=as_set(item.status for item in case.plan_items.all()),
        referral_outcomes=as_set(r.outcome or "pending" for r in case.referrals.all()),
        claims=as_set(_claim_stages(case)),
    )


def _claim_stages(case: Case) -> list[str]:
    stages = []
    for matter in case.claim_matters.all():  # prefetched
        stages += ["filed"] if matter.filed_on else []
        stages += ["decided"] if matter.decided_on else []
        stages += ["recovered"] if matter.recovered else []
    return stages


FIELDS = [f.name for f in CaseFacts._meta.fields if f.name not in ("id", "case")]


def refresh_case_facts(cases: QuerySet[Case] | None = None, *, recount: bool = True) -> int:
    """Rebuilds the rows of the given cases (all by default), then the counts the dashboard
    reads; returns how many cases."""
    done = 0
    batch: list[CaseFacts] = []
    for case in _cases(cases if cases is not None else Case.objects.all()):
        batch.append(facts_of(case))
        if len(batch) >= BATCH:
            done += _save(batch)
            batch = []
    done += _save(batch)
    if recount:
        rebuild_counts()
    return done


def _save(batch: list[CaseFacts]) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        CaseFacts.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["case"], update_fields=FIELDS
        )
    return len(batch)


@receiver(post_save, sender=Consent)
def consent_changed(sender: type[Consent], instance: Consent, **kwargs: Any) -> None:
    """A consent given or withdrawn changes at once whether its case is counted."""
    if instance.kind != ConsentKind.DATA_SHARING or instance.purpose != SharingPurpose.STATISTICS:
        return
    allowed = statistics_consent().filter(case_id=instance.case_id).exists()
    with transaction.atomic():
        facts = CaseFacts.objects.select_for_update().filter(case_id=instance.case_id).first()
        if facts is None:
            refresh_case_facts(Case.objects.filter(pk=instance.case_id), recount=False)
            facts = CaseFacts.objects.get(case_id=instance.case_id)
            if facts.statistical_use:
                move_counts(facts, +1)
            return
        if facts.statistical_use == allowed:
            return
        facts.statistical_use = allowed
        facts.save(update_fields=["statistical_use", "refreshed_at"])
        move_counts(facts, +1 if allowed else -1)


@receiver(post_delete, sender=CaseFacts)
def facts_deleted(sender: type[CaseFacts], instance: CaseFacts, **kwargs: Any) -> None:
    """A case erased (its row goes with it) leaves the counts at once."""
    if instance.statistical_use:
        move_counts(instance, -1)


def ctdc_profiles(cases: Iterable[Case]) -> list[CaseProfile]:
    """CTDC profiles of cases (already restricted to those whose consent allows it)."""
    profiles = []
    for case in cases:
        facts = _facts(case)
        opened = case.opened_at.date()
        dates = facts.get("dates") or {}
        person_facts = facts.get("person") or {}
        citizenship = list(case.person.citizenship or [])
        events = {e.type: e for e in case.events.all()}
        exploitation_start = _date(dates.get("exploitation_start")) or _event_date(
            events.get("Exploitation")
        )
        entry = _date(dates.get("arrival")) or _event_date(events.get("Transit"))
        recruited = _date(dates.get("recruitment")) or _event_date(events.get("Recruitment"))
        at_exploit = _age_at(case.person, exploitation_start)
        if at_exploit is None and isinstance(person_facts.get("age_when_trafficked"), int):
            at_exploit = person_facts["age_when_trafficked"]
        profiles.append(
            CaseProfile(
                person_id=str(case.person.uuid),
                year_registered=opened.year,
                gender=case.person.gender,
                age_at_registration=age_on(case.person, opened),
                age_at_exploitation=at_exploit,
                age_at_entry=_age_at(case.person, entry or recruited),
                citizenship=citizenship[0] if citizenship else "",
                country_of_exploitation=_route(case, facts).partition("-")[2],
                exploitation=frozenset(exploitation_types(facts)),
                labour_sector=str((facts.get("work") or {}).get("sector") or ""),
                sex_types=frozenset(facts.get("type_of_sex_exploitation") or []),
                means=frozenset(facts.get("methods_of_control") or []),
            )
        )
    return profiles


def _age_at(person: Person, on: datetime.date | None) -> int | None:
    return age_on(person, on) if on is not None else None


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _event_date(event: Any) -> datetime.date | None:
    return event.date if event is not None else None
