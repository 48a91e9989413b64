"""Drive the running server through a caseworker's day and an analyst's statistics page.

Run (on a database filled by bench/seed.py):
    .venv/bin/python bench/web.py [--duration 60] [--caseworkers 8] [--analysts 1]
Starts gunicorn on loopback (127.0.0.1, a free port) against DATABASE_URL (by default the
nf_scale database), unless --base-url points at a server already running. Each virtual
caseworker (half of them in the largest organisation, half spread over small ones) signs in
with the password and the second factor (the current TOTP code of their authenticator, as
tests/browser do), then repeats the day until the time or the request budget runs out: the case
list and its next page, a search for a misspelt name, a case, the screening form and a save of
it with one answer changed, the referral form and a referral to the organisation's own service.
Analysts open the statistics page (--statistics-path, so the rewritten dashboard can be pointed
at). Bounded in time (--duration) and count (--max-requests); loopback only.

Prints throughput and p50/p95/p99 per step and writes bench/results/web.txt and web.json.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/nf_scale"
BENCH_KEY = "YmVuY2htYXJrLWtleS1ub3QtZm9yLXJlYWwtZGF0YSE="
PASSWORD = "bench-password-not-for-real-use"
MISSPELT = [
    "Muhamad Hadad",
    "Olena Kovalenko",
    "Fatma Diallo",
    "Blesing Okafor",
    "Ion Popesku",
    "Mariam Rahmann",
    "Yusuf Okafor",
    "Aisha Mensa",
    "Ahmad Husein",
    "Oluwasuen Adeyemi",
]
# Caseworkers pick their cases from every CASES_APART-th row of the list from their own slot.
CASES_APART = 8
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})/"')
NEXT_LINK = re.compile(r'rel="next" href="\?([^"]+)"')


# --- A small browser: cookies, CSRF, forms -------------------------------------------------


class FormReader(HTMLParser):
    """The forms of a page as a browser would submit them: every named field's current value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "options": {}})
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            self._input(form, name, a)
        elif tag == "select" and name:
            self._select = name
            form["fields"].setdefault(name, "")
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form["options"].setdefault(self._select, []).append(value)
            if "selected" in a:
                form["fields"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""

    @staticmethod
    def _input(form: dict[str, Any], name: str, a: dict[str, str]) -> None:
        kind = a.get("type", "text")
        if kind in {"radio", "checkbox"}:
            form["options"].setdefault(name, []).append(a.get("value", "on"))
            if "checked" in a:
                form["fields"][name] = a.get("value", "on")
        elif kind not in {"submit", "button", "file"}:
            form["fields"][name] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_of(html: str) -> list[dict[str, Any]]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


class Browser:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: Any = None) -> tuple[int, str, str]:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (TimeoutError, http.client.HTTPException, ConnectionError):
                self.connection.close()
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, response.getheader("Location", "") or "", text


# --- The day ------------------------------------------------------------------------------


@dataclass
class Record:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0


class Budget:
    def __init__(self, seconds: float, requests: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.left = requests
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() > self.deadline:
                return False
            self.left -= 1
            return True


class Stop(Exception):
    pass


class Session:
    def __init__(self, base_url: str, record: Record, budget: Budget, group: str) -> None:
        self.browser = Browser(base_url)
        self.record = record
        self.budget = budget
        self.group = group

    def step(
        self, name: str, method: str, path: str, data: Any = None, expect: tuple[int, ...] = (200,)
    ) -> tuple[int, str, str]:
        if not self.budget.take():
            raise Stop
        began = time.perf_counter()
        try:
            status, location, text = self.browser.request(method, path, data)
        except Exception as error:  # any failure is an error of the step
            status, location, text = 0, "", repr(error)
        elapsed = (time.perf_counter() - began) * 1000
        with self.record.lock:
            self.record.requests += 1
            self.record.timings[f"{name} [{self.group}]"].append(elapsed)
            if status not in expect:
                self.record.errors[name] += 1
                if len(self.record.samples) < 10:
                    self.record.samples.append(f"{name}: {status} {location} {text[:300]!r}")
        return status, location, text

    def sign_in(self, username: str, code: Any) -> bool:
        self.step("sign in: form", "GET", "/accounts/login/")
        status, _location, _ = self.step(
            "sign in: password",
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD},
            expect=(302,),
        )
        if status != 302:
            return False
        status, _, _ = self.step(
            "sign in: second factor",
            "POST",
            "/accounts/two-factor/",
            {"otp_token": code()},
            expect=(302,),
        )
        return status == 302


