"""The printable referral form for an outside partner: only the sections the referral shares.

`referral_form_data` picks the fields; `referral_form_pdf` only lays out what it is given, so
the test of what leaves the system reads the data, not the PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer

from needsfirst.documents import paragraph, stylesheet
from needsfirst.web.cases.models import CaseShareSection
from needsfirst.web.claims.selectors import claim_summary
from needsfirst.web.referrals.models import DOMAIN_LABELS, Referral
from needsfirst.web.screening.models import TraffickingStatus
from needsfirst.web.screening.selectors import determinations_of, screening_of, status_of_labels


@dataclass(frozen=True)
class FormSection:
    heading: str
    rows: list[tuple[str, str]]


def _rows(pairs: list[tuple[Any, Any]]) -> list[tuple[str, str]]:
    return [(str(label), str(value)) for label, value in pairs if value not in (None, "", [])]


def _bound_service(referral: Referral) -> str:
    """The service as it was when the referral was sent (a later directory change is not it)."""
    snapshot = referral.provider_snapshot or {}
    provider = referral.provider
    name = snapshot.get("name") or provider.name
    city = snapshot.get("city") or provider.city
    country = snapshot.get("country") or provider.country
    return f"{name}, {city} ({country})"


def referral_form_data(referral: Referral) -> tuple[str, list[FormSection]]:
    """The title and the sections of the form; a section not shared is not read at all."""
    case = referral.case
    person = case.person
    title = _("Referral %(reference)s to %(provider)s") % {
        "reference": case.reference,
        "provider": referral.provider_label,
    }
    sections = [
        FormSection(
            _("Referral"),
            _rows(
                [
                    (_("Case reference"), case.reference),
                    (_("Referred by"), case.organisation.name),
                    (_("Service"), _bound_service(referral)),
                    (_("Need"), DOMAIN_LABELS.get(referral.domain, "")),
                    (_("Date"), referral.sent_at.date().isoformat()),
                    (_("Message"), referral.message),
                    (
                        _("Legal basis"),
                        _("The person's consent to share these sections for a referral")
                        if referral.consent_id
                        else _("Sent without consent, for a recorded reason"),
                    ),
                ]
            ),
        )
    ]
    shared = set(referral.sections)
    if CaseShareSection.IDENTITY in shared:
        sections.append(
            FormSection(
                str(CaseShareSection.IDENTITY.label),
                _rows(
                    [
                        (_("Name"), person.display_name()),
                        (
                            _("Other names"),
                            ", ".join(name.value for name in person.other_names.all()),
                        ),
                        (_("Date of birth"), person.birthdate),
                        (_("Estimated age"), person.estimated_age),
                        (_("Sex"), person.get_sex_display()),
                        (_("Gender"), person.get_gender_display()),
                        (_("Nationality"), ", ".join(person.citizenship)),
                        (_("Main language"), person.primary_language),
                        (_("Other language"), person.secondary_language),
                    ]
                ),
            )
        )
    if CaseShareSection.CONTACT in shared:
        sections.append(
            FormSection(
                str(CaseShareSection.CONTACT.label),
                _rows(
                    [
                        (_("Mobile phone"), person.mobile_phone),
                        (_("Other phone"), person.home_phone),
                        (_("Email"), person.email),
                        (_("How to contact safely"), person.safe_contact),
                    ]
                ),
            )
        )
    if CaseShareSection.DOCUMENTS in shared:
        rows = [
            (
                document.get_type_display(),
                "; ".join(
                    part
                    for part in (
                        document.number,
                        document.issuing_country,
                        str(document.get_held_by_display()),
                    )
                    if part
                ),
            )
            for document in person.documents.all()
        ]
        sections.append(FormSection(str(CaseShareSection.DOCUMENTS.label), _rows(rows)))
    if CaseShareSection.EVENTS in shared:
        rows = [
            (
                f"{event.get_type_display()} {event.date.isoformat() if event.date else '?'}",
                " · ".join(part for part in (event.city, event.country, event.description) if part),
            )
            for event in case.events.all()
        ]
        sections.append(FormSection(str(CaseShareSection.EVENTS.label), _rows(rows)))
    if CaseShareSection.NOTES in shared:
        rows = [(note.note_date.isoformat(), note.body) for note in case.notes.all()]
        sections.append(FormSection(str(CaseShareSection.NOTES.label), _rows(rows)))
    sections += shared_records(case, shared)
    return title, sections


def shared_records(case: Any, shared: set[str]) -> list[FormSection]:
    """What the screening and the wage-claim apps keep about the case, when shared."""
    out: list[FormSection] = []
    if CaseShareSection.SCREENING in shared:
        latest = determinations_of(screening_of(case)).first()
        rows = (
            [
                (_("Screened on"), date_format(latest.created_at, "DATE_FORMAT")),
                (_("Outcome"), TraffickingStatus(status_of_labels(list(latest.label_ids))).label),
                (_("Law applied as of"), date_format(latest.as_of, "DATE_FORMAT")),
            ]
            if latest is not None
            else [(_("Outcome"), _("No screening was recorded."))]
        )
        out.append(FormSection(str(CaseShareSection.SCREENING.label), _rows(rows)))
    if CaseShareSection.CLAIM in shared:
        rows = claim_summary(case) or [(_("Wage claim"), _("No claim was saved."))]
        out.append(FormSection(str(CaseShareSection.CLAIM.label), _rows(rows)))
    return out


def referral_form_pdf(title: str, sections: list[FormSection], *, compress: bool = True) -> bytes:
    # Names and notes may be in Arabic or another script: needsfirst.documents draws them.
    styles = stylesheet()
    width = A4[0] - 2 * inch
    buffer = io.BytesIO()
    story: list[Any] = [paragraph(title, styles["Title"], width)]
    for section in sections:
        story += [Spacer(1, 8), paragraph(section.heading, styles["Heading2"], width)]
        for label, value in section.rows:
            story.append(paragraph(f"{label}: {value}", styles["Normal"], width))
    notice = _(
        "Confidential. Shared with the person's consent for this referral only: do "
        "not pass it on, and destroy it when the service is given."
    )
    story += [Spacer(1, 12), paragraph(str(notice), styles["Italic"], width)]
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title, invariant=1, pageCompression=1 if compress else 0
    ).build(story)
    return buffer.getvalue()
