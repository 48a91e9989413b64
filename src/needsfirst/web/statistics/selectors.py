"""Aggregates for analysts: counts grouped in the database, small cells suppressed.

Only cases whose consent allows statistical use are counted (`CaseFacts.statistical_use`).
A count under the threshold (`NEEDSFIRST_STATISTICS_MIN_CELL`, 5 by default) is not shown; in a
table with a total, more cells are hidden (the smallest first) until the hidden cells add up to
at least the threshold, so that the total minus the shown cells never reveals a small count.
"""

from __future__ import annotations

import datetime
import gettext as gettext_module
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry
from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from needsfirst.web.assistance.models import STATUS_CHOICES
from needsfirst.web.cases.models import Case, Gender
from needsfirst.web.claims.models import ClaimMatter
from needsfirst.web.referrals.models import ReferralOutcome
from needsfirst.web.screening.models import TraffickingStatus
from needsfirst.web.screening.questions import questions_by_path
from needsfirst.web.statistics.counts import DELAY_BUCKETS, TOTAL, Counts, counts
from needsfirst.web.statistics.models import CaseFacts

DEFAULT_MIN_CELL = 5
MONTHS_SHOWN = 24


def min_cell() -> int:
    return int(getattr(settings, "NEEDSFIRST_STATISTICS_MIN_CELL", DEFAULT_MIN_CELL))


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None: not shown (small, or hidden so that a small one cannot be found)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str
    cells: list[Cell]
    total: int | None  # None: no total (a case may fall in several cells) or hidden
    additive: bool

    @property
    def shown(self) -> list[Cell]:
        return [c for c in self.cells if c.count is not None]

    @property
    def hidden(self) -> int:
        return sum(1 for c in self.cells if c.count is None)


def suppress(counts: list[tuple[str, str, int]], threshold: int, additive: bool) -> list[Cell]:
    """Primary suppression of counts under the threshold; with a total (`additive`), secondary
    suppression until the hidden counts add up to at least the threshold."""
    hidden = {key for key, _, n in counts if n < threshold}
    if additive and hidden:
        order = sorted(counts, key=lambda c: (c[2], c[0]))
        while sum(n for key, _, n in counts if key in hidden) < threshold and len(hidden) < len(
            counts
        ):
            hidden.add(next(key for key, _, n in order if key not in hidden))
    return [Cell(key, label, None if key in hidden else n) for key, label, n in counts]


def _chart(
    key: str,
    title: str,
    rows: Iterable[tuple[str, int]],
    label: Callable[[str], str],
    *,
    additive: bool = True,
    unit: str = "",
    keep_order: bool = False,
) -> Chart:
    threshold = min_cell()
    counts = [(str(k), label(str(k)), int(n)) for k, n in rows if n]
    if not keep_order:
        counts.sort(key=lambda c: (-c[2], c[1]))
    total = sum(n for _, _, n in counts)
    cells = suppress(counts, threshold, additive)
    if additive and total < threshold:
        cells = [Cell(c.key, c.label, None) for c in cells]
    shown_total = total if additive and total >= threshold else None
    return Chart(key, title, unit or _("cases"), cells, shown_total, additive)


def counted_cases() -> QuerySet[CaseFacts]:
    return CaseFacts.objects.filter(statistical_use=True)


def _grouped_rows(field: str, source: Counts) -> list[tuple[Any, int]]:
    rows = source(field)
    if field == "opened_month":
        return [(datetime.date.fromisoformat(v), n) for v, n in rows if v]
    if field == "bucket":
        return [(int(v), n) for v, n in rows]
    return rows


def _grouped(field: str, source: Counts) -> list[tuple[str, int]]:
    return [(value or "", n) for value, n in _grouped_rows(field, source)]


@cache
def _country_translation(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_label(code: str) -> str:
    if not code:
        return _("Not recorded")
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    language = (translation.get_language() or "en").split("-")[0]
    return _country_translation(language).gettext(country.name)


def _unknown(text: Callable[[str], str]) -> Callable[[str], str]:
    return lambda value: text(value) if value else _("Not recorded")


def _question_label(path: str) -> Callable[[str], str]:
    def label(value: str) -> str:
        if value == "Several":
            return _("Several types")
        question = questions_by_path().get(f"{path}.{value}")
        return str(question.label) if question is not None else value

    return _unknown(label)


def _sector_label(value: str) -> str:
    choices = dict(questions_by_path()["work.sector"].choices or ())
    return str(choices.get(value, value))


def _route_label(value: str) -> str:
    origin, _sep, destination = value.partition("-")
    return _("%(origin)s to %(destination)s") % {
        "origin": country_label(origin),
        "destination": country_label(destination),
    }


AGE_BANDS = ("0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+")


def _age_label(value: str) -> str:
    return value.replace("--", "–") if value else _("Not recorded")


def _identification_label(value: str) -> str:
    source, _sep, status = value.partition(":")
    if not value:
        return _("Not screened, no decision")
    name = str(TraffickingStatus(status).label) if status in TraffickingStatus.values else status
    if source == "authority":
        return _("Decision of the competent authority: %(status)s") % {"status": name}
    return _("Screening only: %(status)s") % {"status": name}


def cases_over_time(source: Counts = counts) -> Chart:
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=31 * (MONTHS_SHOWN - 1))).replace(day=1)
    rows = sorted(
        (m, n) for m, n in _grouped_rows("opened_month", source) if m is not None and m >= start
    )
    return _chart(
        "over_time",
        _("Cases opened each month"),
        [(month.strftime("%Y-%m"), n) for month, n in rows],
        lambda value: value,
        keep_order=True,
    )


