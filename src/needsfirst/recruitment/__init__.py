"""Fair recruitment (pure core, no Django): an offer or contract checked against the standards.

`offer_from_mapping` reads structured offer terms (refusing bad input with an error naming the
field), `check_offer` returns which term breaks which standard, with the source, what to ask for
instead and a severity, what could not be checked, and whether the offer looks fine. The
standards are law data (`law/data/instruments/fair-recruitment.yaml`); the minimum wage and the
working-time limits of the country of work come from `needsfirst.wages`.
"""

from needsfirst.recruitment.checker import (
    Finding,
    MissingTerm,
    OfferCheck,
    RecruiterStatus,
    Severity,
    Verdict,
    check_offer,
)
from needsfirst.recruitment.errors import OfferErrorCode, OfferInputError
from needsfirst.recruitment.standards import Standard, standard, standards_in_force
from needsfirst.recruitment.terms import (
    Deduction,
    Fee,
    FeeCategory,
    Offer,
    Payer,
    Tri,
    offer_from_mapping,
)

__all__ = [
    "Deduction",
    "Fee",
    "FeeCategory",
    "Finding",
    "MissingTerm",
    "Offer",
    "OfferCheck",
    "OfferErrorCode",
    "OfferInputError",
    "Payer",
    "RecruiterStatus",
    "Severity",
    "Standard",
    "Tri",
    "Verdict",
    "check_offer",
    "offer_from_mapping",
    "standard",
    "standards_in_force",
]
