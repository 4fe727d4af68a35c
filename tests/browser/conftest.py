"""Browser tests: real headless Chromium (Debian's package) driven by Playwright.

Both apps run in threads on free local ports over a migrated SQLite database with demo data.
Tests skip with a visible reason when Chromium is missing, unless REQUIRE_BROWSER=1 is set
(as in CI), when they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from hearing import migrate
from hearing.config import Settings
from hearing.db import Database
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveApps:
    kiosk_url: str
    office_url: str
    settings: Settings
    database: Database
    webform_app: Any
    admin_app: Any


@pytest.fixture(scope="session")
def playwright_browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        skip_or_fail("REQUIRE_BROWSER", "Chromium not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("REQUIRE_BROWSER", "playwright is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _run_live(tmp_path: Path, environ: dict[str, str]) -> Iterator[LiveApps]:
    import admin
    import webform

    data_dir = tmp_path / "data"
    settings = Settings.from_env(
        environ=environ, data_dir=data_dir,
        database_url=f"sqlite:///{tmp_path / 'browser.sqlite3'}",
    ).with_secrets()
    migrate.upgrade(settings.database_url)
    database = Database(settings.database_url)
    kiosk_app = webform.create_app(settings, database=database)
    office_app = admin.create_app(settings, database=database)
    servers = []
    urls = []
    for app in (kiosk_app, office_app):
        port = _free_port()
        server = make_server("127.0.0.1", port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls.append(f"http://127.0.0.1:{port}")
    try:
        yield LiveApps(urls[0], urls[1], settings, database, kiosk_app, office_app)
    finally:
        for server in servers:
            server.shutdown()
        database.dispose()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveApps]:
    yield from _run_live(tmp_path, {})


@pytest.fixture
def live_short_idle(tmp_path: Path) -> Iterator[LiveApps]:
    """Both apps with a kiosk that warns after 3 s and locks after 8 s without input."""
    yield from _run_live(tmp_path, {"HEARING_KIOSK_IDLE_WARNING_SECONDS": "3",
                                    "HEARING_KIOSK_IDLE_LOCK_SECONDS": "8"})


@pytest.fixture
def context(playwright_browser: Any) -> Iterator[Any]:
    # bypass_csp: axe-core is injected as an inline script, which the apps' CSP forbids.
    ctx = playwright_browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations axe-core finds on the current page."""
    if not AXE.exists():
        skip_or_fail("REQUIRE_BROWSER", "axe-core missing: run `npm ci`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def require_env(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0")
