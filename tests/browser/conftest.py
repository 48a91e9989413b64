"""Real-browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Never let Playwright download a browser of its own: the tests use /usr/bin/chromium, and skip
without it (or fail, when CI=true, because CI must run them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright

from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-browser-test-password-42"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
PHONE_390 = {"width": 390, "height": 844}
# The three ways every page is walked: desktop, a 390 px phone, and Arabic (right to left) on it.
WALKS = (("desktop", DESKTOP, "en"), ("390", PHONE_390, "en"), ("arabic-390", PHONE_390, "ar"))
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", ROOT / "var" / "screenshots"))
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()


def axe_problems(page: Any, label: str) -> list[str]:
    """Serious and critical WCAG 2.2 AA violations axe-core finds on the page (axe-core comes
    bundled with axe-playwright-python: nothing is fetched)."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [
        f"{label}: axe {v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def chromium_executable() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(chromium_executable: Path) -> Iterator[Any]:
    """One chromium per test module, stopped when the module ends.

    Between two calls, Playwright's sync API leaves its event loop marked as running in the
    main thread, so Django would refuse ORM calls as "async unsafe". The tests are synchronous
    and the loop belongs to Playwright alone, so the check is lifted for exactly as long as
    Playwright runs; module scope ends it before any other test module runs in this process.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_executable), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Watched:
    """A page and what went wrong on it: console errors, page errors, failed responses."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.console_errors if "Content Security Policy" in e]

    def status_of(self, path: str) -> int | None:
        return next((s for url, s in self.responses.items() if url.endswith(path)), None)


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Watched]]:
    """Open a page in a fresh browser context (its own cookies: one person, one device)."""
    contexts: list[Any] = []

    def open_(viewport: dict[str, int] | None = None) -> Watched:
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, locale="en-GB"
        )
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)
        page.on(
            "console",
            lambda msg: (
                watched.console_errors.append(f"{msg.text} ({msg.location.get('url')})")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
        # The first answer for each address: later ones may be 304, from the cache.
        page.on("response", lambda r: watched.responses.setdefault(r.url, r.status))
        return watched

    yield open_
    for context in contexts:
        context.close()


def save_screenshot(page: Any, name: str, folder: str = "") -> None:
    """A full-page screenshot under SCREENSHOTS (var/screenshots/, kept out of git)."""
    out = SCREENSHOTS / folder
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[[Any, str], None]:
    """Save a full-page screenshot under var/screenshots/ (kept out of git), and check the page
    with axe-core: no serious or critical WCAG 2.2 AA violation."""

    def shoot_(page: Any, name: str) -> None:
        test = re.sub(r"\W+", "-", request.node.name).strip("-")
        save_screenshot(page, f"{test}--{name}")
        problems = axe_problems(page, name)
        assert not problems, "\n".join(problems)

    return shoot_


@pytest.fixture
def shelter(transactional_db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Browser Test Shelter", type=OrganisationType.SHELTER, country="IT"
    )


@pytest.fixture
def other_ngo(transactional_db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Browser Test Other NGO", type=OrganisationType.NGO, country="IT"
    )


def make_user(role: str, organisation: Organisation, username: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, organisation=organisation
    )
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


@pytest.fixture
def caseworker(shelter: Organisation) -> User:
    return make_user(Role.CASEWORKER, shelter, "amina")


@pytest.fixture
def supervisor(shelter: Organisation) -> User:
    return make_user(Role.SUPERVISOR, shelter, "giulia")


@pytest.fixture
def outsider(other_ngo: Organisation) -> User:
    return make_user(Role.CASEWORKER, other_ngo, "outsider")


def current_code(user: User) -> str:
    """The code the user's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{token:0{device.digits}d}"


@pytest.fixture
def sign_in() -> Callable[[Any, User], None]:
    """Sign in through the real forms: password, then the authenticator's current code."""

    def sign_in_(page: Any, user: User) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/accounts/two-factor/")
        page.get_by_label("Code").fill(current_code(user))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user.username}")

    return sign_in_


def sign_in_in_language(page: Any, user: User, language: str, walk: Walk | None = None) -> None:
    """Sign in through the real forms after choosing the interface language on the sign-in page
    (the labels are then in that language, so the fields are found by their ids). With a walk,
    both forms are its steps."""
    page.goto("/accounts/login/")
    if language != "en":
        page.locator("#language").select_option(language)
        page.locator("form.lang button[type=submit]").click()
        page.wait_for_url("**/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", language)
    if walk is not None:
        walk.step("sign-in", page)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/two-factor/")
    if walk is not None:
        walk.step("second-factor", page)
    page.locator("main form input:not([type=hidden])").first.fill(current_code(user))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def to_arabic(page: Any) -> None:
    """Switch the interface to Arabic with the language form of the page, and check it is RTL."""
    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def assert_no_sideways_scroll(page: Any, label: str) -> None:
    assert page.evaluate(SIDEWAYS) <= 0, f"{label} scrolls sideways"


def walk(page: Any, path: str) -> Iterator[str]:
    """Open `path` the three ways of WALKS (desktop, 390 px, Arabic at 390 px), yielding each
    walk's label once the page is shown and checked for sideways scrolling; the caller checks
    and shoots what it needs. The page is left in Arabic."""
    for label, viewport, language in WALKS:
        page.set_viewport_size(viewport)
        page.goto(path)
        if language == "ar" and page.locator("html").get_attribute("dir") != "rtl":
            to_arabic(page)
            page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(page, f"{path} ({label})")
        yield label


# The walks of a task, for @pytest.mark.parametrize(WALK_PARAMETERS, WALKS).
WALK_PARAMETERS = ("name", "viewport", "language")


@dataclass
class Walk:
    """One walk of a user's task at one width and in one language. Each step is saved as a
    numbered full-page screenshot (under SCREENSHOTS/`folder`), checked with axe-core and for
    sideways scrolling; what is found gathers in `problems`, for the test to assert at the end."""

    name: str
    viewport: dict[str, int] = field(default_factory=lambda: dict(DESKTOP))
    language: str = "en"
    page: Any = None
    folder: str = ""
    problems: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def step(self, label: str, page: Any = None) -> None:
        page = page or self.page
        page.wait_for_load_state("load")
        self.steps.append(label)
        save_screenshot(page, f"{self.name}-{len(self.steps):02d}-{label}", self.folder)
        self.problems += axe_problems(page, f"{self.name}/{label}")
        overflow = page.evaluate(SIDEWAYS)
        if overflow > 0:
            self.problems.append(f"{label}: the page scrolls sideways by {overflow} px")
