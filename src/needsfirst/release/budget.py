"""The privacy budget spent by differentially private releases of the same people.

Every DP release of a set of people spends some of their privacy: two releases with epsilon 1
each tell as much about a person as one release with epsilon 2. This module keeps the account.

Accounting: **basic sequential composition**. The releases needsfirst makes are pure
epsilon-DP (OpenDP's discrete Laplace, delta = 0), and k pure-DP releases of the same people
are together (sum of epsilons)-DP, exactly and without assumptions. Tighter accountants exist:
zero-concentrated DP (zCDP) composes Gaussian noise more cheaply, and "advanced composition"
gives sqrt(k)-growth at the price of a delta > 0; both pay off only over many releases and
would make the stated figure depend on a conversion the reader has to trust. With a few
releases a year of Laplace counts, the plain sum is as tight as they are and is what a partner
can check by hand. A delta, if a release ever states one, is summed the same way.

A budget is a total epsilon (and delta) per organisation and per period of days: a release
that would take the spending in the period over the total is refused with what is left. A
period is a rule of governance, not of mathematics: spending never "expires" for the people
it concerns; the period says how much an organisation agrees to spend per year, as statistical
offices do per release cycle.

The ledger is a list of `Spend`s; the web app keeps it in the database, the command line in a
JSON file (`load_ledger` / `dump_ledger`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from needsfirst.errors import InputError
from needsfirst.release.hierarchies import ReleaseErrorCode

LEDGER_FORMAT = "needsfirst-privacy-ledger"
LEDGER_VERSION = 1
DEFAULT_PERIOD_DAYS = 365
# Sums of floats: 0.1 + 0.2 is not 0.3. A spend that reaches the total within this slack fits.
SLACK = 1e-9


@dataclass(frozen=True)
class Budget:
    """The total an organisation may spend on one set of people in `period_days`."""

    epsilon: float
    delta: float = 0.0
    period_days: int = DEFAULT_PERIOD_DAYS

    def __post_init__(self) -> None:
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise InputError(
                ReleaseErrorCode.BAD_BUDGET, "budget", "the budget's epsilon must be positive"
            )
        if not (math.isfinite(self.delta) and 0 <= self.delta < 1):
            raise InputError(
                ReleaseErrorCode.BAD_BUDGET, "budget", "the budget's delta must be in [0, 1)"
            )
        if self.period_days < 1:
            raise InputError(
                ReleaseErrorCode.BAD_BUDGET, "period_days", "the period must be at least one day"
            )


@dataclass(frozen=True)
class Spend:
    """One DP release, as the ledger records it."""

    dataset: str
    epsilon: float
    bound: int
    released_by: str
    released_at: dt.datetime
    delta: float = 0.0
    mechanism: str = ""
    release: str = ""  # the release's identifier, when there is one


@dataclass(frozen=True)
class BudgetState:
    budget: Budget
    dataset: str
    since: dt.datetime
    spent_epsilon: float
    spent_delta: float
    releases: int
    spends: tuple[Spend, ...] = field(default=(), repr=False)

    @property
    def remaining_epsilon(self) -> float:
        return max(0.0, self.budget.epsilon - self.spent_epsilon)

    @property
    def remaining_delta(self) -> float:
        return max(0.0, self.budget.delta - self.spent_delta)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "accounting": "basic sequential composition",
            "budget_epsilon": self.budget.epsilon,
            "budget_delta": self.budget.delta,
            "period_days": self.budget.period_days,
            "since": self.since.isoformat(),
            "spent_epsilon": self.spent_epsilon,
            "spent_delta": self.spent_delta,
            "remaining_epsilon": self.remaining_epsilon,
            "remaining_delta": self.remaining_delta,
            "releases": self.releases,
        }


def compose(spends: Iterable[Spend]) -> tuple[float, float]:
    """Basic sequential composition: the epsilons add up, and so do the deltas."""
    chosen = list(spends)
    return math.fsum(s.epsilon for s in chosen), math.fsum(s.delta for s in chosen)


def state(budget: Budget, spends: Iterable[Spend], dataset: str, now: dt.datetime) -> BudgetState:
    """What has been spent on `dataset` in the period that ends at `now`."""
    since = now - dt.timedelta(days=budget.period_days)
    counted = tuple(s for s in spends if s.dataset == dataset and since < s.released_at <= now)
    epsilon, delta = compose(counted)
    return BudgetState(budget, dataset, since, epsilon, delta, len(counted), counted)


def check(
    budget: Budget,
    spends: Iterable[Spend],
    dataset: str,
    epsilon: float,
    now: dt.datetime,
    delta: float = 0.0,
) -> BudgetState:
    """The state before a release of `epsilon` (and `delta`) on `dataset`; refused with what is
    left when the release would take the period's spending over the budget."""
    if not (math.isfinite(epsilon) and epsilon > 0):
        raise InputError(ReleaseErrorCode.BAD_EPSILON, "epsilon", "epsilon must be positive")
    if not (math.isfinite(delta) and 0 <= delta < 1):
        raise InputError(ReleaseErrorCode.BAD_EPSILON, "delta", "delta must be in [0, 1)")
    before = state(budget, spends, dataset, now)
    over_epsilon = before.spent_epsilon + epsilon > budget.epsilon * (1 + SLACK) + SLACK
    over_delta = before.spent_delta + delta > budget.delta * (1 + SLACK)
    if over_epsilon or over_delta:
        raise InputError(
            ReleaseErrorCode.BUDGET_EXCEEDED,
            "delta" if over_delta and not over_epsilon else "epsilon",
            f"this release would spend epsilon = {epsilon:g}, but only "
            f"{before.remaining_epsilon:g} of the budget of {budget.epsilon:g} per "
            f"{budget.period_days} days is left ({before.spent_epsilon:g} spent by "
            f"{before.releases} release(s))",
            {
                "requested_epsilon": epsilon,
                "requested_delta": delta,
                "remaining_epsilon": before.remaining_epsilon,
                "remaining_delta": before.remaining_delta,
                "spent_epsilon": before.spent_epsilon,
                "budget_epsilon": budget.epsilon,
                "budget_delta": budget.delta,
                "period_days": budget.period_days,
                "releases": before.releases,
            },
        )
    return before


