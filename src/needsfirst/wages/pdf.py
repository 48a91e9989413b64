"""A claim statement as a PDF (reportlab), for a labour office or an employment tribunal.

Pure: takes a Claim, returns bytes; nothing is written to disk. Every sentence is a marked
message rendered by its message id through `translate` (`needsfirst.i18n.render`; identity by
default, the web layer passes Django's `gettext` inside the person's language), so the core
never imports Django. Text is drawn with a Unicode font, and
Arabic is shaped and laid out right to left (`needsfirst.documents`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from needsfirst.documents import paragraph, stylesheet
from needsfirst.i18n import Text, _, render
from needsfirst.wages.claims import HEAD_TITLES, NOT_LEGAL_ADVICE, UNVERIFIED, Claim
from needsfirst.wages.money import format_money
from needsfirst.wages.rates import minimum_wage_scope
from needsfirst.wages.render import claim_title


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class StatementDetails:
    """Who and what the statement is about, each already as the reader should see it (names,
    never codes or slugs); empty values are left out. `jurisdiction` is the country's name."""

    jurisdiction: str = ""
    prepared_on: str = ""
    prepared_by: str = ""
    organisation: str = ""
    worker: str = ""
    employer: str = ""


_DETAIL_LABELS = (
    ("worker", _("Worker")),
    ("employer", _("Employer")),
    ("jurisdiction", _("Country whose law applies")),
    ("organisation", _("Prepared for the worker by")),
    ("prepared_by", _("Prepared by")),
    ("prepared_on", _("Date")),
)


def _period_text(start: date | None, end: date | None) -> str:
    """ "2026-01-01 – 2026-03-31", one day alone, or nothing."""
    if not start:
        return ""
    if end and end != start:
        return f"{start.isoformat()} – {end.isoformat()}"
    return start.isoformat()


def claim_statement_pdf(
    claim: Claim,
    *,
    title: str | None = None,
    details: StatementDetails | None = None,
    compress: bool = True,
    translate: Callable[[str], str] = _identity,
    translate_plural: Callable[[str, str, int], str] | None = None,
) -> bytes:
    """The claim as an A4 PDF: who it concerns and who prepared it, one row per line with its
    arithmetic and legal basis, totals per currency, what was not computed, and that it is not
    legal advice. Deterministic for the same claim and details (invariant=1).

    `translate` turns each marked sentence (headings, column titles, the head of each line,
    the arithmetic, the notes) into the reader's language by its message id; `title`, if
    given, is used as it is."""
    t = translate

    def say(message: object) -> str:
        return render(message, t, translate_plural)

    styles = stylesheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = BytesIO()
    heading = title or say(claim_title(claim))
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        title=heading,
        invariant=1,
        pageCompression=1 if compress else 0,
    )
    width = A4[0] - 30 * mm
    widths = [35 * mm, 30 * mm, 28 * mm, 87 * mm]
    story: list[object] = [paragraph(heading, styles["Title"], width)]
    if details is not None:
        shown = [(label, getattr(details, name)) for name, label in _DETAIL_LABELS]
        detail_rows = [
            [paragraph(say(label), small, 50 * mm), paragraph(value, small, width - 50 * mm)]
            for label, value in shown
            if value
        ]
        if detail_rows:
            facts_table = Table(detail_rows, colWidths=[50 * mm, width - 50 * mm])
            facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [facts_table, Spacer(1, 2 * mm)]
    story.append(paragraph(say(NOT_LEGAL_ADVICE), styles["BodyText"], width, italic=True))
    headings = [_("Head"), _("Period"), _("Amount"), _("How and why")]
    rows: list[list[object]] = [
        [paragraph(say(text), small, w) for text, w in zip(headings, widths, strict=True)]
    ]
    for line in claim.lines:
        when = _period_text(line.start, line.end)
        rows.append(
            [
                paragraph(say(HEAD_TITLES[line.head]), small, widths[0]),
                paragraph(when, small, widths[1]),
                paragraph(format_money(line.amount, line.currency), small, widths[2]),
                [
                    paragraph(say(line.arithmetic), small, widths[3]),
                    paragraph(
                        line.legal_basis
                        if line.verified
                        else f"{line.legal_basis} {say(UNVERIFIED)}",
                        small,
                        widths[3],
                        italic=True,
                    ),
                ],
            ]
        )
    for currency, amount in sorted(claim.totals.items()):
        rows.append(
            [
                "",
                paragraph(say(_("Total")), small, widths[1]),
                paragraph(format_money(amount, currency), small, widths[2]),
                "",
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
    )
    story += [Spacer(1, 4 * mm), table]
    if not claim.lines:
        story.append(paragraph(say(_("No amount is owed on these facts.")), small, width))
    if claim.notes:
        story.append(Spacer(1, 4 * mm))
        story.append(paragraph(say(_("Not computed or to check:")), styles["Heading4"], width))
        story += [paragraph("• " + say(note), small, width) for note in claim.notes]
    scope = minimum_wage_scope(claim.facts.jurisdiction)
    if scope:
        story.append(Spacer(1, 3 * mm))
        story.append(paragraph(say(Text(scope)), small, width))
    document.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()
