"""Error pages carry the site's layout and a way back, and never need what may have failed."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from needsfirst.web.cases import services
from needsfirst.web.common import views as error_views
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

INTAKE = {
    "first_name": "Oluwaseun",
    "second_name": "Vandermeerbeek",
    "mobile_phone": "+39 347 1",
    "sex": "female",
    "gender": "Feminine",
}


def main_of(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1]


def assert_in_the_layout_with_a_way_home(response) -> None:
    page = response.content.decode()
    assert "needsfirst/needsfirst.css" in page, "the site's stylesheet is missing"
    assert '<header class="top">' in page
    assert '<a class="brand" href="/">' in page
    assert "<footer>" in page
    assert 'href="/"' in main_of(response), "no link home in the page's content"


@pytest.fixture
def broken_intake(monkeypatch):
    def broken(**kwargs: object) -> None:
        raise RuntimeError("Oluwaseun Vandermeerbeek could not be saved")

    monkeypatch.setattr(services, "case_intake", broken)


@override_settings(DEBUG=False)
def test_the_500_page_has_the_site_layout_a_way_home_and_no_submitted_value(
    caseworker, broken_intake
):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.post(reverse("cases:intake"), INTAKE)
    assert response.status_code == 500
    assert_in_the_layout_with_a_way_home(response)
    page = response.content.decode()
    for value in ("Oluwaseun", "Vandermeerbeek", "+39 347 1", "RuntimeError", "Traceback"):
        assert value not in page
    # Drawn without context processors or a session: no menu, no form posting a token.
    assert "<nav" not in page
    assert "<form" not in page


@override_settings(DEBUG=False)
def test_the_500_page_is_in_the_readers_language(caseworker, broken_intake):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.post(reverse("cases:intake"), INTAKE, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 500
    assert '<html lang="fr"' in response.content.decode()


@override_settings(DEBUG=False)
def test_the_500_page_falls_back_to_plain_words_when_the_layout_cannot_be_drawn(
    caseworker, broken_intake, monkeypatch
):
    def no_template(name: str):
        raise OSError("the template directory is gone")

    monkeypatch.setattr(error_views.loader, "get_template", no_template)
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.post(reverse("cases:intake"), INTAKE)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'href="/"' in page
    assert "Vandermeerbeek" not in page


@override_settings(DEBUG=False)
def test_the_404_page_has_the_site_layout_and_a_way_home(caseworker):
    response = signed_in(caseworker).get("/cases/5bffbcd2-dd2c-4030-9e43-985ea838f7fb/")
    assert response.status_code == 404
    assert_in_the_layout_with_a_way_home(response)


@override_settings(DEBUG=False)
def test_the_404_page_links_back_to_the_previous_page_of_this_site_only(caseworker):
    client = signed_in(caseworker)
    unknown = "/cases/5bffbcd2-dd2c-4030-9e43-985ea838f7fb/"
    here = client.get(unknown, HTTP_REFERER="http://testserver/cases/?page=2")
    assert 'href="/cases/"' in main_of(here)
    assert "page=2" not in main_of(here)
    elsewhere = client.get(unknown, HTTP_REFERER="https://evil.example.org/cases/")
    assert "evil.example.org" not in elsewhere.content.decode()
    assert "Back to the previous page" not in main_of(elsewhere)


def test_the_403_page_has_the_site_layout_and_a_way_home(make_user, shelter):
    analyst = make_user("analyst", shelter)
    response = signed_in(analyst).get(reverse("cases:list"))
    assert response.status_code == 403
    assert_in_the_layout_with_a_way_home(response)


@override_settings(DEBUG=False)
def test_an_error_page_whose_menu_cannot_be_drawn_still_answers_in_the_layout(
    caseworker, monkeypatch
):
    def no_render(*args: object, **kwargs: object):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(error_views, "render", no_render)
    response = signed_in(caseworker).get("/nowhere/")
    assert response.status_code == 404
    assert_in_the_layout_with_a_way_home(response)


def test_the_csrf_failure_page_has_the_site_layout_and_a_way_home(caseworker):
    client = signed_in(caseworker)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("cases:intake"), INTAKE)
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert_in_the_layout_with_a_way_home(response)


@override_settings(DEBUG=False)
def test_a_bad_host_header_is_a_400_page_in_the_layout_never_a_500():
    client = Client(HTTP_HOST="evil.example.org")
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 400
    assert_in_the_layout_with_a_way_home(response)
    assert "evil.example.org" not in response.content.decode()


@override_settings(DEBUG=False)
def test_a_bad_host_header_on_the_api_is_400_never_500():
    client = Client(HTTP_HOST="evil.example.org")
    client.raise_request_exception = False
    response = client.post("/api/v1/cases/", "{}", content_type="application/json")
    assert response.status_code == 400
