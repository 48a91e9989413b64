"""A claim as readable text and as plain JSON-ready data."""

from __future__ import annotations

from typing import Any

from needsfirst.i18n import _
from needsfirst.wages.claims import HEAD_TITLES, Claim
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
                "legal_basis": line.legal_basis,
                "verified": line.verified,
            }
            for line in claim.lines
        ],
        "totals": {currency: str(amount) for currency, amount in sorted(claim.totals.items())},
        "notes": list(claim.notes),
        "scope": minimum_wage_scope(claim.facts.jurisdiction),
    }


def claim_to_text(claim: Claim) -> str:
    """A statement a caseworker can read aloud or hand to a labour office."""
    out = [
        _("Wage and fee claim: {jurisdiction}, sector {sector}").format(
            jurisdiction=claim.facts.jurisdiction, sector=claim.facts.sector
        ),
        "",
    ]
    if not claim.lines:
        out.append(_("No amount is owed on these facts."))
    for number, line in enumerate(claim.lines, start=1):
        when = ""
        if line.start and line.end and line.start != line.end:
            when = f" {line.start.isoformat()} .. {line.end.isoformat()}"
        elif line.start:
            when = f" {line.start.isoformat()}"
        out.append(
            f"{number}. {HEAD_TITLES[line.head]}{when}: {format_money(line.amount, line.currency)}"
        )
        out.append(f"   {_('How')}: {line.arithmetic}")
        out.append(f"   {_('Legal basis')}: {line.legal_basis}")
    out.append("")
    for currency, amount in sorted(claim.totals.items()):
        out.append(
            _("Total in {currency}: {amount}").format(
                currency=currency, amount=format_money(amount, currency)
            )
        )
    if claim.notes:
        out += ["", _("Not computed or to check:")]
        out += [f"- {note}" for note in claim.notes]
    scope = minimum_wage_scope(claim.facts.jurisdiction)
    if scope:
        out += ["", _("What the minimum wage data covers: {scope}").format(scope=scope)]
    if any(not line.verified for line in claim.lines):
        out += [
            "",
            _(
                "Lines whose legal basis is marked [unverified] rest on data not yet "
                "checked against the primary text."
            ),
        ]
    return "\n".join(out) + "\n"
