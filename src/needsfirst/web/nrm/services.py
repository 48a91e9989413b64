"""Writes of the NRM app: refer, notify, decide, challenge. Each is one transaction with its
audit entry; each checks again, at the moment of writing, who acts and on what consent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst import nrm
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Organisation, OrganisationType
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.cases.services import case_arg, writes_case
from needsfirst.web.nrm import selectors
from needsfirst.web.nrm.models import (
    ChallengeKind,
    ChallengeOutcome,
    CompetentAuthority,
    Exploitation,
    NrmChallenge,
    NrmDecision,
    NrmKind,
    NrmReferral,
    NrmStatus,
    Stage,
)
from needsfirst.web.screening.models import DecisionMakingOrg, TraffickingStatus
from needsfirst.web.screening.services import authority_decision_record


def _decision_case(kwargs: Mapping[str, Any]) -> Case:
    case: Case = kwargs["decision"].referral.case
    return case


def _holder(actor: Actor, case: Case) -> None:
    user = actor.staff
    if user.role not in CASE_ROLES or case.organisation_id != user.organisation_id:
        raise PermissionDenied


def _mechanism(authority: CompetentAuthority, on: date) -> nrm.Mechanism:
    try:
        return nrm.mechanism_on(authority.jurisdiction, on)
    except nrm.NrmInputError as error:
        raise ValidationError({"authority": error.message}) from None


def person_age(person: Person, on: date) -> int | None:
    if person.birthdate:
        raw: Any = person.birthdate
        born = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if person.estimated_age is not None:
        since = person.estimated_age_on or on
        return person.estimated_age + max(0, (on - since).days // 365)
    return None


def _check_text(data: dict[str, Any]) -> None:
    errors = {}
    if not str(data.get("account", "")).strip():
        errors["account"] = _("Say what happened and which indicators you saw.")
    if data.get("exploitation") not in Exploitation.values:
        errors["exploitation"] = _("Choose the kind of exploitation.")
    if errors:
        raise ValidationError(errors)


@writes_case("nrm_refer", case_arg)
def nrm_refer(
    *, actor: Actor, case: Case, authority: CompetentAuthority, data: dict[str, Any]
) -> NrmReferral:
    """Refer the person to the competent authority: an adult with informed consent in force to
    share with this authority for a referral; a child without it where the law asks none.

    The referral carries a copy of what the authority may read (name, age, nationality,
    language, the account); the case itself stays with the sender.
    """
    _holder(actor, case)
    _check_text(data)
    today = timezone.localdate()
    mechanism = _mechanism(authority, today)
    child = bool(data.get("child"))
    consent = selectors.referral_consent(case, authority)
    allowed = nrm.actions_allowed(mechanism, child=child, consent=consent is not None)
    if nrm.Action.REFER_WITH_CONSENT in allowed and consent is not None:
        used = consent
    elif nrm.Action.REFER_CHILD_WITHOUT_CONSENT in allowed:
        used = None
    else:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            obj=case,
            detail={"view": "nrm_refer", "reason": "no_consent"},
        )
        message = _(
            "Referral refused: the person has not given consent, in force, to share data with "
            "%(authority)s for a referral. Record the person's informed consent on the case "
            "first."
        ) % {"authority": authority.organisation.name}
        if nrm.Action.NOTIFY_ANONYMOUSLY in allowed:
            message += " " + _("Without consent, you can send an anonymous notification instead.")
        raise ValidationError({NON_FIELD_ERRORS: message})
    with transaction.atomic():
        return _refer_write(actor, case, authority, data, used, child, today)


def _refer_write(
    actor: Actor,
    case: Case,
    authority: CompetentAuthority,
    data: dict[str, Any],
    used: Any,
    child: bool,
    today: date,
) -> NrmReferral:
    person = case.person
    referral = NrmReferral.objects.create(
        kind=NrmKind.REFERRAL,
        case=case,
        authority=authority,
        jurisdiction=authority.jurisdiction,
        consent=used,
        child=child,
        person_name=person.display_name(),
        age=person_age(person, today),
        nationality=(person.citizenship or [""])[0],
        language=person.primary_language,
        exploitation=data["exploitation"],
        account=str(data["account"]).strip(),
        received_on=today,
        status=NrmStatus.AWAITING_FIRST,
        sent_by=actor.staff,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        detail={
            "case": str(case.uuid),
            "kind": referral.kind,
            "child": child,
            "consent": str(used.uuid) if used else "",
            "authority": str(authority.uuid),
        },
    )
    return referral


@writes_case("nrm_notify", case_arg)
@transaction.atomic
def nrm_notify(
    *, actor: Actor, case: Case, authority: CompetentAuthority, data: dict[str, Any]
) -> NrmReferral:
    """An anonymous notification where the law has a duty to notify: nothing that identifies the
    person (no name, no age, no language), only the nationality, the kind of exploitation and an
    account the sender is told to write without names."""
    _holder(actor, case)
    _check_text(data)
    today = timezone.localdate()
    mechanism = _mechanism(authority, today)
    if nrm.Action.NOTIFY_ANONYMOUSLY not in nrm.actions_allowed(
        mechanism, child=bool(data.get("child")), consent=False
    ):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "No duty to notify is in force for this authority's jurisdiction, or the "
                    "person is a child (a child is referred, not notified)."
                )
            }
        )
    referral = NrmReferral.objects.create(
        kind=NrmKind.NOTIFICATION,
        case=case,
        authority=authority,
        jurisdiction=authority.jurisdiction,
        child=False,
        nationality=(case.person.citizenship or [""])[0],
        exploitation=data["exploitation"],
        account=str(data["account"]).strip(),
        received_on=today,
        status=NrmStatus.RECEIVED,
        sent_by=actor.staff,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        detail={"case": str(case.uuid), "kind": referral.kind, "authority": str(authority.uuid)},
    )
    return referral


STATUS_AFTER = {
    (Stage.REASONABLE_GROUNDS, True): NrmStatus.AWAITING_CONCLUSIVE,
    (Stage.REASONABLE_GROUNDS, False): NrmStatus.NEGATIVE_FIRST,
    (Stage.CONCLUSIVE_GROUNDS, True): NrmStatus.CONCLUDED,
    (Stage.CONCLUSIVE_GROUNDS, False): NrmStatus.CONCLUDED,
}
# The one place for the status: HTCDS vic_TraffickingStatus on the screening app's record.
TRAFFICKING_STATUS = {
    (Stage.REASONABLE_GROUNDS, True): TraffickingStatus.POSSIBLE,
    (Stage.REASONABLE_GROUNDS, False): TraffickingStatus.NOT_A_VICTIM,
    (Stage.CONCLUSIVE_GROUNDS, True): TraffickingStatus.ACTUAL,
    (Stage.CONCLUSIVE_GROUNDS, False): TraffickingStatus.NOT_A_VICTIM,
}
STAGE_OPEN = {
    Stage.REASONABLE_GROUNDS: NrmStatus.AWAITING_FIRST,
    Stage.CONCLUSIVE_GROUNDS: NrmStatus.AWAITING_CONCLUSIVE,
}


def nrm_decide(
    *,
    actor: Actor,
    referral_uuid: Any,
    stage: str,
    positive: bool,
    decided_on: date,
    evidence: str,
    reasons: str,
) -> NrmDecision:
    """The authority's decision at one stage, with the evidence it considered and its reasons.

    Read again under a row lock, so a consent withdrawn or a decision taken by a colleague
    between the page and the click is seen. The status goes to the screening app's authority
    decision (one place); this record keeps the evidence and the reasons for the letter.
    """
    # Checked (and a refusal audited) outside the transaction, so the audit entry stays.
    referral = selectors.referral_for_authority(actor, referral_uuid)
    with transaction.atomic():
        locked = (
            NrmReferral.objects.select_for_update(of=("self",))
            .select_related("consent")
            .get(pk=referral.pk)
        )
        if selectors.readable_by_authority(locked):
            return _decide_write(
                actor, locked, Stage(stage), positive, decided_on, evidence, reasons
            )
    # the consent was withdrawn between the check and the lock
    selectors.referral_for_authority(actor, referral_uuid)
    raise PermissionDenied


def _decide_write(
    actor: Actor,
    referral: NrmReferral,
    stage: Stage,
    positive: bool,
    decided_on: date,
    evidence: str,
    reasons: str,
) -> NrmDecision:
    errors: dict[str, str] = {}
    if referral.kind != NrmKind.REFERRAL or referral.status != STAGE_OPEN[stage]:
        errors[NON_FIELD_ERRORS] = _("This referral is not waiting for a decision at this stage.")
    if not evidence.strip():
        errors["evidence"] = _("List the evidence you considered.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    elif decided_on < referral.received_on:
        errors["decided_on"] = _("A decision cannot be dated before the referral arrived.")
    if stage == Stage.CONCLUSIVE_GROUNDS and not errors:
        _stage, deadline = selectors.stage_deadline(referral, decided_on)
        if deadline and deadline.earliest_on and decided_on < deadline.earliest_on:
            errors["decided_on"] = _(
                "The law in this jurisdiction allows no conclusive decision before %(day)s."
            ) % {"day": deadline.earliest_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    recorded = authority_decision_record(
        actor=actor,
        case=referral.case,
        data={
            "status": TRAFFICKING_STATUS[(stage, positive)],
            "decision_making_org": DecisionMakingOrg.GOVERNMENT,
            "organisation_name": referral.authority.organisation.name[:200],
            "decided_on": decided_on,
        },
    )
    decision = NrmDecision.objects.create(
        referral=referral,
        stage=stage,
        authority_decision=recorded,
        evidence=evidence.strip(),
        reasons=reasons.strip(),
        decided_by=actor.staff,
    )
    referral.status = STATUS_AFTER[(stage, positive)]
    referral.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=decision,
        detail={"referral": str(referral.uuid), "stage": stage.value},
    )
    return decision


@writes_case("nrm_challenge", _decision_case)
@transaction.atomic
def nrm_challenge(
    *, actor: Actor, decision: NrmDecision, kind: str, requested_on: date, grounds: str
) -> NrmChallenge:
    """The first responder asks for reconsideration, or records an appeal or judicial review."""
    _holder(actor, decision.referral.case)
    errors = {}
    if kind not in ChallengeKind.values:
        errors["kind"] = _("Choose reconsideration or appeal.")
    if not grounds.strip():
        errors["grounds"] = _("Give the grounds, and any new evidence.")
    if requested_on > timezone.localdate():
        errors["requested_on"] = _("This date is in the future: choose today or an earlier day.")
    if errors:
        raise ValidationError(errors)
    challenge = NrmChallenge.objects.create(
        decision=decision,
        kind=kind,
        requested_on=requested_on,
        grounds=grounds.strip(),
        recorded_by=actor.staff,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=challenge,
        detail={"referral": str(decision.referral.uuid), "kind": kind},
    )
    return challenge


def nrm_challenge_resolve(
    *, actor: Actor, referral_uuid: Any, challenge_uuid: Any, outcome: str
) -> NrmChallenge:
    """The authority upholds its decision, or changes it: the stage opens again for a new
    decision (the latest decision of a stage is the one in force; the earlier stays on record)."""
    # checked outside the transaction, so a refusal's audit entry stays
    referral = selectors.referral_for_authority(actor, referral_uuid)
    with transaction.atomic():
        return _resolve_write(actor, referral, challenge_uuid, outcome)


def _resolve_write(
    actor: Actor, referral: NrmReferral, challenge_uuid: Any, outcome: str
) -> NrmChallenge:
    try:
        challenge = (
            NrmChallenge.objects.select_for_update(of=("self",))
            .select_related("decision")
            .get(uuid=challenge_uuid, decision__referral=referral)
        )
    except (NrmChallenge.DoesNotExist, ValueError) as error:
        raise ValidationError({NON_FIELD_ERRORS: _("No such request on this referral.")}) from error
    if challenge.outcome != ChallengeOutcome.PENDING:
        raise ValidationError({NON_FIELD_ERRORS: _("This request was already answered.")})
    if outcome not in (ChallengeOutcome.UPHELD, ChallengeOutcome.CHANGED):
        raise ValidationError({"outcome": _("Choose whether the decision stands or changes.")})
    challenge.outcome = outcome
    challenge.save(update_fields=["outcome"])
    if outcome == ChallengeOutcome.CHANGED:
        referral.status = STAGE_OPEN[Stage(challenge.decision.stage)]
        referral.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=challenge,
        detail={"referral": str(referral.uuid), "outcome": outcome},
    )
    return challenge


@transaction.atomic
def authority_designate(
    *, actor: Actor, organisation: Organisation, jurisdiction: str
) -> CompetentAuthority:
    """Designate a competent-authority organisation for a jurisdiction whose mechanism
    needsfirst holds; refused (ValueError, with the reason) otherwise."""
    if organisation.type != OrganisationType.COMPETENT_AUTHORITY:
        raise ValueError(f"{organisation.name} is not of the type 'competent authority'.")
    code = jurisdiction.strip().upper()
    if code not in nrm.supported_jurisdictions():
        raise ValueError(
            f"needsfirst holds no referral mechanism for {code!r} "
            f"(held: {', '.join(nrm.supported_jurisdictions())})."
        )
    designation, _created = CompetentAuthority.objects.get_or_create(
        organisation=organisation, jurisdiction=code
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=designation, detail={"jurisdiction": code}
    )
    return designation
