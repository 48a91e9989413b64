"""Who does it: a plan action names a staff member of the organisation holding the case."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.assistance import services
from needsfirst.web.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def _open_item(caseworker, open_case):
    case = open_case()
    services.assessment_record(
        actor=Actor.for_user(caseworker),
        case=case,
        answers={},
        assessed_on=timezone.localdate(),
        jurisdiction="IT",
    )
    return case, case.plan_items.first()


def test_a_staff_member_of_the_organisation_is_named_on_an_action_and_audited(
    caseworker, caseworker_client, open_case, make_user, shelter
):
    colleague = make_user(Role.CASEWORKER, shelter, "colleague")
    case, item = _open_item(caseworker, open_case)
    url = reverse("assistance:action_assign", args=[case.uuid, item.uuid])
    response = caseworker_client.post(url, {"responsible": colleague.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.responsible == colleague
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(item.uuid)).get()
    assert entry.detail["fields"] == ["responsible"]
    assert entry.detail["to"] == colleague.pk
    page = caseworker_client.get(reverse("assistance:overview", args=[case.uuid]))
    assert f'value="{colleague.pk}" selected' in page.content.decode()
    # An empty choice clears it: the role stands.
    assert caseworker_client.post(url, {"responsible": ""}).status_code == 302
    item.refresh_from_db()
    assert item.responsible is None


def test_someone_of_another_organisation_cannot_be_named(
    caseworker, caseworker_client, open_case, make_user, other_ngo, shelter
):
    stranger = make_user(Role.CASEWORKER, other_ngo, "stranger")
    analyst = make_user(Role.ANALYST, shelter, "analyst-colleague")
    case, item = _open_item(caseworker, open_case)
    url = reverse("assistance:action_assign", args=[case.uuid, item.uuid])
    for user in (stranger, analyst):
        response = caseworker_client.post(url, {"responsible": user.pk})
        assert response.status_code == 400
        assert "responsible" in response.context["form"].errors
    item.refresh_from_db()
    assert item.responsible is None
    with pytest.raises(ValidationError) as error:
        services.plan_item_assign(actor=Actor.for_user(caseworker), item=item, responsible=stranger)
    assert "responsible" in error.value.message_dict


def test_a_closed_action_takes_no_responsible(
    caseworker, caseworker_client, open_case, make_user, shelter
):
    colleague = make_user(Role.CASEWORKER, shelter, "colleague")
    case, item = _open_item(caseworker, open_case)
    services.plan_item_status_set(actor=Actor.for_user(caseworker), item=item, status="done")
    url = reverse("assistance:action_assign", args=[case.uuid, item.uuid])
    assert caseworker_client.post(url, {"responsible": colleague.pk}).status_code == 400
    item.refresh_from_db()
    assert item.responsible is None
