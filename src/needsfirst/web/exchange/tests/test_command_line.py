"""`needsfirst export` and `needsfirst import` reach the database through the entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from needsfirst.cli import main
from needsfirst.web.accounts.models import User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, Person

pytestmark = pytest.mark.django_db


def test_export_then_import_from_the_command_line(
    full_case: Case,
    shelter_admin: User,
    other_admin: User,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exported = tmp_path / "shelter.xlsx"
    shelter = str(shelter_admin.organisation.uuid)  # type: ignore[union-attr]
    other = str(other_admin.organisation.uuid)  # type: ignore[union-attr]

    assert (
        main(["export", str(exported), "--organisation", shelter, "--user", "shelter-admin"]) == 0
    )
    assert main(["import", str(exported), "--organisation", other, "--user", "other-admin"]) == 0
    assert "9 created, 0 updated, 0 unchanged, 0 conflicts" in capsys.readouterr().out
    assert main(["import", str(exported), "--organisation", other, "--user", "other-admin"]) == 0
    assert "0 created, 0 updated, 9 unchanged, 0 conflicts" in capsys.readouterr().out

    assert Person.objects.filter(organisation=other_admin.organisation).count() == 1
    assert AuditEntry.objects.filter(actor=shelter_admin, action=AuditAction.EXPORT).exists()


def test_a_user_of_another_organisation_or_role_is_refused_by_the_command_line(
    full_case: Case, shelter_admin: User, caseworker: User, tmp_path: Path
) -> None:
    shelter = str(shelter_admin.organisation.uuid)  # type: ignore[union-attr]
    target = tmp_path / "out.json"

    assert main(["export", str(target), "--organisation", shelter, "--user", "caseworker"]) == 2
    assert main(["export", str(target), "--organisation", shelter, "--user", "nobody"]) == 2
    assert not target.exists()
    assert AuditEntry.objects.filter(actor=caseworker, action=AuditAction.ACCESS_DENIED).exists()


def test_the_toolkits_one_sheet_layout_from_the_command_line(
    full_case: Case, shelter_admin: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from needsfirst.exchange import read_file

    exported = tmp_path / "toolkit.xlsx"
    shelter = str(shelter_admin.organisation.uuid)  # type: ignore[union-attr]
    arguments = ["--organisation", shelter, "--user", "shelter-admin", "--one-sheet"]

    assert main(["export", str(exported), *arguments]) == 0
    assert read_file(exported.read_bytes(), "toolkit.xlsx").tables["person"]
    assert main(["export", str(tmp_path / "toolkit.json"), *arguments]) == 2
