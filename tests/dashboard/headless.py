"""Headless Chromium for the dashboard tests: load a page from disk, keep its DOM, a screenshot,
its console messages and every request the page itself made (from Chromium's net log)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Flags that work as root in a container: no sandbox, no GPU, none of Chromium's own background
# traffic, and every host name resolving to nothing, so no test ever reaches the network even if
# a page tried.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
)


@dataclass
class Visit:
    dom: str
    screenshot: Path
    console: list[str]  # the page's console messages and uncaught errors
    fetches: list[str]  # URLs the page asked for beyond file: and data:


def visit(page: Path, workdir: Path, width: int = 1280, height: int = 2400) -> Visit:
    profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=workdir))
    netlog = workdir / f"{page.stem}.netlog.json"
    shot = workdir / f"{page.stem}.png"
    proc = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--log-net-log={netlog}",
            "--dump-dom",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    shutil.rmtree(profile, ignore_errors=True)
    # Chromium logs every console call (console.error included) as INFO:CONSOLE, uncaught
    # exceptions as "Uncaught ...": the dashboard runs no script, so any such line is an error.
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return Visit(proc.stdout, shot, console, page_fetches(netlog))


def page_fetches(netlog: Path) -> list[str]:
    """Requests started on behalf of a file:// page (Chromium's own update and account checks
    carry another network isolation key) for anything but a file: or data: URL."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    fetches = []
    for event in log["events"]:
        params = event.get("params") or {}
        from_page = event["type"] == start_job and str(params.get("network_isolation_key", "")).startswith("file://")
        if from_page and not params["url"].startswith(("file:", "data:")):
            fetches.append(params["url"])
    return fetches