def _delay_label(value: str) -> str:
    labels = {
        "0-1": _("The same or the next day"),
        "2-7": _("2 to 7 days"),
        "8-30": _("8 to 30 days"),
        "31-90": _("31 to 90 days"),
        "91+": _("More than 90 days"),
        "none": _("No assistance recorded yet"),
    }
    return labels.get(value, value)


def time_to_assistance(source: Counts = counts) -> Chart:
    keys = [key for key, _low, _high in DELAY_BUCKETS]
    by_bucket = dict(_grouped_rows("bucket", source))
    ordered = [(keys[i], by_bucket.get(i, 0)) for i in range(len(keys))]
    ordered.append(("none", by_bucket.get(-1, 0)))
    return _chart(
        "time_to_assistance",
        _("Time from first contact to first assistance"),
        ordered,
        _delay_label,
        keep_order=True,
    )


def needs_by_status(source: Counts = counts) -> Chart:
    labels = {value: str(label) for value, label in STATUS_CHOICES}
    return _chart(
        "needs",
        _("Needs met and open (cases with at least one need in each state)"),
        source("needs"),
        lambda value: labels.get(value, value),
        additive=False,
    )


def referral_outcomes(source: Counts = counts) -> Chart:
    labels = {value: str(label) for value, label in ReferralOutcome.choices}
    labels["pending"] = _("No outcome yet")
    return _chart(
        "referral_outcomes",
        _("Referral outcomes (cases with a referral of each outcome)"),
        source("referral_outcomes"),
        lambda value: labels.get(value, value),
        additive=False,
    )


def claims(source: Counts = counts) -> Chart:
    labels = {
        "filed": _("Claims filed"),
        "decided": _("Claims decided"),
        "recovered": _("Claims with money recovered"),
    }
    by_stage = dict(source("claims"))
    return _chart(
        "claims",
        _("Claims filed and recovered (cases)"),
        [(key, by_stage.get(key, 0)) for key in labels],
        lambda value: labels[value],
        additive=False,
        keep_order=True,
    )


@dataclass(frozen=True)
class Recovered:
    currency: str
    amount: str | None  # None: fewer cases than the threshold behind the sum
    cases: int | None


def recovered_amounts() -> list[Recovered]:
    threshold = min_cell()
    rows = (
        ClaimMatter.objects.filter(case__facts__statistical_use=True, recovered__gt=0)
        .values_list("currency")
        .annotate(total=Sum("recovered"), cases=Count("case", distinct=True))
        .order_by("currency")
    )
    return [
        Recovered(currency, f"{total:,.0f}", cases)
        if cases >= threshold
        else Recovered(currency, None, None)
        for currency, total, cases in rows
    ]


CHARTS: dict[str, Callable[..., Chart]] = {
    "over_time": cases_over_time,
    "exploitation": lambda source=counts: _chart(
        "exploitation",
        _("By type of exploitation"),
        _grouped("exploitation", source),
        _question_label("purposes"),
    ),
    "sector": lambda source=counts: _chart(
        "sector", _("By sector of work"), _grouped("sector", source), _unknown(_sector_label)
    ),
    "nationality": lambda source=counts: _chart(
        "nationality", _("By nationality"), _grouped("nationality", source), country_label
    ),
    "route": lambda source=counts: _chart(
        "route",
        _("By route (country of origin to country of exploitation)"),
        _grouped("route", source),
        _unknown(_route_label),
    ),
    "age_band": lambda source=counts: _chart(
        "age_band",
        _("By age band when the case was opened"),
        sorted(
            _grouped("age_band", source),
            key=lambda row: AGE_BANDS.index(row[0]) if row[0] in AGE_BANDS else 99,
        ),
        _age_label,
        keep_order=True,
    ),
    "gender": lambda source=counts: _chart(
        "gender",
        _("By gender"),
        _grouped("gender", source),
        _unknown(lambda value: str(Gender(value).label) if value in Gender.values else value),
    ),
    "identification": lambda source=counts: _chart(
        "identification",
        _("Identification outcomes"),
        _grouped("identification", source),
        _identification_label,
    ),
    "needs": needs_by_status,
    "referral_outcomes": referral_outcomes,
    "time_to_assistance": time_to_assistance,
    "claims": claims,
}


def dashboard_charts(source: Counts = counts) -> list[Chart]:
    """Every chart, over every organisation's counted cases or, given `organisation_counts`,
    over one organisation's; suppressed alike."""
    return [build(source) for build in CHARTS.values()]


def counted_total(charts: list[Chart] | None = None, source: Counts = counts) -> int | None:
    total = sum(n for _value, n in source(TOTAL))
    return total if total >= min_cell() else None


def not_counted_total(counted: int | None = None) -> int:
    """Cases left out because their consent does not allow statistical use (or not yet
    refreshed): a count of cases, never who."""
    if counted is None:
        counted = sum(n for _value, n in counts(TOTAL))
    return Case.objects.count() - counted