# The ledger file of the command line --------------------------------------------------------


def _bad_ledger(message: str) -> InputError:
    return InputError(ReleaseErrorCode.BAD_LEDGER, "ledger", message)


def load_ledger(text: str) -> tuple[Budget, list[Spend]]:
    """The budget and the spends of a ledger file; a file of another format is refused."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _bad_ledger(f"not a ledger file (not JSON: line {error.lineno})") from error
    if not isinstance(data, dict) or data.get("format") != LEDGER_FORMAT:
        raise _bad_ledger("not a needsfirst privacy ledger")
    if data.get("version") != LEDGER_VERSION:
        raise _bad_ledger(f"ledger version {data.get('version')!r}; this program reads version 1")
    try:
        raw = data["budget"]
        budget = Budget(
            float(raw["epsilon"]), float(raw.get("delta", 0.0)), int(raw["period_days"])
        )
        spends = [
            Spend(
                dataset=str(e["dataset"]),
                epsilon=float(e["epsilon"]),
                delta=float(e.get("delta", 0.0)),
                bound=int(e["bound"]),
                released_by=str(e["released_by"]),
                released_at=dt.datetime.fromisoformat(e["released_at"]),
                mechanism=str(e.get("mechanism", "")),
                release=str(e.get("release", "")),
            )
            for e in data["entries"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, InputError):
            raise
        raise _bad_ledger(f"a ledger entry is incomplete or malformed ({error})") from error
    if any(s.released_at.tzinfo is None for s in spends):
        raise _bad_ledger("every entry's time must carry its time zone")
    return budget, spends


def dump_ledger(budget: Budget, spends: Sequence[Spend]) -> str:
    entries = []
    for spend in spends:
        entry = asdict(spend)
        entry["released_at"] = spend.released_at.isoformat()
        entries.append(entry)
    return (
        json.dumps(
            {
                "format": LEDGER_FORMAT,
                "version": LEDGER_VERSION,
                "accounting": "basic sequential composition",
                "budget": asdict(budget),
                "entries": entries,
            },
            indent=2,
        )
        + "\n"
    )
