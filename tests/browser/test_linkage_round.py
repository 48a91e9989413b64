"""A supervisor encodes her organisation's people for a linkage round, in a real browser, at
desktop width, on a 390 px phone and in Arabic: the file downloads and holds no name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services as case_services
from tests.browser.conftest import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = bytes(range(32)).hex()


def test_a_supervisor_encodes_her_people_and_downloads_a_file_without_names(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    supervisor: User,
    caseworker: User,
    tmp_path: Path,
) -> None:
    case_services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={
            "first_name": "Senait",
            "second_name": "Tekle",
            "birthdate": dt.date(1998, 11, 2),
        },
    )
    key_file = tmp_path / "partners.key"
    key_file.write_text(KEY)
    page = open_page().page
    sign_in(page, supervisor)  # once: a second factor code is accepted only once
    for label in walk(page, "/linkage/"):
        shoot(page, f"{label}-form")
        page.locator("input[type=file]").set_input_files(str(key_file))
        with page.expect_download() as download_info:
            page.locator("form[enctype] button[type=submit]").click()
        saved = tmp_path / f"{label}.nfl"
        download_info.value.save_as(saved)
        content = saved.read_bytes()
        assert content.startswith(b"NFLINK\n")
        assert b"Senait" not in content
        assert b"Tekle" not in content
