from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from needsfirst.web.audit.models import AppendOnlyError, AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_viewing_a_case_leaves_an_entry_with_who_what_and_where(
    caseworker, caseworker_client, open_case
):
    case = open_case()
    caseworker_client.get(reverse("cases:detail", args=[case.uuid]), REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(case.uuid)).get()
    assert entry.actor == caseworker
    assert entry.organisation == caseworker.organisation
    assert entry.ip_address == "10.1.2.3"


def test_an_export_leaves_an_entry(caseworker_client, open_case):
    case = open_case()
    caseworker_client.get(reverse("cases:export_json", args=[case.uuid]))
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(case.person.uuid)
    ).exists()


def test_an_entry_holds_no_personal_data(caseworker_client, open_case):
    case = open_case(first_name="Zaynab", second_name="Quasimodo")
    caseworker_client.get(reverse("cases:detail", args=[case.uuid]))
    for entry in AuditEntry.objects.all():
        assert "Zaynab" not in str(entry.detail) + entry.object_id


def test_entries_cannot_be_changed_or_deleted_through_the_model(caseworker, open_case):
    open_case()
    entry = AuditEntry.objects.first()
    entry.action = AuditAction.VIEW
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action=AuditAction.VIEW)


def test_the_database_itself_refuses_to_change_entries(open_case):
    open_case()
    statements = ["UPDATE audit_auditentry SET action = 'view'"]
    if connection.vendor == "postgresql":
        statements.append("DELETE FROM audit_auditentry")
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.count() >= 2


def test_supervisors_see_their_organisation_entries_and_not_others(
    supervisor_client, caseworker_client, open_case, make_user, other_ngo
):
    from needsfirst.web.accounts.models import Role
    from needsfirst.web.conftest import signed_in

    case = open_case()
    caseworker_client.get(reverse("cases:detail", args=[case.uuid]))
    page = supervisor_client.get(reverse("audit:list"))
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    foreign = signed_in(make_user(Role.SUPERVISOR, other_ngo, "foreign-supervisor"))
    assert case.reference not in foreign.get(reverse("audit:list")).content.decode()


def test_the_audit_trail_names_the_case_and_person_and_says_what_was_done_in_words(
    supervisor_client, caseworker_client, open_case
):
    case = open_case("Grace", "Mensah")
    caseworker_client.get(reverse("cases:detail", args=[case.uuid]))
    page = supervisor_client.get(reverse("audit:list")).content.decode()
    assert case.reference in page
    assert "Grace Mensah" in page
    assert "viewed case" in page
    assert str(case.uuid) not in page


def test_a_system_administrator_reads_the_trail_by_reference_without_names(
    make_user, caseworker_client, open_case, shelter
):
    from needsfirst.web.accounts.models import Role
    from needsfirst.web.conftest import signed_in

    case = open_case("Grace", "Mensah")
    caseworker_client.get(reverse("cases:detail", args=[case.uuid]))
    admin = signed_in(make_user(Role.SYSTEM_ADMIN, shelter, "rafael"))
    page = admin.get(reverse("audit:list")).content.decode()
    assert case.reference in page
    assert "Grace Mensah" not in page


def test_the_audit_trail_filters_by_user_case_and_date(
    supervisor_client, caseworker, caseworker_client, supervisor, open_case
):
    from datetime import timedelta

    from django.utils import timezone

    first = open_case("First", "Person")
    second = open_case("Second", "Person")
    caseworker_client.get(reverse("cases:detail", args=[first.uuid]))
    supervisor_client.get(reverse("cases:detail", args=[second.uuid]))
    url = reverse("audit:list")

    by_case = supervisor_client.get(url, {"case": first.reference})
    assert by_case.status_code == 200
    assert {row.case.pk for row in by_case.context["rows"] if row.case} == {first.pk}

    by_user = supervisor_client.get(url, {"user": supervisor.pk})
    assert {row.entry.actor_id for row in by_user.context["rows"]} == {supervisor.pk}

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert not supervisor_client.get(url, {"since": tomorrow}).context["rows"]
    today = timezone.localdate().isoformat()
    assert supervisor_client.get(url, {"since": today, "until": today}).context["rows"]


def test_the_audit_filter_refuses_a_name_in_the_case_field_and_says_which_field(
    supervisor_client,
):
    response = supervisor_client.get(reverse("audit:list"), {"case": "Grace Mensah"})
    assert response.status_code == 400
    assert "A case reference has letters, digits and dashes only." in response.content.decode()
    assert not response.context["rows"]
