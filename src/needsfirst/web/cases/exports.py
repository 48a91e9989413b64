"""Subject access: everything held on one person, as HTCDS-named JSON and as a PDF."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from needsfirst.web.cases.models import HTCDS_CASE_STATUS, HTCDS_FIELDS, Person


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
        "cas_ReasonForCaseClosure": case.closure_reason,
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
    }


def person_export_pdf(person: Person, title: str) -> bytes:
    data = person_export_data(person)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    story: list[Any] = [Paragraph(escape(title), styles["Title"])]
    story += _section(styles, "Person", data["person"])
    for case in data["cases"]:
        story += _section(styles, f"Case {case['reference']}", case)
    SimpleDocTemplate(buffer, pagesize=A4, title=title, invariant=1).build(story)
    return buffer.getvalue()


def _section(styles: Any, heading: str, values: dict[str, Any]) -> list[Any]:
    items: list[Any] = [Spacer(1, 8), Paragraph(escape(heading), styles["Heading2"])]
    for key, value in values.items():
        if isinstance(value, list):
            for index, item in enumerate(value, start=1):
                text = "; ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, ""))
                items.append(Paragraph(escape(f"{key} {index}: {text}"), styles["Normal"]))
        elif value not in (None, ""):
            items.append(Paragraph(escape(f"{key}: {value}"), styles["Normal"]))
    return items
