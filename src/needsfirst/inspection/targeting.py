"""Risk-based targeting: an explainable score per workplace, a ranked list with the reasons for
each rank, and a backtest against past visits.

The weights are data (`law/data/inspection/targeting.yaml`), each with the source that
motivates it. Every point of a score comes from one contribution (feature, value, points,
source), so the rank explains itself. Inputs are counts and shares, never a person: complaints
stay confidential (C081 Art. 15(c)), and case signals are counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from needsfirst.i18n import Text, _, text
from needsfirst.law import LawDataError, Source
from needsfirst.law.dated import parse_date
from needsfirst.law.loader import load_yaml

WEIGHTS_FILE = "inspection/targeting.yaml"
FEATURES = (
    "complaints",
    "earlier_findings",
    "unlicensed_recruiters",
    "migrant_share",
    "case_signals",
)


@dataclass(frozen=True, slots=True)
class WorkplaceSignals:
    """What the inspectorate knows of one workplace, as counts and a share."""

    key: str
    isic: str = ""  # an ISIC Rev.4 section letter and/or division, e.g. "A01", "97", "F"
    complaints: int = 0
    earlier_findings: int = 0  # earlier visits with forced-labour indicators found
    unlicensed_recruiters: int = 0
    migrant_share: int = 0  # percent, 0 to 100
    case_signals: int = 0

    def __post_init__(self) -> None:
        for name in FEATURES:
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{name}: a whole number, zero or more")
        if self.migrant_share > 100:
            raise ValueError("migrant_share: a percentage from 0 to 100")


@dataclass(frozen=True, slots=True)
class Contribution:
    feature: str
    points: int
    reason: Text
    source: Source


@dataclass(frozen=True, slots=True)
class Score:
    key: str
    points: int
    contributions: tuple[Contribution, ...]
    alert: bool  # at or above the alert threshold of the weights


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    score: Score


@dataclass(frozen=True, slots=True)
class _Sector:
    isic: str
    name: str
    points: int
    source: Source


@dataclass(frozen=True, slots=True)
class _Feature:
    name: str
    points_each: int
    most: int
    per_ten_percent: int
    source: Source


@dataclass(frozen=True, slots=True)
class Weights:
    effective_from: date
    alert_at: int
    sectors: tuple[_Sector, ...]
    features: Mapping[str, _Feature]


@cache
def _all_weights() -> tuple[Weights, ...]:
    raw = load_yaml(WEIGHTS_FILE)
    out = []
    for index, entry in enumerate(raw.get("entries") or []):
        where = f"{WEIGHTS_FILE}: entries[{index}]"
        sectors = tuple(
            _Sector(
                isic=str(sector["isic"]),
                name=str(sector["name"]),
                points=int(sector["points"]),
                source=Source.from_mapping(sector.get("source") or {}, f"{where}.sectors"),
            )
            for sector in entry.get("sectors") or []
        )
        features_raw = entry.get("features") or {}
        if set(features_raw) != set(FEATURES):
            raise LawDataError(f"{where}.features: exactly {', '.join(FEATURES)}")
        features = {
            name: _Feature(
                name=str(item["name"]),
                points_each=int(item.get("points_each", 0)),
                most=int(item["most"]),
                per_ten_percent=int(item.get("points_per_ten_percent", 0)),
                source=Source.from_mapping(item.get("source") or {}, f"{where}.features.{name}"),
            )
            for name, item in features_raw.items()
        }
        out.append(
            Weights(
                effective_from=parse_date(entry.get("effective_from"), f"{where}.effective_from"),
                alert_at=int(entry["alert_at"]),
                sectors=sectors,
                features=features,
            )
        )
    return tuple(sorted(out, key=lambda weights: weights.effective_from))


def weights_on(on: date) -> Weights:
    current = [weights for weights in _all_weights() if weights.effective_from <= on]
    if not current:
        raise LawDataError(f"{WEIGHTS_FILE}: no weights in force on {on.isoformat()}")
    return current[-1]


def _sector(weights: Weights, isic: str) -> _Sector | None:
    """The most specific sector entry: the division (two digits) first, then the section."""
    code = isic.strip().upper()
    division = "".join(ch for ch in code if ch.isdigit())[:2]
    section = code[:1] if code[:1].isalpha() else ""
    for sector in weights.sectors:
        if division and sector.isic == division:
            return sector
    for sector in weights.sectors:
        if section and sector.isic == section:
            return sector
    return None


def score(signals: WorkplaceSignals, *, on: date) -> Score:
    """The workplace's points, each with its reason and source."""
    weights = weights_on(on)
    contributions: list[Contribution] = []
    sector = _sector(weights, signals.isic) if signals.isic else None
    if sector is not None:
        contributions.append(
            Contribution(
                feature="sector",
                points=sector.points,
                reason=text(
                    _("Sector at risk (%(sector)s, ISIC %(isic)s): %(points)s points."),
                    sector=text(sector.name),
                    isic=sector.isic,
                    points=sector.points,
                ),
                source=sector.source,
            )
        )
    for name in FEATURES:
        feature = weights.features[name]
        value = getattr(signals, name)
        if not value:
            continue
        if name == "migrant_share":
            raw_points = (value // 10) * feature.per_ten_percent
        else:
            raw_points = value * feature.points_each
        points = min(raw_points, feature.most)
        if not points:
            continue
        contributions.append(
            Contribution(
                feature=name,
                points=points,
                reason=text(
                    _("%(feature)s: %(value)s, %(points)s points (at most %(most)s)."),
                    feature=text(feature.name),
                    value=f"{value}%" if name == "migrant_share" else value,
                    points=points,
                    most=feature.most,
                ),
                source=feature.source,
            )
        )
    total = sum(item.points for item in contributions)
    return Score(
        key=signals.key,
        points=total,
        contributions=tuple(contributions),
        alert=total >= weights.alert_at,
    )


def rank(workplaces: Iterable[WorkplaceSignals], *, on: date) -> list[Ranked]:
    """Highest score first; ties by the key, so the order never depends on input order."""
    scores = sorted(
        (score(item, on=on) for item in workplaces), key=lambda found: (-found.points, found.key)
    )
    return [Ranked(rank=index + 1, score=found) for index, found in enumerate(scores)]


@dataclass(frozen=True, slots=True)
class Backtest:
    """How the score would have ranked workplaces where a past visit found forced labour."""

    total: int
    found: int  # workplaces where forced labour was found
    ranks_of_found: tuple[int, ...]
    found_in_top: int  # found among the first `top` of the ranking
    top: int

    @property
    def recall_at_top(self) -> float:
        return self.found_in_top / self.found if self.found else 0.0

    @property
    def base_rate(self) -> float:
        """What visiting `top` workplaces at random would find, on average, as a share."""
        return self.top / self.total if self.total else 0.0


def backtest(history: Sequence[tuple[WorkplaceSignals, bool]], *, on: date, top: int) -> Backtest:
    """Rank the workplaces as the signals stood before the visit; `True` marks a visit that
    found forced labour. Reports where those workplaces ranked and how many fell in the top."""
    if top < 1:
        raise ValueError("top: one or more")
    outcome: dict[str, bool] = {}
    for signals, found in history:
        if signals.key in outcome:
            raise ValueError(f"history: {signals.key!r} appears twice")
        outcome[signals.key] = found
    ranked = rank((signals for signals, _found in history), on=on)
    positions = tuple(item.rank for item in ranked if outcome[item.score.key])
    return Backtest(
        total=len(ranked),
        found=len(positions),
        ranks_of_found=positions,
        found_in_top=sum(1 for position in positions if position <= top),
        top=min(top, len(ranked)),
    )


def signals_from_mapping(raw: Mapping[str, Any]) -> WorkplaceSignals:
    """Signals from JSON-like input (the demo data, the command line)."""
    return WorkplaceSignals(
        key=str(raw["key"]),
        isic=str(raw.get("isic", "")),
        **{name: int(raw.get(name, 0)) for name in FEATURES},
    )
