"""The audit trail as a person reads it: which case (reference, and name for those allowed), what
was done in words, by whom; and its filters by user, case and date.

Entries hold a model name and an identifier, never content. The records they name are looked up
through Django's app registry, not imported: the audit app sits below the apps it records, and
this page only reads. Only the page's entries are resolved, in one query per kind of record.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from needsfirst.web.accounts.models import CASE_ROLES, Role, User
from needsfirst.web.audit.models import AuditEntry

REFERENCE_PATTERN = r"^[A-Za-z0-9-]{1,24}$"

# What kind of record an entry names, in words (model names are machine keys).
RECORD_KINDS = {
    "case": _("case"),
    "person": _("personal details"),
    "casenote": _("note"),
    "caseevent": _("timeline event"),
    "consent": _("consent"),
    "consent_override": _("consent check"),
    "identitydocument": _("document"),
    "needsassessment": _("needs assessment"),
    "planitem": _("plan action"),
    "reflectionperiod": _("reflection period"),
    "cooperationrecord": _("cooperation record"),
    "referral": _("referral"),
    "serviceprovider": _("service"),
    "nrmreferral": _("referral to the competent authority"),
    "nrmdecision": _("competent authority's decision"),
    "nrmchallenge": _("request to reconsider a decision"),
    "authoritydecision": _("competent authority's decision"),
    "handover": _("hand-over of the case"),
    "competentauthority": _("competent authority designation"),
    "user": _("user account"),
    "importjob": _("data import"),
    "htcds_export": _("export of the organisation's records"),
    "exportjob": _("requested export"),
    "exchange_export": _("requested export"),
    "outsidescreening": _("screening by another organisation"),
}


def _model_named(model_name: str) -> Any:
    for model in apps.get_models():
        if model._meta.model_name == model_name and _has_field(model, "uuid"):
            return model
    return None


def _has_field(model: type[Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _case_model() -> Any:
    return apps.get_model("cases", "Case")


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    kind: str
    case: Any | None  # the case the record belongs to, when it belongs to one
    name: str | None  # the person's name, for a reader allowed to see it


def _cases_of(object_type: str, ids: list[str]) -> dict[str, Any]:
    """Identifier -> case, for the records of one kind named on the page."""
    case_model = _case_model()
    if object_type == "case":
        cases = case_model.objects.filter(uuid__in=ids).select_related("person")
        return {str(c.uuid): c for c in cases}
    model = _model_named(object_type)
    if model is None:
        return {}
    if object_type == "person":
        cases = case_model.objects.filter(person__uuid__in=ids).select_related("person")
        return {str(c.person.uuid): c for c in cases.order_by("opened_at")}
    if not _has_field(model, "case"):
        return {}
    records = model.objects.filter(uuid__in=ids).select_related("case", "case__person")
    return {str(r.uuid): r.case for r in records}


def _may_see_names(reader: User) -> bool:
    return reader.role in CASE_ROLES


def audit_rows(reader: User, entries: Iterable[AuditEntry]) -> list[Row]:
    entries = list(entries)
    wanted: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.object_id:
            wanted[entry.object_type].append(entry.object_id)
    found: dict[tuple[str, str], Any] = {}
    for object_type, ids in wanted.items():
        valid = [i for i in ids if _looks_like_uuid(i)]
        for object_id, case in _cases_of(object_type, valid).items():
            found[(object_type, object_id)] = case
    rows = []
    for entry in entries:
        case = found.get((entry.object_type, entry.object_id))
        allowed = (
            case is not None
            and _may_see_names(reader)
            and case.organisation_id == reader.organisation_id
        )
        kind = RECORD_KINDS.get(entry.object_type)
        rows.append(
            Row(
                entry=entry,
                kind=str(kind) if kind else "",
                case=case,
                name=case.person.display_name() if case is not None and allowed else None,
            )
        )
    return rows


def _looks_like_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class AuditFilter(forms.Form):
    """Filters by identifiers and dates only: no name ever travels in the address."""

    user = forms.TypedChoiceField(label=_("User"), required=False, coerce=int, empty_value=None)
    case = forms.RegexField(
        label=_("Case reference"),
        required=False,
        regex=REFERENCE_PATTERN,
        max_length=24,
        error_messages={"invalid": _("A case reference has letters, digits and dashes only.")},
    )
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", gettext("Anyone")), *_user_choices(users)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day comes before the first."))
        return data


def _user_choices(users: QuerySet[User]) -> list[tuple[int, str]]:
    return [(u.pk, u.get_full_name() or u.username) for u in users.order_by("username")]


def audit_users(reader: User) -> QuerySet[User]:
    """Whose entries the reader may filter by: the organisation's users (all, for a system
    administrator)."""
    users = User.objects.all()
    if reader.role == Role.SYSTEM_ADMIN:
        return users
    return users.filter(organisation=reader.organisation)


def case_record_ids(reader: User, reference: str) -> list[str] | None:
    """The identifiers of a case and of every record that belongs to it, for a reference the
    reader's trail may show; None when no such case is visible."""
    cases = _case_model().objects.filter(reference__iexact=reference)
    if reader.role != Role.SYSTEM_ADMIN:
        cases = cases.filter(organisation=reader.organisation)
    case = cases.select_related("person").first()
    if case is None:
        return None
    ids = [str(case.uuid), str(case.person.uuid)]
    for relation in case._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and _has_field(model, "uuid"):
            field = relation.field.name
            ids += [
                str(u) for u in model.objects.filter(**{field: case}).values_list("uuid", flat=True)
            ]
    return ids


def apply_filters(
    reader: User, entries: QuerySet[AuditEntry], data: dict[str, Any]
) -> QuerySet[AuditEntry]:
    if data.get("user"):
        entries = entries.filter(actor_id=data["user"])
    if data.get("case"):
        ids = case_record_ids(reader, data["case"])
        entries = entries.filter(object_id__in=ids) if ids is not None else entries.none()
    zone = timezone.get_current_timezone()
    if data.get("since"):
        entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, tzinfo=zone))
    if data.get("until"):
        entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, tzinfo=zone))
    return entries
