"""No personal data in logs, in URLs the application makes or redirects to, or on error pages."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.audit.logging import RedactRequestFilter
from needsfirst.web.cases import services
from needsfirst.web.cases.models import Case
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

FIRST, FAMILY = "Oluwaseun", "Vandermeerbeek"
PHONE = "+39 347 5550199"
NOTE = "She fears the man called Brannigan"
SECRETS = (FIRST, FAMILY, PHONE, NOTE, "5550199", "Brannigan")
INTAKE = {
    "first_name": FIRST,
    "second_name": FAMILY,
    "mobile_phone": PHONE,
    "sex": "female",
    "gender": "Feminine",
}
LINK = re.compile(r"""(?:href|action|src|hx-get|hx-post)\s*=\s*["']([^"']*)["']""")


def links(page: bytes) -> list[str]:
    return LINK.findall(page.decode("utf-8", errors="replace"))


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} found in {where}: {text[:300]}"


def journey(client: Client) -> tuple[list[str], list[str]]:
    """Intake, search, view, note, export, and a few errors; returns the URLs seen and made."""
    redirects: list[str] = []
    made: list[str] = []

    def visit(response) -> None:
        if response.status_code in (301, 302, 303):
            redirects.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            made.extend(links(response.content))

    response = client.post(reverse("cases:intake"), INTAKE)
    assert response.status_code == 302
    visit(response)
    case = Case.objects.get()
    visit(client.post(reverse("cases:search"), {"name": f"{FIRST} {FAMILY}"}))
    visit(client.post(reverse("cases:search"), {"name": FAMILY}, HTTP_HX_REQUEST="true"))
    visit(client.get(reverse("cases:detail", args=[case.uuid])))
    note = {"body": NOTE, "note_date": timezone.localdate().isoformat()}
    visit(client.post(reverse("cases:note_add", args=[case.uuid]), note))
    visit(client.get(reverse("cases:export_json", args=[case.uuid])))
    visit(client.get(reverse("cases:export_pdf", args=[case.uuid])))
    visit(client.get(reverse("cases:person_edit", args=[case.uuid])))
    visit(client.get(reverse("cases:list")))
    # Errors: a refused form, an unknown page, a refused note.
    visit(client.post(reverse("cases:intake"), {**INTAKE, "email": f"{FIRST}@"}))
    visit(client.get("/cases/5bffbcd2-dd2c-4030-9e43-985ea838f7fb/"))
    visit(client.post(reverse("cases:note_add", args=[case.uuid]), {"body": NOTE}))
    visit(client.get(reverse("home")))
    return redirects, made


def test_a_journey_leaves_no_personal_data_in_any_log_record(caseworker, caplog):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    with caplog.at_level(logging.DEBUG):
        journey(client)
    assert caplog.records, "the journey logged nothing: the capture is not working"
    for record in caplog.records:
        assert_clean(record.getMessage(), f"log record of {record.name}")
        assert_clean(str(record.args), f"log arguments of {record.name}")
        if record.exc_info:
            assert_clean(logging.Formatter().formatException(record.exc_info), "a traceback")


def test_what_the_configured_log_handler_writes_holds_no_personal_data(caseworker):
    """The real handler, with its filter: a query string a client sent is redacted too."""
    root = logging.getLogger()
    handlers = [h for h in root.handlers if isinstance(h, logging.StreamHandler)]
    assert handlers
    stream = io.StringIO()
    level = root.level
    previous = [handler.setStream(stream) for handler in handlers]
    root.setLevel(logging.DEBUG)
    try:
        client = signed_in(caseworker)
        client.raise_request_exception = False
        journey(client)
        client.get(f"/nowhere/?name={FAMILY}&phone={PHONE}")
    finally:
        root.setLevel(level)
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)
    written = stream.getvalue()
    assert "Not Found" in written
    assert_clean(written, "the log output")


@override_settings(DEBUG=False)
def test_a_server_error_logs_the_path_but_no_submitted_value(caseworker, caplog, monkeypatch):
    def broken(**kwargs: object) -> None:
        raise RuntimeError("intake failed")

    monkeypatch.setattr(services, "case_intake", broken)
    client = signed_in(caseworker)
    client.raise_request_exception = False
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("cases:intake"), INTAKE)
    assert response.status_code == 500
    errors = [record for record in caplog.records if record.name == "django.request"]
    assert errors
    for record in errors:
        assert_clean(record.getMessage(), "the error log")
        assert_clean(logging.Formatter().formatException(record.exc_info), "the error traceback")
    assert_clean(response.content.decode(), "the 500 page")


def test_the_log_filter_drops_the_request_and_query_strings():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/x?name={FAMILY}",),
        None,
    )
    record.request = object()
    RedactRequestFilter().filter(record)
    assert record.request is None
    assert FAMILY not in record.getMessage()


def test_no_url_made_or_redirected_to_carries_personal_data(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    redirects, made = journey(client)
    assert redirects
    assert made
    for url in redirects + made:
        assert_clean(url, "a URL")


def test_the_search_form_sends_the_name_by_post_and_a_name_in_the_query_finds_nothing(
    caseworker_client, open_case
):
    open_case(first_name=FIRST, second_name=FAMILY)
    page = caseworker_client.get(reverse("cases:search")).content.decode()
    assert re.search(r'<form[^>]*method="post"', page)
    response = caseworker_client.get(reverse("cases:search"), {"name": FAMILY})
    assert FAMILY not in response.content.decode()


def test_the_list_filter_puts_no_name_in_the_url(caseworker_client, open_case):
    open_case(first_name=FIRST, second_name=FAMILY)
    page = caseworker_client.get(reverse("cases:list")).content
    for url in links(page):
        assert_clean(url, "the case list")


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("path", "status"),
    [(f"/cases/{FAMILY}/", 404), (f"/nowhere/{FIRST}?phone={PHONE}", 404)],
    ids=["name in the path", "name and phone in an unknown URL"],
)
def test_a_not_found_page_does_not_echo_the_path(caseworker, path, status):
    client = signed_in(caseworker)
    response = client.get(path)
    assert response.status_code == status
    # The language switcher of every page carries the requested path back to the same user
    # (its hidden "next" field); the page's own content must not repeat it.
    main = response.content.decode().split('<main id="main"', 1)[1]
    assert_clean(main, "the 404 page")


@override_settings(DEBUG=False)
def test_the_400_page_of_an_oversized_request_echoes_nothing(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.post(reverse("cases:intake"), {**INTAKE, "safe_contact": "x" * 3_000_000})
    assert response.status_code == 400
    assert_clean(response.content.decode(), "the 400 page")


def test_the_csrf_page_echoes_nothing(caseworker):
    client = signed_in(caseworker)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("cases:intake"), INTAKE)
    assert response.status_code == 403
    assert_clean(response.content.decode(), "the CSRF page")


def test_a_refused_page_echoes_nothing(make_user, shelter, open_case):
    open_case(first_name=FIRST, second_name=FAMILY)
    analyst = make_user("analyst", shelter)
    response = signed_in(analyst).post(reverse("cases:search"), {"name": FAMILY})
    assert response.status_code == 403
    assert_clean(response.content.decode(), "the 403 page")


def test_exports_are_not_cached_and_name_no_one_in_the_file_name(caseworker_client, open_case):
    case = open_case(first_name=FIRST, second_name=FAMILY)
    for name in ("cases:export_json", "cases:export_pdf"):
        response = caseworker_client.get(reverse(name, args=[case.uuid]))
        assert response["Cache-Control"] == "no-store"
        assert_clean(response["Content-Disposition"], "the export file name")
