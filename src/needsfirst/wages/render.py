"""A claim as readable text and as plain JSON-ready data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from needsfirst.i18n import Text, _, render, text
from needsfirst.wages.claims import (
    HEAD_TITLES,
    NOT_LEGAL_ADVICE,
    UNVERIFIED,
    Claim,
    country_label,
    sector_label,
)
from needsfirst.wages.money import format_money
from needsfirst.wages.rates import minimum_wage_scope


def claim_to_data(claim: Claim) -> dict[str, Any]:
    """The claim as JSON-ready data: amounts as strings, so no float ever carries money."""
    return {
        "jurisdiction": claim.facts.jurisdiction,
        "sector": claim.facts.sector,
        "lines": [
            {
                "head": line.head.value,
                "amount": str(line.amount),
                "currency": line.currency,
                "start": line.start.isoformat() if line.start else None,
                "end": line.end.isoformat() if line.end else None,
                "arithmetic": line.arithmetic,
                "legal_basis": line.legal_basis,  # the citation; unverified when not `verified`
                "verified": line.verified,
            }
            for line in claim.lines
        ],
        "totals": {currency: str(amount) for currency, amount in sorted(claim.totals.items())},
        "notes": [str(note) for note in claim.notes],
        "rates_needed": [list(pair) for pair in claim.rates_needed],
        "scope": minimum_wage_scope(claim.facts.jurisdiction),
    }


def _identity(text: str) -> str:
    return text


def claim_title(claim: Claim) -> Text:
    """'Wage and fee claim: Qatar, sector domestic work': names, never codes."""
    return text(
        _("Wage and fee claim: %(jurisdiction)s, sector %(sector)s"),
        jurisdiction=country_label(claim.facts.jurisdiction),
        sector=sector_label(claim.facts.sector),
    )


def claim_to_text(
    claim: Claim,
    *,
    translate: Callable[[str], str] = _identity,
    translate_plural: Callable[[str, str, int], str] | None = None,
) -> str:
    """A statement a caseworker can read aloud or hand to a labour office. `translate` turns
    each marked sentence (headings, heads, labels, notes) into the reader's language by its
    message id (and `translate_plural` each plural one, as ngettext); English by default."""
    t = translate

    def say(message: object) -> str:
        return render(message, t, translate_plural)

    out = [say(claim_title(claim)), ""]
    if not claim.lines:
        out.append(say(_("No amount is owed on these facts.")))
    for number, line in enumerate(claim.lines, start=1):
        when = ""
        if line.start and line.end and line.start != line.end:
            when = f" {line.start.isoformat()} .. {line.end.isoformat()}"
        elif line.start:
            when = f" {line.start.isoformat()}"
        shown = format_money(line.amount, line.currency)
        out.append(f"{number}. {say(HEAD_TITLES[line.head])}{when}: {shown}")
        out.append("   " + say(text(_("How: %(arithmetic)s"), arithmetic=line.arithmetic)))
        basis = line.legal_basis if line.verified else f"{line.legal_basis} {say(UNVERIFIED)}"
        out.append("   " + say(text(_("Legal basis: %(source)s"), source=basis)))
    out.append("")
    for currency, amount in sorted(claim.totals.items()):
        out.append(
            say(
                text(
                    _("Total in %(currency)s: %(amount)s"),
                    currency=currency,
                    amount=format_money(amount, currency),
                )
            )
        )
    if claim.notes:
        out += ["", say(_("Not computed or to check:"))]
        out += [f"- {say(note)}" for note in claim.notes]
    scope = minimum_wage_scope(claim.facts.jurisdiction)
    if scope:
        out += [
            "",
            say(text(_("What the minimum wage data covers: %(scope)s"), scope=Text(scope))),
        ]
    if any(not line.verified for line in claim.lines):
        out += [
            "",
            say(
                _(
                    "Lines whose legal basis is marked [unverified] rest on data not yet "
                    "checked against the primary text."
                )
            ),
        ]
    out += ["", say(NOT_LEGAL_ADVICE)]
    return "\n".join(out) + "\n"
