"""The application's processor time per page, on a database filled by bench/seed.py.

Run: .venv/bin/python bench/page_cpu.py [--label after] [--repeat 15] [--profile "screening form"]
     (DATABASE_URL selects the database, by default nf_scale2)

Every step of the caseworker's day that bench/web.py drives (sign in: the form, the password and
the second factor; the case list and its next page, a name search, a case, the screening form
and its save, the referral form and a referral), a few other pages, the supervisor's lists and
the analyst's dashboard are asked for through Django's test client, in this process, as a
caseworker of the largest organisation and one of a small organisation, signed in past both
factors. Each page is asked for once to warm the caches, then `--repeat` times (what a step
needs first, such as a fresh client for the sign-in, is prepared outside the timing); the
figure is the median processor time of this process per request
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
sys.path.insert(0, str(ROOT / "bench"))

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
    chosen["analyst"] = User.objects.filter(role=Role.ANALYST).order_by("pk").first()
    return chosen


# A step: its name, the request (returns the response) and what it needs first, outside the
# timing (None: nothing).
Step = tuple[str, Callable[[], Any], Callable[[], None] | None]


def sign_in_steps(user: Any) -> list[Step]:
    """The sign-in form, the password (the hash is checked) and the second factor (TOTP)."""
    from django.test import Client
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from web import PASSWORD

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    # One client whose cookies are forgotten before each repeat: a new Client would load the
    # middleware again (WhiteNoise scans the static files), which a server does once.
    client = Client()
    fresh: dict[str, Any] = {"client": client}

    def new_client() -> None:
        client.cookies.clear()

    def past_password() -> None:
        # A code is taken once: the device forgets the last one so each repeat may sign in.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        client.cookies.clear()
        client.force_login(user)

    def code() -> str:
        token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        return f"{token:0{device.digits}d}"

    return [
        ("sign in: form", lambda: fresh["client"].get("/accounts/login/"), new_client),
        (
            "sign in: password",
            lambda: fresh["client"].post(
                "/accounts/login/", {"username": user.username, "password": PASSWORD}
            ),
            new_client,
        ),
        (
            "sign in: second factor",
            lambda: fresh["client"].post("/accounts/two-factor/", {"otp_token": code()}),
            past_password,
        ),
    ]


def pages(client: Any, user: Any) -> list[Step]:
    """The steps, in the order of a caseworker's day; each request returns the response."""
    import random

    from web import referral_data, screening_save_data

    from needsfirst.web.referrals.models import ServiceProvider

    first = client.get("/cases/")
    assert first.status_code == 200, first.status_code
    text = first.content.decode()
    cases = CASE_LINK.findall(text)
    following = NEXT_LINK.search(text)
    case = cases[len(cases) // 2]
    rng = random.Random(13)
    service = ServiceProvider.objects.filter(organisation=user.organisation).first()
    own_service = str(service.uuid) if service else ""
    saved: dict[str, Any] = {}

    def screening_filled() -> None:
        page = client.get(f"/screening/{case}/").content.decode()
        saved["screening"] = screening_save_data(page, rng)

    def referral_filled() -> None:
        page = client.get(f"/referrals/cases/{case}/new/").content.decode()
        saved["referral"] = referral_data(page, rng, own_service)

    listed: list[Step] = sign_in_steps(user)
    listed.append(("case list", lambda: client.get("/cases/"), None))
    if following:
        query = following.group(1).replace("&amp;", "&")
        listed.append(("case list, next page", lambda: client.get("/cases/?" + query), None))
    listed += [
        (
            "search a misspelt name",
            lambda: client.post("/cases/search/", {"name": "Muhamad Hadad"}),
            None,
        ),
        ("open a case", lambda: client.get(f"/cases/{case}/"), None),
        ("screening form", lambda: client.get(f"/screening/{case}/"), None),
        (
            "save the screening",
            lambda: client.post(f"/screening/{case}/", saved["screening"]),
            screening_filled,
        ),
        ("referral form", lambda: client.get(f"/referrals/cases/{case}/new/"), None),
        (
            "create a referral",
            lambda: client.post(f"/referrals/cases/{case}/new/", saved["referral"]),
            referral_filled,
        ),
        ("notifications", lambda: client.get("/assistance/notifications/"), None),
        ("services directory", lambda: client.get("/referrals/"), None),
    ]
    return listed


def supervisor_pages(client: Any) -> list[Step]:
    return [
        ("team page", lambda: client.get("/assistance/team/"), None),
        ("audit trail", lambda: client.get("/audit/"), None),
    ]


def analyst_pages(client: Any, user: Any) -> list[Step]:
    return [
        *sign_in_steps(user),
        ("analyst dashboard", lambda: client.get("/statistics/"), None),
    ]


def steps_of(user: Any) -> list[Step]:
    client = signed_in(user)
    if user.role == "supervisor":
        return supervisor_pages(client)
    if user.role == "analyst":
        return analyst_pages(client, user)
    return pages(client, user)


def queries_of(request: Callable[[], Any], prepare: Callable[[], None] | None) -> tuple[int, float]:
    """The number of SQL statements of one request and their time (ms, as the client saw it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if prepare:
        prepare()
    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured), sum(float(query["time"]) for query in captured.captured_queries) * 1000


def measure(
    request: Callable[[], Any], repeat: int, prepare: Callable[[], None] | None = None
) -> tuple[float, float, int]:
    if prepare:
        prepare()
    response = request()  # warm: templates compiled, caches filled
    status = response.status_code
    cpu, wall = [], []
    for _ in range(repeat):
        if prepare:
            prepare()
        started_cpu, started = time.process_time(), time.perf_counter()
        response = request()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(cpu), statistics.median(wall), status


def profile(
    request: Callable[[], Any], repeat: int, prepare: Callable[[], None] | None = None
) -> str:
    if prepare:
        prepare()
    request()
    profiler = cProfile.Profile()
    for _ in range(repeat):
        if prepare:
            prepare()
        profiler.enable()
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
        f"{'user':<28} {'page':<24} {'CPU ms':>8} {'wall ms':>8}  status  queries  SQL ms",
    ]
    for who, user in users().items():
        for name, request, prepare in steps_of(user):
            if arguments.profile:
                if name == arguments.profile:
                    print(f"== {who}: {name}")
                    print(profile(request, arguments.repeat, prepare))
                continue
            cpu, wall, status = measure(request, arguments.repeat, prepare)
            count, sql = queries_of(request, prepare)
            line = f"{who:<28} {name:<24} {cpu:8.1f} {wall:8.1f}  {status}  {count:7d} {sql:7.1f}"
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
