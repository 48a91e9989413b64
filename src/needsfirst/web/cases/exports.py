"""Subject access: everything held on one person, as HTCDS-named JSON and as a PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer

from needsfirst.documents import paragraph, stylesheet
from needsfirst.web.cases.models import HTCDS_CASE_STATUS, HTCDS_FIELDS, Case, Person


@dataclass(frozen=True)
class CaseData:
    """Records another app keeps about a case: exported on subject access, erased on request."""

    section: str
    model: str  # "app_label.ModelName"
    case_lookup: str  # from the model to its case, e.g. "case" or "screening__case"
    # How the app writes its records into an export, when the plain fields would not say enough
    # (e.g. a link to another record, exported with that record's name); None: the fields.
    export: Callable[[Case], list[dict[str, Any]]] | None = None

    def rows(self, case: Case) -> QuerySet[Any]:
        return apps.get_model(self.model).objects.filter(**{self.case_lookup: case})

    def exported(self, case: Case) -> list[dict[str, Any]]:
        if self.export is not None:
            return self.export(case)
        return [_row(obj) for obj in self.rows(case)]


CASE_DATA: list[CaseData] = []


def register_case_data(
    section: str,
    model: str,
    case_lookup: str = "case",
    export: Callable[[Case], list[dict[str, Any]]] | None = None,
) -> None:
    """Called from an app's `ready()`, so the cases app needs no import of the other apps."""
    entry = CaseData(section, model, case_lookup, export)
    if entry not in CASE_DATA:
        CASE_DATA.append(entry)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", None) or getattr(value, "username", None) or value)
    return str(value)


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name == "case":
            continue
        row[field.name] = _jsonable(getattr(obj, field.name))
    return row


def case_related_data(case: Case) -> dict[str, list[dict[str, Any]]]:
    return {entry.section: entry.exported(case) for entry in CASE_DATA}


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def person_export_data(person: Person) -> dict[str, Any]:
    """A JSON-ready document of the person, their names, documents, cases, notes and consents."""
    prs = {
        HTCDS_FIELDS[name]: _iso(getattr(person, name)) for name in HTCDS_FIELDS if "." not in name
    }
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": str(person.uuid),
            **prs,
            "sex": person.sex,
            "estimated_age": person.estimated_age,
            "estimated_age_on": _iso(person.estimated_age_on),
            "safe_contact": person.safe_contact,
            "other_names": [{"kind": n.kind, "name": n.value} for n in person.other_names.all()],
            "documents": [
                {
                    "type": d.type,
                    "number": d.number,
                    "issuing_country": d.issuing_country,
                    "held_by": d.held_by,
                }
                for d in person.documents.all()
            ],
        },
        "cases": [_case_data(case) for case in person.cases.all().order_by("opened_at")],
    }


def _case_data(case: Any) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "organisation": case.organisation.name,
        "status": case.status,
        "cas_Status": HTCDS_CASE_STATUS[case.status],
        "cas_ReasonForCaseClosure": case.closure_said,
        "opened_at": _iso(case.opened_at),
        "closed_at": _iso(case.closed_at),
        "notes": [
            {"date": _iso(note.note_date), "cco_CaseComment": note.body}
            for note in case.notes.all()
        ],
        "events": [
            {
                "hte_Type": e.type,
                "hte_Date": _iso(e.date),
                "hte_Country": e.country,
                "hte_State": e.state,
                "hte_City": e.city,
                "hte_Street": e.street,
                "hte_Description": e.description,
            }
            for e in case.events.all()
        ],
        "consents": [
            {
                "kind": c.kind,
                "con_Consent": c.granted,
                "purpose": c.purpose,
                "recipient": c.recipient.name if c.recipient else None,
                "method": c.method,
                "decided_on": _iso(c.decided_on),
                "withdrawn_on": _iso(c.withdrawn_on),
            }
            for c in case.consents.all()
        ],
        **case_related_data(case),
    }


def person_export_pdf(person: Person, title: str) -> bytes:
    data = person_export_data(person)
    # Names may be in Arabic or another script: needsfirst.documents draws them.
    styles = stylesheet()
    buffer = io.BytesIO()
    story: list[Any] = [paragraph(title, styles["Title"], PAGE_WIDTH)]
    story += _section(styles, "Person", data["person"])
    for case in data["cases"]:
        story += _section(styles, f"Case {case['reference']}", case)
    SimpleDocTemplate(buffer, pagesize=A4, title=title, invariant=1).build(story)
    return buffer.getvalue()


PAGE_WIDTH = A4[0] - 2 * inch  # SimpleDocTemplate's default margins


def _text(value: Any) -> str:
    """One line of a value: a record as `key: value; ...`, a list of plain values joined."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _section(styles: Any, heading: str, values: dict[str, Any]) -> list[Any]:
    items: list[Any] = [Spacer(1, 8), paragraph(heading, styles["Heading2"], PAGE_WIDTH)]
    for key, value in values.items():
        if value in (None, "", []):
            continue
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            # A list of records (names, documents, notes): one line each.
            for index, item in enumerate(value, start=1):
                items.append(
                    paragraph(f"{key} {index}: {_text(item)}", styles["Normal"], PAGE_WIDTH)
                )
        else:
            # A plain value, or a list of plain values such as prs_Citizenship ["NG", "GH"].
            items.append(paragraph(f"{key}: {_text(value)}", styles["Normal"], PAGE_WIDTH))
    return items
