"""The duplicate review pages: the list of candidate pairs, the two people side by side, and
the merge, "not the same person" and undo buttons. Thin: a selector or a service per view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import case_roles_required, current_user
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Person
from needsfirst.web.dedup import selectors, services
from needsfirst.web.dedup.models import CandidateStatus
from needsfirst.web.dedup.services import MergeRefused
from needsfirst.web.dedup.texts import missing_text, reason_text, refusal_text


@case_roles_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    candidates = list(selectors.open_candidates(user)[:100])
    merges = list(selectors.recent_merges(user))
    if candidates or merges:
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.VIEW,
            object_type="duplicatecandidate",
            object_id="list",
            holder_id=user.organisation_id,
            detail={"candidates": len(candidates), "merges": len(merges)},
        )
    context = {
        "candidates": candidates,
        "merges": merges,
        "run": selectors.latest_run(user),
    }
    return render(request, "dedup/candidates.html", context)


@case_roles_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    services.start_run(actor=Actor.from_request(request))
    messages.success(
        request,
        _("The search for duplicates has started. Pairs to review appear here when it finishes."),
    )
    return redirect("dedup:list")


def _side(person: Person) -> dict[str, Any]:
    return {
        "person": person,
        "other_names": list(person.other_names.all()),
        "documents": list(person.documents.all()),
        "cases": list(person.cases.order_by("-opened_at")),
    }


@case_roles_required
@require_GET
def review(request: HttpRequest, candidate_uuid: str) -> HttpResponse:
    user = current_user(request)
    candidate = selectors.candidate_for(user, candidate_uuid)
    actor = Actor.from_request(request)
    a, b = candidate.person_a, candidate.person_b
    refusal = ""
    if {a.organisation_id, b.organisation_id} != {user.organisation_id}:
        refusal = refusal_text(MergeRefused.OTHER_ORGANISATION)
    elif a.anonymised_at or b.anonymised_at:
        refusal = refusal_text(MergeRefused.ERASED)
    for person in (a, b):
        if person.organisation_id == user.organisation_id:
            audit_record(
                actor=actor,
                action=AuditAction.VIEW,
                obj=person,
                detail={"duplicate_review": str(candidate.uuid)},
            )
    texts, missing = reason_text(), missing_text()
    reasons = [
        {"code": code, "text": missing.get(field) if code == "missing" else texts.get(code)}
        for field, code in candidate.reasons.items()
    ]
    reasons = [reason for reason in reasons if reason["text"]]
    context = {
        "candidate": candidate,
        "refusal": refusal,
        "open": candidate.status == CandidateStatus.OPEN,
        "reasons": reasons,
        "percent": candidate.percent,
        # a person held elsewhere is never shown, only the refusal
        "left": _side(a) if a.organisation_id == user.organisation_id else None,
        "right": _side(b) if b.organisation_id == user.organisation_id else None,
    }
    return render(request, "dedup/review.html", context)


@case_roles_required
@recent_authentication_required
@require_POST
def merge(request: HttpRequest, candidate_uuid: str) -> HttpResponse:
    keep = request.POST.get("keep", "")
    if keep not in {"a", "b"}:
        messages.error(request, _("Choose which record to keep."))
        return redirect("dedup:review", candidate_uuid=candidate_uuid)
    try:
        done = services.merge_candidate(
            actor=Actor.from_request(request), candidate_uuid=candidate_uuid, keep=keep
        )
    except (ObjectDoesNotExist, ValueError) as error:
        raise Http404 from error
    except MergeRefused as refused:
        messages.error(request, refusal_text(refused.code))
        return redirect("dedup:review", candidate_uuid=candidate_uuid)
    messages.success(
        request,
        _("Merged. The cases of both records are now with one person; you can undo this below."),
    )
    return redirect(f"{_list_url()}#merge-{done.uuid}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("dedup:list")


@case_roles_required
@require_POST
def not_same(request: HttpRequest, candidate_uuid: str) -> HttpResponse:
    try:
        services.not_the_same(actor=Actor.from_request(request), candidate_uuid=candidate_uuid)
    except (ObjectDoesNotExist, ValueError) as error:
        raise Http404 from error
    except MergeRefused as refused:
        messages.error(request, refusal_text(refused.code))
        return redirect("dedup:review", candidate_uuid=candidate_uuid)
    messages.success(request, _("Marked as two different people."))
    return redirect("dedup:list")


@case_roles_required
@recent_authentication_required
@require_POST
def undo(request: HttpRequest, merge_uuid: str) -> HttpResponse:
    try:
        services.undo_merge(actor=Actor.from_request(request), merge_uuid=merge_uuid)
    except (ObjectDoesNotExist, ValueError) as error:
        raise Http404 from error
    except MergeRefused as refused:
        messages.error(request, refusal_text(refused.code))
        return redirect("dedup:list")
    messages.success(request, _("Merge undone. Each person has their own cases again."))
    return redirect("dedup:list")
