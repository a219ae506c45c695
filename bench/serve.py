"""Figure 4: peak memory of the Streamlit server after headless Chromium opened every page.

The server runs `streamlit run app.py` on a free loopback port with ENTENTE_DB_URL set; each
page is loaded in the browser until Streamlit has finished its run; the server's VmHWM (its
peak resident memory) is then read from /proc.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from lib.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# URL paths of app.py's pages (the default page is the root).
PAGE_PATHS = ("", "timeline", "cooccurrence", "entities", "reader", "upload")
_IDLE = """() => {
    const busy = document.querySelector('[data-testid="stStatusWidget"]')
        || document.querySelector('[data-testid="stSkeleton"]');
    const ready = document.querySelector('[data-testid="stMainBlockContainer"] h1');
    const now = Date.now();
    if (busy || !ready) { window.__benchIdle = null; return false; }
    window.__benchIdle = window.__benchIdle || now;
    return now - window.__benchIdle > 1000;
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def vm_hwm_kib(pid: int) -> int:
    """The peak resident set size of a live process, from /proc/PID/status (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 120) -> None:  # type: ignore[type-arg]
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


@dataclass(frozen=True)
class ServeResult:
    available: bool
    peak_kib: int = 0
    page_seconds: tuple[tuple[str, float], ...] = ()
    reason: str = ""


def serve_peak(db_url: str, page_timeout: float = 600) -> ServeResult:
    if not CHROMIUM.exists():
        return ServeResult(False, reason="no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ENTENTE_DB_URL": db_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port",
         str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    timings = []
    try:
        _wait_healthy(url, process)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            for path in PAGE_PATHS:
                started = time.perf_counter()
                page.goto(f"{url}/{path}", timeout=page_timeout * 1000)
                page.wait_for_function(_IDLE, timeout=page_timeout * 1000, polling=200)
                timings.append((path or "overview", time.perf_counter() - started))
            browser.close()
        return ServeResult(True, vm_hwm_kib(process.pid), tuple(timings))
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
