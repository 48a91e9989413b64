"""The decision letter, in the person's language where needsfirst speaks it (else English).

`letter_data` picks the sentences; `letter_pdf` only lays them out (needsfirst.documents draws
any script, right to left included), so a test of what the letter says reads the data.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer

from needsfirst.documents import paragraph, stylesheet
from needsfirst.web.nrm import selectors
from needsfirst.web.nrm.models import NrmDecision, Stage


def letter_language(code: str) -> str:
    spoken = {language for language, _name in settings.LANGUAGES}
    return code if code in spoken else "en"


def _outcome(stage: str, positive: bool) -> str:
    if stage == Stage.REASONABLE_GROUNDS:
        if positive:
            return _(
                "There are reasonable grounds to believe that you are a victim of human "
                "trafficking or modern slavery."
            )
        return _(
            "The authority did not find reasonable grounds to believe that you are a victim of "
            "human trafficking or modern slavery."
        )
    if positive:
        return _("You are recognised as a victim of human trafficking or modern slavery.")
    return _("You are not recognised as a victim of human trafficking or modern slavery.")


def letter_data(decision: NrmDecision, today: date) -> tuple[str, str, list[str]]:
    """(language, title, paragraphs) of the letter, in the person's language."""
    referral = decision.referral
    language = letter_language(referral.language)
    with translation.override(language):
        positive = selectors.is_positive(decision)
        decided_on = date_format(decision.authority_decision.decided_on, "DATE_FORMAT")
        title = _("Decision of the competent authority")
        lines = []
        if referral.person_name:
            lines.append(_("To: %(name)s") % {"name": referral.person_name})
        lines.append(
            _("On %(date)s, %(authority)s took this decision (%(stage)s):")
            % {
                "date": decided_on,
                "authority": referral.authority.organisation.name,
                "stage": Stage(decision.stage).label,
            }
        )
        lines.append(_outcome(decision.stage, positive))
        lines.append(_("The reasons: %(reasons)s") % {"reasons": decision.reasons})
        summary = selectors.entitlements_for(referral, today)
        if summary is not None and positive:
            # law-data titles are in the catalogue (needsfirst.law.catalogue), so they translate
            titles = sorted({_(item.title) for item in summary.now})
            lines.append(
                _("What this decision gives you (the legal source of each is given on request):")
            )
            lines.extend(f"• {title}" for title in titles)
        lines.append(
            _(
                "If you disagree, the organisation that referred you can ask for this decision "
                "to be reconsidered and send new evidence."
            )
        )
        lines.append(
            _("The help you receive from %(organisation)s does not depend on this decision.")
            % {"organisation": referral.case.organisation.name}
        )
    return language, title, lines


def letter_pdf(title: str, lines: list[str], *, compress: bool = True) -> bytes:
    styles = stylesheet()
    width = A4[0] - 2 * inch
    buffer = io.BytesIO()
    story: list[Any] = [paragraph(title, styles["Title"], width)]
    for line in lines:
        story += [Spacer(1, 6), paragraph(line, styles["Normal"], width)]
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title, invariant=1, pageCompression=1 if compress else 0
    ).build(story)
    return buffer.getvalue()
