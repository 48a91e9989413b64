"""The services directory reads a page at a time by place and name: every service once, forwards
and back, ties of the same place and name broken by the id, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.models import Organisation
from needsfirst.web.common.keyset import ordered_page
from needsfirst.web.conftest import walk_pages
from needsfirst.web.referrals.models import ServiceProvider

pytestmark = pytest.mark.django_db


def _services(organisation: Organisation, count: int, *, start: int = 0) -> None:
    # Three services in each place, and two of them with the same name: ties on every sort value.
    for n in range(start, start + count):
        ServiceProvider.objects.create(
            organisation=organisation,
            owner=organisation,
            name="Clinic" if n % 3 else "Advice centre",
            type="health",
            domains=["medical_urgent"] if n % 2 else ["legal"],
            languages=["ar"] if n % 2 else ["fr"],
            country="IT",
            city=f"Town {n // 3:02d}",
        )


def _expected(**filters: str) -> list[int]:
    return list(
        ServiceProvider.objects.filter(active=True, **filters)
        .order_by("country", "city", "name", "id")
        .values_list("pk", flat=True)
    )


def test_walking_the_directory_shows_every_service_once_in_order_both_ways(
    caseworker_client, shelter, settings
):
    settings.NEEDSFIRST_PAGE_SIZE = 4
    _services(shelter, 17)
    walked = walk_pages(caseworker_client, reverse("referrals:directory"))
    assert walked["forwards"] == _expected()
    assert walked["backwards"] == walked["forwards"]
    assert len(walked["pages"]) == 5


def test_the_directory_pages_keep_the_filters(caseworker_client, shelter, settings):
    settings.NEEDSFIRST_PAGE_SIZE = 3
    _services(shelter, 20)
    walked = walk_pages(caseworker_client, reverse("referrals:directory"), need="legal")
    legal = [p.pk for p in ServiceProvider.objects.all() if "legal" in p.domains]
    assert sorted(walked["forwards"]) == sorted(legal)
    assert walked["forwards"] == [pk for pk in _expected() if pk in legal]
    assert walked["backwards"] == walked["forwards"]


def test_a_directory_page_reads_the_same_number_of_queries_however_many_services(
    caseworker_client, shelter, settings
):
    settings.NEEDSFIRST_PAGE_SIZE = 3
    _services(shelter, 7)
    few = walk_pages(caseworker_client, reverse("referrals:directory"))["queries"]
    _services(shelter, 30, start=7)
    many = walk_pages(caseworker_client, reverse("referrals:directory"))["queries"]
    assert len(many) > len(few)
    assert set(many) == set(few) == {few[0]}


def test_a_page_is_found_again_when_its_boundary_service_has_left_the_directory(shelter):
    _services(shelter, 9)
    queryset = ServiceProvider.objects.filter(active=True)
    first = ordered_page(queryset, order=("country", "city", "name"), size=4)
    ServiceProvider.objects.filter(pk=first.object_list[-1].pk).update(active=False)
    second = ordered_page(
        queryset, order=("country", "city", "name"), size=4, after=first.next_cursor
    )
    assert [p.pk for p in second] == _expected()[3:7]


@pytest.mark.parametrize(
    "bad", ["x", "sQ.i1", "s!!.s.s.i1", "i1.i2.i3.i4.i5", "t" + "9" * 30, "s" + "A" * 500]
)
def test_a_directory_cursor_that_does_not_parse_shows_the_first_page(
    caseworker_client, shelter, settings, bad
):
    settings.NEEDSFIRST_PAGE_SIZE = 3
    _services(shelter, 5)
    response = caseworker_client.get(reverse("referrals:directory"), {"after": bad})
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"]] == _expected()[:3]
