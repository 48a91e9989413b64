"""The audit trail reads a page at a time, newest first: the organisation's own entries and
those of others touching its records merged in their place, every entry once forwards and back,
ties of the moment broken by the id, a fixed number of queries a page."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import walk_pages

pytestmark = pytest.mark.django_db


def _entries(count, *, organisation, holder=None, start=0):
    now = timezone.now() + timedelta(days=1)
    for n in range(start, start + count):
        # Two entries at each moment; the held ones fall between the own ones.
        moment = now - timedelta(minutes=n // 2 * 10 + (5 if holder else 0))
        with mock.patch("django.utils.timezone.now", return_value=moment):
            AuditEntry.objects.create(
                organisation=organisation,
                holder=holder,
                action=AuditAction.VIEW,
                object_type="case",
                object_id=f"walk-{n}",
            )


def test_walking_the_audit_trail_shows_each_entry_once_newest_first_both_ways(
    supervisor_client, shelter, other_ngo, monkeypatch
):
    from needsfirst.web.audit import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 4)
    _entries(9, organisation=shelter)
    _entries(6, organisation=other_ngo, holder=shelter)
    _entries(5, organisation=other_ngo)
    walked = walk_pages(supervisor_client, reverse("audit:list"))
    shown = AuditEntry.objects.filter(object_id__startswith="walk-")
    expected = [
        entry.pk
        for entry in shown.order_by("-at", "-id")
        if entry.organisation_id == shelter.pk or entry.holder_id == shelter.pk
    ]
    walked_entries = [
        pk for pk in walked["forwards"] if pk in set(shown.values_list("pk", flat=True))
    ]
    assert walked_entries == expected
    assert walked["backwards"] == walked["forwards"]
    assert not set(walked["forwards"]) & set(
        shown.filter(holder__isnull=True, organisation=other_ngo).values_list("pk", flat=True)
    )


def test_an_audit_page_reads_the_same_queries_however_long_the_trail(
    supervisor_client, shelter, other_ngo, monkeypatch
):
    from needsfirst.web.audit import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 3)
    _entries(7, organisation=shelter)
    few = walk_pages(supervisor_client, reverse("audit:list"))["queries"]
    _entries(30, organisation=shelter, start=7)
    _entries(10, organisation=other_ngo, holder=shelter, start=40)
    many = walk_pages(supervisor_client, reverse("audit:list"))["queries"]
    assert len(many) > len(few)
    assert max(many) == max(few)
