"""An offer check as plain text (the CLI) and as data (JSON for the CLI and the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from needsfirst.i18n import Text, _, render, text
from needsfirst.law import Source
from needsfirst.recruitment.checker import OfferCheck, Severity, Verdict
from needsfirst.recruitment.facts import screening_facts

VERDICT_TEXT: dict[Verdict, Text] = {
    Verdict.FLAGS: Text(_("Some terms of this offer break the standards below.")),
    Verdict.INCOMPLETE: Text(
        _(
            "No term breaks a standard, but the offer leaves out terms that must be checked "
            "before you accept it."
        )
    ),
    Verdict.LOOKS_FINE: Text(
        _("This offer looks fine: every term that was checked meets the standards.")
    ),
}
SEVERITY_TEXT: dict[Severity, Text] = {
    Severity.HIGH: Text(_("Serious")),
    Severity.MEDIUM: Text(_("Ask about it")),
    Severity.LOW: Text(_("Good to know")),
}
NOT_LEGAL_ADVICE = Text(
    _(
        "This check compares the terms you gave with international standards and the law data "
        "needsfirst holds. It is not legal advice."
    )
)


def _source(source: Source) -> dict[str, Any]:
    return {
        "instrument": source.instrument,
        "provision": source.provision,
        "url": source.url,
        "verified": source.verified,
    }


def check_to_data(check: OfferCheck) -> dict[str, Any]:
    """The result as JSON-ready data: English sentences plus their message ids."""
    return {
        "as_of": check.offer.on.isoformat(),
        "country_of_work": check.offer.country_of_work,
        "verdict": check.verdict.value,
        "verdict_text": str(VERDICT_TEXT[check.verdict]),
        "debt_months": None if check.debt_months is None else str(check.debt_months),
        "findings": [
            {
                "rule": finding.rule,
                "term": finding.term,
                "severity": finding.severity.value,
                "problem": str(finding.problem),
                "ask_instead": str(finding.ask_instead),
                "problem_message": finding.problem.as_json(),
                "ask_instead_message": finding.ask_instead.as_json(),
                "standards": [
                    {
                        "id": item.id,
                        "title": item.title,
                        "summary": item.summary,
                        "source": _source(item.source),
                    }
                    for item in finding.standards
                ],
                "sources": [_source(source) for source in finding.sources],
                "unverified": finding.unverified,
            }
            for finding in check.findings
        ],
        "missing": [{"term": item.term, "why": str(item.why)} for item in check.missing],
        "notes": [str(note) for note in check.notes],
        # The facts a screening can start from (contract substitution as deception, ...).
        "screening_facts": screening_facts(check),
        "sponsorship": None
        if check.sponsorship is None
        else {
            "effective_from": check.sponsorship.effective_from.isoformat(),
            "visa_tied_to_employer": check.sponsorship.visa_tied_to_employer,
            "change_employer_needs_permission": (
                check.sponsorship.change_needs_permission_in(check.offer.sector)
            ),
            "change_employer_free_after": check.sponsorship.change_employer_free_after or None,
            "leaving_needs_permission": check.sponsorship.leaving_needs_permission_in(
                check.offer.sector
            ),
            "note": check.sponsorship.note,
            "source": _source(check.sponsorship.source),
        },
    }


def check_to_text(check: OfferCheck, translate: Callable[[str], str] = str) -> str:
    """The result as lines of text, worst findings first."""

    def say(message: object) -> str:
        return render(message, translate)

    lines = [say(VERDICT_TEXT[check.verdict]), ""]
    for finding in check.findings:
        lines.append(f"[{say(SEVERITY_TEXT[finding.severity])}] {finding.rule} {finding.term}")
        lines.append(f"  {say(finding.problem)}")
        lines.append("  " + say(text(_("What to ask for: %(ask)s"), ask=finding.ask_instead)))
        for item in finding.standards:
            lines.append(f"  - {item.cite()}")
        for source in finding.sources:
            lines.append(f"  - {source.cite()}")
    if check.missing:
        lines.append(say(Text(_("Not stated in the offer, so not checked:"))))
        lines.extend(f"  - {item.term}: {say(item.why)}" for item in check.missing)
    for note in check.notes:
        lines.append(f"* {say(note)}")
    lines.append("")
    lines.append(say(NOT_LEGAL_ADVICE))
    return "\n".join(lines) + "\n"
