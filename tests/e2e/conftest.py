"""Browser fixtures: the demo data set served by gunicorn, three accounts, and Debian's chromium.

The live server is the real ``python -m coordinator serve`` in a subprocess, on a free loopback
port, over a SQLite copy of the demo data set made for this test session; it is stopped at the
end. The browser is Debian's ``/usr/bin/chromium`` driven by Playwright (which never downloads
a browser here); without it, or without Playwright, the browser tests are skipped with the
reason.

``SAVE_SCREENSHOTS=1`` saves the main steps of each journey to ``docs/screenshots/journey-*.png``
(one run does it on purpose; CI leaves the committed pictures alone).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "correct horse battery staple"
VIEWPORT = {"width": 1280, "height": 860}
#: Milliseconds Playwright waits for a page or an element before a step fails.
STEP_TIMEOUT = 15_000


@dataclass(frozen=True)
class Person:
    """An account of the demo database: who signs in, and what they are attached to."""

    email: str
    role: str
    country: str | None = None
    provider: str | None = None


SECRETARIAT = Person("officer@example.org", "secretariat")
DONOR = Person("donor@example.org", "provider", provider="demo-gef")
FOCAL_POINT = Person("focal@example.org", "focal_point", country="BFA")


@dataclass
class LiveServer:
    """The running server: its address and the database it serves."""

    url: str
    database_url: str
    log: Path
    process: subprocess.Popen = field(repr=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(server: LiveServer, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.process.returncode}):\n"
                               + server.log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(server.url + "/account/sign-in", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time:\n" + server.log.read_text()[-3000:])


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, sqlite_template) -> str:
    """A SQLite file with the schema, the reference data, the demo data set and three accounts."""
    from coordinator import accounts, services
    from coordinator.store import make_engine, session_scope

    path = tmp_path_factory.mktemp("e2e") / "demo.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            services.seed(session, demo=True)
            for person, name in ((SECRETARIAT, "Sam Officer"), (DONOR, "Dana Donor"),
                                 (FOCAL_POINT, "Fatou Focal")):
                accounts.create_user(session, person.email, PASSWORD, role=person.role,
                                     country=person.country, provider=person.provider, name=name)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def live_server(demo_database, tmp_path_factory) -> Iterator[LiveServer]:
    """``python -m coordinator serve`` (gunicorn, one worker of four threads) on a free port."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(SECRET_KEY="e2e-secret", INSTANCE_PATH=str(log.parent),
                       PYTHONUNBUFFERED="1")
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "coordinator", "serve", "--db", demo_database,
             "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--threads", "4"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", demo_database, log, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium under Playwright, headless, for the whole session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` (or `make browser`) installs Debian's "
                    "chromium for the browser tests")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed "
        "(pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageProblems:
    """What went wrong in the page while a test used it: script errors and failed loads."""

    script_errors: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        """Record uncaught script errors and failed loads of scripts, styles and data files."""
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("response", self._response)

    def _response(self, response) -> None:
        # a page may answer 4xx on purpose (a refused form); the browser asks for an icon anyway
        if response.request.resource_type == "document" or response.url.endswith("/favicon.ico"):
            return
        if response.status >= 400:
            self.failed_loads.append(f"{response.status} {response.request.method} {response.url}")


@pytest.fixture
def page(browser, live_server, request) -> Iterator[object]:
    """A fresh browser context (no cookies) and page on the live server.

    The test fails afterwards if a page threw a script error or a script, style sheet or data
    file it uses failed to load.
    """
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT,
                                  accept_downloads=True, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT)
    tab = context.new_page()
    problems = PageProblems()
    problems.watch(tab)
    tab.problems = problems
    try:
        yield tab
    finally:
        context.close()
    assert not problems.script_errors, f"script errors in the page: {problems.script_errors}"
    assert not problems.failed_loads, f"resources that failed to load: {problems.failed_loads}"


def sign_in(page, person: Person) -> None:
    """Sign in through the form, as a person would, and wait for the page it leads to."""
    page.goto("/account/sign-in")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/account/sign-in" not in page.url, "the sign-in was refused"


def screenshot(page, name: str, *, full_page: bool = False) -> None:
    """Save ``docs/screenshots/journey-<name>.png`` when SAVE_SCREENSHOTS=1 (else nothing)."""
    if os.environ.get("SAVE_SCREENSHOTS", "").strip() not in ("1", "true", "yes"):
        return
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise ValueError(f"screenshot name {name!r}: use lower-case letters, digits and dashes")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=full_page)
