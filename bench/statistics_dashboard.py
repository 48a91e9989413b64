"""How fast the analysts' dashboard answers over a million counted cases (PostgreSQL).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nf_stats \\
     .venv/bin/python bench/statistics_dashboard.py [--rows 1000000]

Migrates the database, then fills the statistics table (`statistics_casefacts`) with synthetic
rows straight in SQL (the foreign key to the case is dropped in this bench database only).
95 % of the rows carry a statistics consent. Measures the recount that follows a refresh (one
GROUP BY per dimension into `statistics_statisticscount`), moving one case when a consent
changes, the whole dashboard (cold, then the median of 5) and each chart alone. Referral, plan
and claim tables stay empty here: their charts join them to the statistics table, and their
cost grows with those tables (see docs/statistics.md). Writes
bench/results/statistics_dashboard.{json,txt}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

SEED_SQL = """
INSERT INTO statistics_casefacts (
    case_id, statistical_use, opened_month, year_registered, exploitation, sector, nationality,
    route, age_band, gender, identification, days_to_assistance, needs, referral_outcomes,
    claims, refreshed_at)
SELECT
    g,
    random() < 0.95,
    date_trunc('month', DATE '2015-01-01' + (random() * 4000)::int)::date,
    2015 + (random() * 10)::int,
    (ARRAY['ForcedLabour','ForcedLabour','SexualExploitation','Several','','ForcedBegging'])
        [1 + (random() * 5)::int],
    (ARRAY['domestic_work','agriculture','construction','fishing','hospitality','','other'])
        [1 + (random() * 6)::int],
    (ARRAY['NP','BD','IN','PH','ET','ER','NG','VN','KH','MM','SY','AF','UA','','ID'])
        [1 + floor(power(random(), 2) * 15)::int],
    (ARRAY['NP-QA','BD-SA','PH-AE','ET-LB','NG-IT','VN-GB','','KH-TH'])[1 + (random() * 7)::int],
    (ARRAY['9--17','18--20','21--23','24--26','27--29','30--38','39--47','48+',''])
        [1 + (random() * 8)::int],
    (ARRAY['Feminine','Masculine','NonSpecifiedUnknown','NonConforming'])
        [1 + floor(power(random(), 3) * 4)::int],
    (ARRAY['','screening:PossibleVictimOfTrafficking','authority:ActualVictimOfTrafficking',
           'screening:NotAVictimOfTrafficking'])[1 + (random() * 3)::int],
    CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 120)::int END,
    (ARRAY[',done,to_do,', ',done,', ',in_progress,', '', ',to_do,'])[1 + (random() * 4)::int],
    (ARRAY['', ',pending,', ',service_received,', ',not_available,pending,'])
        [1 + (random() * 3)::int],
    (ARRAY['', '', '', ',filed,', ',decided,filed,recovered,'])[1 + (random() * 4)::int],
    now()
FROM generate_series(1, %s) AS g
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database of your own (e.g. nf_stats)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "needsfirst.web.config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from needsfirst.web.statistics import selectors
    from needsfirst.web.statistics.counts import move_counts, rebuild_counts
    from needsfirst.web.statistics.models import CaseFacts

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM statistics_casefacts")
        present = cursor.fetchone()[0]
        if present != arguments.rows:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = "
                "'statistics_casefacts'::regclass AND contype = 'f'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE statistics_casefacts DROP CONSTRAINT "{name}"')
            cursor.execute("TRUNCATE statistics_casefacts")
            started = time.perf_counter()
            cursor.execute(SEED_SQL, [arguments.rows])
            print(f"seeded {arguments.rows} rows in {time.perf_counter() - started:.1f} s")
        cursor.execute("VACUUM ANALYZE statistics_casefacts")
    started = time.perf_counter()
    rebuild_counts()
    recount = time.perf_counter() - started
    facts = CaseFacts.objects.filter(statistical_use=True).first()
    started = time.perf_counter()
    move_counts(facts, -1)
    move_counts(facts, +1)
    moved = (time.perf_counter() - started) / 2

    def whole_dashboard() -> float:
        started = time.perf_counter()
        charts = selectors.dashboard_charts()
        counted = selectors.counted_total(charts)
        selectors.not_counted_total(counted)
        selectors.recovered_amounts()
        return time.perf_counter() - started

    cold = whole_dashboard()
    warm = [whole_dashboard() for _ in range(5)]
    per_chart = {}
    for key, build in selectors.CHARTS.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            build()
            times.append(time.perf_counter() - started)
        per_chart[key] = round(statistics.median(times) * 1000)
    figures = {
        "rows": arguments.rows,
        "database": connection.vendor,
        "recount_seconds (after a refresh, one GROUP BY per dimension)": round(recount, 2),
        "move_one_case_ms (a consent given or withdrawn)": round(moved * 1000, 1),
        "dashboard_cold_seconds": round(cold, 3),
        "dashboard_warm_median_seconds": round(statistics.median(warm), 3),
        "per_chart_ms": per_chart,
        "target": "under 1 s at 1,000,000 cases",
        "met": statistics.median(warm) < 1.0,
    }
    text = "\n".join(f"{name}: {value}" for name, value in figures.items())
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "statistics_dashboard.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / "statistics_dashboard.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
