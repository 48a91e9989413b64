"""Labour inspection, pure: the legal basis for entering a private household, and the
risk-based targeting score with its reasons and a backtest. Never imports Django."""

from needsfirst.inspection.household import EntryRuling, household_entry
from needsfirst.inspection.targeting import (
    Backtest,
    Contribution,
    Ranked,
    Score,
    WorkplaceSignals,
    backtest,
    rank,
    score,
)

__all__ = [
    "Backtest",
    "Contribution",
    "EntryRuling",
    "Ranked",
    "Score",
    "WorkplaceSignals",
    "backtest",
    "household_entry",
    "rank",
    "score",
]
