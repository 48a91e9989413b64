"""Demo inspection history for the backtest: twenty workplaces as their signals stood before a
visit, and whether that visit found forced labour. Invented, in the pattern the shared reference
describes (§7: Brazil's list, GLAA operations); used by the tests and `docs/inspection.md`."""

from __future__ import annotations

from needsfirst.inspection.targeting import WorkplaceSignals

# key, isic, complaints, earlier findings, unlicensed recruiters, migrant share %, case signals,
# forced labour found at the visit
_ROWS = [
    ("farm-coffee-1", "A01", 2, 1, 1, 80, 2, True),
    ("household-1", "T97", 1, 0, 1, 100, 1, True),
    ("quarry-1", "B08", 1, 1, 0, 60, 0, True),
    ("site-build-1", "F41", 3, 0, 1, 70, 1, True),
    ("fishing-boat-1", "A03", 0, 1, 1, 90, 0, True),
    ("packing-1", "C10", 2, 0, 1, 50, 1, False),
    ("household-2", "T97", 0, 0, 0, 100, 0, False),
    ("restaurant-1", "I56", 1, 0, 0, 40, 0, False),
    ("textile-1", "C13", 1, 0, 0, 30, 0, False),
    ("office-1", "M69", 0, 0, 0, 10, 0, False),
    ("shop-1", "G47", 1, 0, 0, 20, 0, False),
    ("farm-veg-2", "A01", 0, 0, 0, 30, 0, False),
    ("hotel-1", "I55", 0, 0, 1, 50, 0, False),
    ("site-build-2", "F43", 0, 0, 0, 20, 0, False),
    ("car-wash-1", "G45", 2, 0, 0, 90, 1, True),
    ("warehouse-1", "H52", 0, 0, 0, 30, 0, False),
    ("bakery-1", "C10", 0, 0, 0, 10, 0, False),
    ("school-1", "P85", 0, 0, 0, 5, 0, False),
    ("cleaning-1", "N81", 1, 0, 1, 60, 0, False),
    ("nail-bar-1", "S96", 1, 0, 0, 80, 1, True),
]


def demo_history() -> list[tuple[WorkplaceSignals, bool]]:
    return [
        (
            WorkplaceSignals(
                key=key,
                isic=isic,
                complaints=complaints,
                earlier_findings=findings,
                unlicensed_recruiters=recruiters,
                migrant_share=share,
                case_signals=signals,
            ),
            found,
        )
        for key, isic, complaints, findings, recruiters, share, signals, found in _ROWS
    ]