def screening_save_data(page: str, rng: random.Random) -> dict[str, Any] | None:
    """The screening form as shown, with one yes/no answer changed and the save button."""
    forms = [form for form in forms_of(page) if "version" in form["fields"]]
    if not forms:
        return None
    form = forms[0]
    radios = [name for name, values in form["options"].items() if "yes" in values]
    data = dict(form["fields"])
    if radios:
        question = rng.choice(radios)
        data[question] = rng.choice(["yes", "no"])
    data["action"] = "save"
    return data


def referral_data(page: str, rng: random.Random, own_service: str) -> dict[str, Any] | None:
    """The referral form filled in: the organisation's own service, a domain, the identity."""
    forms = [form for form in forms_of(page) if "provider" in form["fields"]]
    if not forms:
        return None
    form = forms[0]
    data = dict(form["fields"])
    data["provider"] = own_service or (form["options"].get("provider") or [""])[-1]
    data["domain"] = rng.choice([v for v in form["options"].get("domain", [""]) if v] or [""])
    data["sections"] = ["identity"]
    data["message"] = "Please call the person before the visit."
    data.pop("override", None)
    return data


def caseworker_day(session: Session, rng: random.Random, own_service: str, slot: int) -> None:
    """One round of the day. `slot` keeps the caseworkers of one organisation (who see the same
    list) on different cases, as colleagues are: two saves of one screening at the same moment
    are answered 409 ("someone else saved"), rightly, but that is not the load measured."""
    _, _, page = session.step("case list", "GET", "/cases/")
    cases = CASE_LINK.findall(page)
    following = NEXT_LINK.search(page)
    if following:
        session.step(
            "case list, next page", "GET", "/cases/?" + following.group(1).replace("&amp;", "&")
        )
    session.step("search a misspelt name", "POST", "/cases/search/", {"name": rng.choice(MISSPELT)})
    if not cases:
        return
    mine = cases[slot % len(cases) :: CASES_APART] or cases
    case = rng.choice(mine)
    session.step("open a case", "GET", f"/cases/{case}/")
    _, _, page = session.step("screening form", "GET", f"/screening/{case}/")
    data = screening_save_data(page, rng)
    if data is not None:
        session.step("save the screening", "POST", f"/screening/{case}/", data, expect=(302,))
    _, _, page = session.step("referral form", "GET", f"/referrals/cases/{case}/new/")
    data = referral_data(page, rng, own_service)
    if data is not None:
        session.step(
            "create a referral", "POST", f"/referrals/cases/{case}/new/", data, expect=(302,)
        )


def run_caseworker(
    base_url: str, record: Record, budget: Budget, user: dict[str, Any], seed: int
) -> None:
    session = Session(base_url, record, budget, user["group"])
    rng = random.Random(seed)
    try:
        if not session.sign_in(user["username"], user["code"]):
            return
        while True:
            caseworker_day(session, rng, user["service"], seed)
    except Stop:
        return


def run_analyst(
    base_url: str, record: Record, budget: Budget, user: dict[str, Any], path: str
) -> None:
    session = Session(base_url, record, budget, "analyst")
    try:
        if not session.sign_in(user["username"], user["code"]):
            return
        while True:
            session.step("statistics page", "GET", path)
            time.sleep(1.0)  # an analyst reads the page; the caseworkers make the load
    except Stop:
        return


