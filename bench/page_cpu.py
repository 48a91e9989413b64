"""The application's processor time per page, on a database filled by bench/seed.py.

Run: .venv/bin/python bench/page_cpu.py [--label after] [--repeat 15] [--profile "screening form"]
     (DATABASE_URL selects the database, by default nf_scale2)

The pages of a caseworker's day (the case list and its next page, a name search, a case, the
screening form, the referral form) and the supervisor's lists are asked for through Django's
test client, in this process, as a caseworker of the largest organisation and one of a small
organisation, signed in past both factors. Each page is asked for once to warm the caches, then
`--repeat` times; the figure is the median processor time of this process per request
(`time.process_time`: Python, templates, decryption; not PostgreSQL's own work, which runs in
its server process) and the median wall time. `--profile PAGE` prints the functions that cost
most for that page (cProfile). The machine is shared: the load average is printed with the
figures. Appends the figures under `--label` to bench/results/page_cpu.txt.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "page_cpu.txt"
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/nf_scale2"
BENCH_KEY = "YmVuY2htYXJrLWtleS1ub3QtZm9yLXJlYWwtZGF0YSE="
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/"')
NEXT_LINK = re.compile(r'rel="next" href="\?([^"]+)"')


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_KEY)
    os.environ["DJANGO_SETTINGS_MODULE"] = "needsfirst.web.config.settings.local"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    # The pages name their static files through the manifest, as in production.
    call_command("collectstatic", "--noinput", verbosity=0)


def signed_in(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user).first().persistent_id
    session.save()
    return client


def users() -> dict[str, Any]:
    from django.db.models import Count

    from needsfirst.web.accounts.models import Role, User
    from needsfirst.web.cases.models import Case

    sizes = list(
        Case.objects.values("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
    )
    largest, small = sizes[0]["organisation"], sizes[len(sizes) // 2]["organisation"]
    chosen = {}
    for group, organisation in (("largest", largest), ("small", small)):
        for role in (Role.CASEWORKER, Role.SUPERVISOR):
            user = User.objects.filter(organisation_id=organisation, role=role).order_by("pk")
            chosen[f"{role} ({group})"] = user.first()
    return chosen


def pages(client: Any) -> list[tuple[str, Callable[[], Any]]]:
    """The pages, in the order of a caseworker's day; each returns the response."""
    first = client.get("/cases/")
    assert first.status_code == 200, first.status_code
    text = first.content.decode()
    cases = CASE_LINK.findall(text)
    following = NEXT_LINK.search(text)
    case = cases[len(cases) // 2]
    listed: list[tuple[str, Callable[[], Any]]] = [("case list", lambda: client.get("/cases/"))]
    if following:
        query = following.group(1).replace("&amp;", "&")
        listed.append(("case list, next page", lambda: client.get("/cases/?" + query)))
    listed += [
        (
            "search a misspelt name",
            lambda: client.post("/cases/search/", {"name": "Muhamad Hadad"}),
        ),
        ("open a case", lambda: client.get(f"/cases/{case}/")),
        ("screening form", lambda: client.get(f"/screening/{case}/")),
        ("referral form", lambda: client.get(f"/referrals/cases/{case}/new/")),
        ("notifications", lambda: client.get("/assistance/notifications/")),
        ("services directory", lambda: client.get("/referrals/")),
    ]
    return listed


def supervisor_pages(client: Any) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("team page", lambda: client.get("/assistance/team/")),
        ("audit trail", lambda: client.get("/audit/")),
    ]


def measure(request: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    response = request()  # warm: templates compiled, caches filled
    status = response.status_code
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started = time.process_time(), time.perf_counter()
        response = request()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(cpu), statistics.median(wall), status


def profile(request: Callable[[], Any], repeat: int) -> str:
    request()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        request()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    out.write("\n--- by own time ---\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--label", default="")
    parser.add_argument("--profile", default="", help="a page's name: print its profile")
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    setup(arguments.database_url)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_person")
        people = cursor.fetchone()[0]
    lines = [
        f"page CPU ({arguments.label or 'unlabelled'}): {connection.vendor}, {people} people, "
        f"median of {arguments.repeat} requests after one warm-up; load average at start "
        f"{os.getloadavg()[0]:.1f}",
        f"{'user':<28} {'page':<24} {'CPU ms':>8} {'wall ms':>8}  status",
    ]
    for who, user in users().items():
        client = signed_in(user)
        listed = supervisor_pages(client) if user.role == "supervisor" else pages(client)
        for name, request in listed:
            if arguments.profile:
                if name == arguments.profile:
                    print(f"== {who}: {name}")
                    print(profile(request, arguments.repeat))
                continue
            cpu, wall, status = measure(request, arguments.repeat)
            line = f"{who:<28} {name:<24} {cpu:8.1f} {wall:8.1f}  {status}"
            print(line, flush=True)
            lines.append(line)
    if arguments.profile:
        return 0
    lines.append(f"load average at end {os.getloadavg()[0]:.1f}")
    print(lines[-1])
    if not arguments.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
