"""An organisation encodes its own people for a linkage round: only its people, no clear text,
audited with counts only, refused to other roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from needsfirst.linkage import fileformat, matching
from needsfirst.linkage.encoding import Encoder
from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.records import record_from_fields
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case
from needsfirst.web.conftest import signed_in

SECRET_HEX = bytes(range(32)).hex()


def key_upload(text: str = SECRET_HEX) -> SimpleUploadedFile:
    return SimpleUploadedFile("partners.key", text.encode("ascii"))


@pytest.fixture
def admin(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "org-admin")


@pytest.fixture
def people(open_case: Callable[..., Case], other_ngo: Organisation, make_user: Callable[..., User]):
    ours = [
        open_case("Mohammed", "Hossain", birthdate=dt.date(1990, 5, 14), sex="male"),
        open_case("Senait", "Tekle", birthdate=dt.date(1998, 11, 2), sex="female"),
    ]
    theirs = open_case(
        "Hiwot", "Berhane", birthdate=dt.date(1999, 1, 9), by=make_user(Role.CASEWORKER, other_ngo)
    )
    return ours, theirs


def test_an_administrator_downloads_the_encodings_of_her_organisations_people_only(
    admin: User, people: tuple[list[Case], Case]
) -> None:
    response = signed_in(admin).post("/linkage/", {"key_file": key_upload()})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="needsfirst-linkage.nfl"'
    content = response.content
    assert b"Mohammed" not in content
    assert b"Hossain" not in content
    encodings = _read(content)
    assert encodings.count == 2
    key = LinkageKey.from_secret(bytes(range(32)))
    muhammad = record_from_fields(
        {
            "first_name": "Muhammad",
            "family_name": "Hussain",
            "birthdate": "1990-05-14",
            "sex": "male",
        }
    )
    packed = Encoder(key).filter_of(muhammad)
    found = matching.dice_pairs(encodings.filters, packed, matching.DEFAULT_THRESHOLD)
    assert [row for row, _, _ in found] == [0]


def _read(content: bytes) -> fileformat.Encodings:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".nfl") as handle:
        handle.write(content)
        handle.flush()
        return fileformat.read(Path(handle.name))


def test_each_run_is_audited_with_its_count_and_no_personal_data(
    admin: User, people: tuple[list[Case], Case]
) -> None:
    signed_in(admin).post("/linkage/", {"key_file": key_upload()})
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="linkage_encoding")
    assert entry.detail["records"] == 2
    assert "Mohammed" not in str(entry.detail)


def test_anonymised_people_are_left_out(
    admin: User, caseworker: User, people: tuple[list[Case], Case]
) -> None:
    ours, _ = people
    case_services.person_erase(actor=Actor.for_user(caseworker), person=ours[0].person)
    response = signed_in(admin).post("/linkage/", {"key_file": key_upload()})
    assert _read(response.content).count == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.LABOUR_INSPECTOR])
def test_other_roles_are_refused_and_the_refusal_is_audited(
    role: str, make_user: Callable[..., User], shelter: Organisation
) -> None:
    user = make_user(role, shelter, f"user-{role}")
    response = signed_in(user).post("/linkage/", {"key_file": key_upload()})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor=user).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00ff", "The key is too short"),
        ("not a key!", "A key file holds hex or base64 text."),
    ],
)
def test_a_bad_key_file_is_refused_on_its_field_and_nothing_is_exported(
    admin: User, text: str, message: str
) -> None:
    response = signed_in(admin).post("/linkage/", {"key_file": key_upload(text)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_page_explains_what_the_coordinator_learns(admin: User) -> None:
    page = signed_in(admin).get("/linkage/").content.decode()
    assert "never a name or a date of birth" in page


def test_the_command_writes_the_same_file(
    admin: User, people: tuple[list[Case], Case], shelter: Organisation, tmp_path: Path
) -> None:
    key = tmp_path / "partners.key"
    key.write_text(SECRET_HEX)
    output = tmp_path / "ours.nfl"
    out = StringIO()
    call_command("link_encode", organisation=shelter.pk, key=key, output=output, stdout=out)
    assert "encoded 2 people" in out.getvalue()
    page = signed_in(admin).post("/linkage/", {"key_file": key_upload()})
    assert output.read_bytes() == page.content


def test_the_command_names_an_unknown_organisation(tmp_path: Path, db: object) -> None:
    key = tmp_path / "partners.key"
    key.write_text(SECRET_HEX)
    with pytest.raises(CommandError, match="organisation"):
        call_command("link_encode", organisation=999, key=key, output=tmp_path / "x.nfl")
