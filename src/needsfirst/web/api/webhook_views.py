"""The organisation administrator's page of webhooks, beside the API tokens: list, add (https and
public addresses only, the API's own check), the signing secret shown once, rotate it, disable,
and the last deliveries by event type, ids, status and attempts (never the content of a record).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.api.events import (
    subscription_create,
    subscription_disable,
    subscription_rotate,
)
from needsfirst.web.api.models import EventType, WebhookSubscription
from needsfirst.web.api.tokens import TOKEN_ADMINS
from needsfirst.web.audit.display import RECORD_KINDS
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record

admins_required = roles_required(TOKEN_ADMINS)
LAST_DELIVERIES = 20


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "The partner system's https:// address. Addresses inside private networks are refused."
        ),
    )
    event_types = forms.MultipleChoiceField(
        label=gettext_lazy("Events to send"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
    )


def url_messages() -> dict[str, str]:
    """The address check's refusals (`events.validate_webhook_url`, by code) as sentences."""
    return {
        "https_only": _("Give an address that starts with https://."),
        "auth": _("The address may not hold a user name or a password."),
        "private_address": _(
            "The address is in a private, loopback or reserved network; give a public one."
        ),
        "dns": _("The address's host name does not resolve."),
    }


def _place(form: forms.Form, error: ValidationError) -> None:
    known = url_messages()
    for field, errors in error.error_dict.items():
        for one in errors:
            text = known.get(one.code or "") if field == "url" else None
            if field == "event_types":
                text = _("Choose one or more events.")
            form.add_error(field if field in form.fields else None, text or one.messages[0])


def subscriptions_of(request: HttpRequest) -> Any:
    return WebhookSubscription.objects.filter(organisation=current_user(request).organisation)


def _labelled(subscription: WebhookSubscription) -> WebhookSubscription:
    """The subscription with its event types by name, in the reader's language."""
    names = dict(EventType.choices)
    subscription.event_labels = [  # type: ignore[attr-defined]
        str(names.get(code, code)) for code in subscription.event_types
    ]
    return subscription


def _subscription(request: HttpRequest, webhook_uuid: Any) -> WebhookSubscription:
    found = subscriptions_of(request).filter(uuid=webhook_uuid).first()
    if found is None:
        raise Http404
    return found


@admins_required
@never_cache
@recent_authentication_required(methods={"POST"})
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    user = current_user(request)
    form = WebhookForm(request.POST if request.method == "POST" else None)
    created: tuple[WebhookSubscription, str] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    created = subscription_create(
                        organisation_id=user.organisation_id,  # type: ignore[arg-type]
                        created_by=user,
                        url=form.cleaned_data["url"],
                        event_types=sorted(form.cleaned_data["event_types"]),
                    )
                    audit_record(actor=actor, action=AuditAction.CREATE, obj=created[0])
            except ValidationError as error:
                _place(form, error)
        if created is None:
            status = 400
        else:
            form = WebhookForm()
    subscriptions = [_labelled(found) for found in subscriptions_of(request)]
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="webhooksubscription",
        detail={"list": len(subscriptions)},
    )
    context = {
        "form": form,
        "created": created[0] if created else None,
        "secret": created[1] if created else "",
        "subscriptions": subscriptions,
    }
    # The secret is on this one answer only (never_cache): it is kept encrypted, to sign with.
    return render(request, "api/webhooks.html", context, status=status)


@admins_required
@never_cache
@require_http_methods(["GET"])
def webhook_detail(request: HttpRequest, webhook_uuid: Any) -> HttpResponse:
    subscription = _subscription(request, webhook_uuid)
    return _detail(request, subscription, secret="")


def _detail(request: HttpRequest, subscription: WebhookSubscription, secret: str) -> HttpResponse:
    deliveries = list(
        subscription.deliveries.select_related("event").order_by("-id")[:LAST_DELIVERIES]
    )
    names = dict(EventType.choices)
    for delivery in deliveries:
        delivery.event_label = str(names.get(delivery.event.type, delivery.event.type))  # type: ignore[attr-defined]
        delivery.retries = max(delivery.attempts - 1, 0)  # type: ignore[attr-defined]
        kind = delivery.event.object_type
        delivery.record_label = str(RECORD_KINDS.get(kind, kind))  # type: ignore[attr-defined]
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=subscription,
        detail={"deliveries": len(deliveries)},
    )
    context = {
        "subscription": _labelled(subscription),
        "deliveries": deliveries,
        "secret": secret,
        "last": LAST_DELIVERIES,
    }
    return render(request, "api/webhook_detail.html", context)


@admins_required
@never_cache
@recent_authentication_required
@require_POST
def webhook_rotate(request: HttpRequest, webhook_uuid: Any) -> HttpResponse:
    subscription = _subscription(request, webhook_uuid)
    if subscription.revoked_at is not None:
        messages.error(request, _("This webhook is disabled; add a new one instead."))
        return redirect("api_tokens:webhook", subscription.uuid)
    with transaction.atomic():
        secret = subscription_rotate(subscription=subscription)
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.UPDATE,
            obj=subscription,
            detail={"secret_rotated": True},
        )
    return _detail(request, subscription, secret=secret)


@admins_required
@require_POST
def webhook_disable(request: HttpRequest, webhook_uuid: Any) -> HttpResponse:
    subscription = _subscription(request, webhook_uuid)
    with transaction.atomic():
        if subscription_disable(subscription=subscription):
            audit_record(
                actor=Actor.from_request(request),
                action=AuditAction.UPDATE,
                obj=subscription,
                detail={"revoked": True},
            )
    messages.success(request, _("The webhook is disabled: nothing more is sent to this address."))
    return redirect("api_tokens:webhooks")