# --- Set-up: the server, the users --------------------------------------------------------


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        FIELD_ENCRYPTION_KEYS=os.environ.get("FIELD_ENCRYPTION_KEYS", BENCH_KEY),
        DJANGO_SETTINGS_MODULE="needsfirst.web.config.settings.local",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def users_for(caseworkers: int, analysts: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Caseworkers (half in the largest organisation) and analysts, each with a code source."""
    from django.db.models import Count
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from needsfirst.web.accounts.models import Role, User
    from needsfirst.web.cases.models import Case
    from needsfirst.web.referrals.models import ServiceProvider

    sizes = list(
        Case.objects.values("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
    )
    largest = sizes[0]["organisation"]
    small = [row["organisation"] for row in sizes[len(sizes) // 4 :]]

    def code_of(user: User) -> Any:
        device = TOTPDevice.objects.get(user=user, confirmed=True)

        def code() -> str:
            token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            return f"{token:0{device.digits}d}"

        return code

    def entry(user: User, group: str) -> dict[str, Any]:
        service = ServiceProvider.objects.filter(organisation=user.organisation).first()
        return {
            "username": user.username,
            "code": code_of(user),
            "group": group,
            "service": str(service.uuid) if service else "",
        }

    chosen: list[dict[str, Any]] = []
    big = list(User.objects.filter(organisation_id=largest, role=Role.CASEWORKER).order_by("?"))
    for index in range(caseworkers):
        if index % 2 == 0:
            chosen.append(entry(big[index // 2], "largest organisation"))
        else:
            organisation = small[(index // 2) % len(small)]
            user = User.objects.filter(organisation_id=organisation, role=Role.CASEWORKER).first()
            assert user is not None
            chosen.append(entry(user, "small organisations"))
    readers = [
        entry(user, "analyst")
        for user in User.objects.filter(role=Role.ANALYST).order_by("?")[:analysts]
    ]
    return chosen, readers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(arguments: argparse.Namespace, env: dict[str, str]) -> tuple[Any, str]:
    # The pages name their static files through the manifest, as in production.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "needsfirst.web.config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(arguments.workers),
        "--threads",
        str(arguments.threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "60",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return server, base
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within a minute")


def server_cpu_seconds(server: Any) -> float:
    """Processor seconds used so far by gunicorn's master and workers (Linux /proc): read
    before and after the load, so the workers' start (importing Django) is left out."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [server.pid]
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{server.pid}/task").iterdir():
            pids += [int(pid) for pid in (task / "children").read_text().split()]
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--base-url", default="", help="a server already running (loopback)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--caseworkers", type=int, default=8)
    parser.add_argument("--analysts", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--statistics-path", default="/statistics/")
    parser.add_argument("--label", default="web")
    arguments = parser.parse_args()
    if arguments.base_url and urlsplit(arguments.base_url).hostname not in {
        "127.0.0.1",
        "localhost",
    }:
        raise SystemExit("bench/web.py drives loopback servers only")

    env = environment(arguments.database_url)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    caseworkers, analysts = users_for(arguments.caseworkers, arguments.analysts)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_person")
        people = cursor.fetchone()[0]
    connection.close()

    server = None
    base = arguments.base_url
    if not base:
        server, base = start_server(arguments, env)
    server_before = server_cpu_seconds(server) if server is not None else 0.0
    own_before = time.process_time()
    load_before = os.getloadavg()
    record = Record()
    budget = Budget(arguments.duration, arguments.max_requests)
    threads = [
        threading.Thread(target=run_caseworker, args=(base, record, budget, user, index))
        for index, user in enumerate(caseworkers)
    ] + [
        threading.Thread(
            target=run_analyst, args=(base, record, budget, user, arguments.statistics_path)
        )
        for user in analysts
    ]
    began = time.perf_counter()
    server_cpu = float("nan")
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if server is not None:
            server_cpu = server_cpu_seconds(server) - server_before
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    wall = time.perf_counter() - began
    client_cpu = time.process_time() - own_before
    load_after = os.getloadavg()

    errors = sum(record.errors.values())
    lines = [
        f"web benchmark: {people} people, gunicorn {arguments.workers} workers x "
        f"{arguments.threads} threads (gthread), {arguments.caseworkers} caseworkers and "
        f"{arguments.analysts} analyst(s) without think time, {wall:.0f} s",
        f"throughput: {record.requests / wall:.1f} requests/s ({record.requests} requests, "
        f"{errors} errors)",
        f"processor during the load: server (gunicorn, all processes) {server_cpu:.1f} s, "
        f"{server_cpu * 1000 / max(record.requests, 1):.1f} ms a request; load generator "
        f"{client_cpu:.1f} s; load average {load_before[0]:.1f} at start, "
        f"{load_after[0]:.1f} at end",
        f"{'step':<58} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
    ]
    table = {}
    for name in sorted(record.timings):
        values = record.timings[name]
        row = {
            "n": len(values),
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
        }
        table[name] = row
        lines.append(
            f"{name:<58} {row['n']:>6} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['p99']:>8.1f}"
        )
    if record.errors:
        lines.append("errors by step: " + ", ".join(f"{k} {v}" for k, v in record.errors.items()))
        lines += ["  " + sample for sample in record.samples]
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{arguments.label}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / f"{arguments.label}.json").write_text(
        json.dumps(
            {
                "people": people,
                "seconds": wall,
                "requests": record.requests,
                "requests_per_second": record.requests / wall,
                "errors": dict(record.errors),
                "steps": table,
                "server": {"workers": arguments.workers, "threads": arguments.threads},
                "caseworkers": arguments.caseworkers,
                "analysts": arguments.analysts,
                "server_cpu_seconds": server_cpu,
                "client_cpu_seconds": client_cpu,
                "load_average": {"start": load_before[0], "end": load_after[0]},
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
