"""A claim statement as a PDF (reportlab), for a labour office or an employment tribunal.

Pure: takes a Claim, returns bytes; nothing is written to disk. The text marked with `_()` goes
through `translate` (identity by default; the web layer passes Django's `gettext` inside the
person's language), so the core never imports Django. Text is drawn with a Unicode font, and
Arabic is shaped and laid out right to left (`needsfirst.documents`).
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from needsfirst.documents import paragraph, stylesheet
from needsfirst.i18n import _, render
from needsfirst.wages.claims import HEAD_TITLES, Claim
from needsfirst.wages.money import format_money
from needsfirst.wages.rates import minimum_wage_scope


def _identity(text: str) -> str:
    return text


def claim_statement_pdf(
    claim: Claim,
    *,
    title: str | None = None,
    compress: bool = True,
    translate: Callable[[str], str] = _identity,
) -> bytes:
    """The claim as an A4 PDF: one row per line with its arithmetic and legal basis, totals per
    currency, and what was not computed. Deterministic for the same claim (invariant=1).

    `translate` turns each fixed text (headings, column titles, the head of each line, the scope
    note) into the reader's language; `title`, if given, is used as it is."""
    t = translate
    styles = stylesheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        title=title or t(_("Wage and fee claim")),
        invariant=1,
        pageCompression=1 if compress else 0,
    )
    heading = title or t(_("Wage and fee claim: {jurisdiction}, sector {sector}")).format(
        jurisdiction=claim.facts.jurisdiction, sector=claim.facts.sector
    )
    width = A4[0] - 30 * mm
    widths = [35 * mm, 30 * mm, 28 * mm, 87 * mm]
    story: list[object] = [paragraph(heading, styles["Title"], width)]
    headings = [_("Head"), _("Period"), _("Amount"), _("How and why")]
    rows: list[list[object]] = [
        [paragraph(t(text), small, w) for text, w in zip(headings, widths, strict=True)]
    ]
    for line in claim.lines:
        when = ""
        if line.start:
            when = line.start.isoformat()
            if line.end and line.end != line.start:
                when += f" – {line.end.isoformat()}"
        rows.append(
            [
                paragraph(t(HEAD_TITLES[line.head]), small, widths[0]),
                paragraph(when, small, widths[1]),
                paragraph(format_money(line.amount, line.currency), small, widths[2]),
                [
                    paragraph(render(line.arithmetic, t), small, widths[3]),
                    paragraph(line.legal_basis, small, widths[3], italic=True),
                ],
            ]
        )
    for currency, amount in sorted(claim.totals.items()):
        rows.append(
            [
                "",
                paragraph(t(_("Total")), small, widths[1]),
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
    if claim.notes:
        story.append(Spacer(1, 4 * mm))
        story.append(paragraph(t(_("Not computed or to check:")), styles["Heading4"], width))
        story += [paragraph("• " + render(note, t), small, width) for note in claim.notes]
    scope = minimum_wage_scope(claim.facts.jurisdiction)
    if scope:
        story.append(Spacer(1, 3 * mm))
        story.append(paragraph(t(scope), small, width))
    document.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()
