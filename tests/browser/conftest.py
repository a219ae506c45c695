"""Real-browser fixtures: the dashboard served by `streamlit run` on a free loopback port with a
fresh database, driven by Playwright through Debian's Chromium (never a downloaded browser).

Locally, without Chromium, these tests skip and say how to install it; under CI=true a missing
browser is a failure.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("ENTENTE_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = "Chromium is not installed: apt-get install -y chromium (the browser tests use /usr/bin/chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class AppServer:
    def __init__(self, url: str, db_url: str):
        self.url = url
        self.db_url = db_url


@contextmanager
def _serve(db_url: str):
    port = _free_port()
    env = {**os.environ, "ENTENTE_DB_URL": db_url}
    # The server's output goes to a file: a pipe nobody reads fills up (64 KiB of log lines over a
    # module's tests) and then blocks the server, whose pages stop answering.
    log = tempfile.NamedTemporaryFile(prefix=f"entente-streamlit-{port}-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield AppServer(url, db_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        os.unlink(log.name)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """`streamlit run app.py` on a free port with its own empty SQLite database."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'entente.db'}"
    with _serve(db_url) as server:
        yield server


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory):
    """The same, with the sample articles already loaded (as `scripts/run.sh` does)."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'entente.db'}"
    subprocess.run([sys.executable, "-m", "lib", "ingest", "sample_articles", "--db", db_url, "--quiet"],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    with _serve(db_url) as server:
        yield server


class PageWatch:
    """Console errors and requests to any host but the app's, collected during a test."""

    def __init__(self, page, app_url: str):
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        app_host = urlparse(app_url).netloc
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def check(request) -> None:  # type: ignore[no-untyped-def]
            parsed = urlparse(request.url)
            if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != app_host:
                self.foreign.append(request.url)

        page.on("request", check)


def _new_page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.watch = PageWatch(page, server.url)  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def page(browser, app_server):
    context, page = _new_page(browser, app_server)
    yield page
    context.close()


@pytest.fixture
def seeded_page(browser, seeded_server):
    context, page = _new_page(browser, seeded_server)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """A full-page PNG once every plotly chart on the page has drawn."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.main-svg'))", timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the script run: no running indicator and no loading
    skeletons, steadily for half a second (a rerun may start just after a click)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        """() => {
            const busy = document.querySelector('[data-testid="stStatusWidget"]')
                || document.querySelector('[data-testid="stSkeleton"]')
                || document.querySelector('[data-stale="true"]');
            const now = Date.now();
            if (busy) { window.__enteIdleSince = null; return false; }
            window.__enteIdleSince = window.__enteIdleSince || now;
            return now - window.__enteIdleSince > 500;
        }""", timeout=timeout, polling=100)
