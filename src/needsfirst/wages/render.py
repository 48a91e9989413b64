"""A claim as readable text and as plain JSON-ready data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from needsfirst.i18n import _, render
from needsfirst.wages.claims import HEAD_TITLES, Claim, sector_label
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


def _identity(text: str) -> str:
    return text


def claim_to_text(claim: Claim, *, translate: Callable[[str], str] = _identity) -> str:
    """A statement a caseworker can read aloud or hand to a labour office. `translate` turns the
    fixed texts (headings, heads, labels) into the reader's language; identity by default."""
    t = translate
    out = [
        t(_("Wage and fee claim: {jurisdiction}, sector {sector}")).format(
            jurisdiction=claim.facts.jurisdiction,
            sector=render(sector_label(claim.facts.sector), t),
        ),
        "",
    ]
    if not claim.lines:
        out.append(t(_("No amount is owed on these facts.")))
    for number, line in enumerate(claim.lines, start=1):
        when = ""
        if line.start and line.end and line.start != line.end:
            when = f" {line.start.isoformat()} .. {line.end.isoformat()}"
        elif line.start:
            when = f" {line.start.isoformat()}"
        shown = format_money(line.amount, line.currency)
        out.append(f"{number}. {t(HEAD_TITLES[line.head])}{when}: {shown}")
        out.append("   " + t(_("How: {arithmetic}")).format(arithmetic=render(line.arithmetic, t)))
        out.append("   " + t(_("Legal basis: {source}")).format(source=line.legal_basis))
    out.append("")
    for currency, amount in sorted(claim.totals.items()):
        out.append(
            t(_("Total in {currency}: {amount}")).format(
                currency=currency, amount=format_money(amount, currency)
            )
        )
    if claim.notes:
        out += ["", t(_("Not computed or to check:"))]
        out += [f"- {render(note, t)}" for note in claim.notes]
    scope = minimum_wage_scope(claim.facts.jurisdiction)
    if scope:
        out += ["", t(_("What the minimum wage data covers: {scope}")).format(scope=t(scope))]
    if any(not line.verified for line in claim.lines):
        out += [
            "",
            t(
                _(
                    "Lines whose legal basis is marked [unverified] rest on data not yet "
                    "checked against the primary text."
                )
            ),
        ]
    return "\n".join(out) + "\n"
