"""Browser fixtures: Debian's Chromium driven by Playwright, and the app served by
uvicorn on loopback in a background thread.

`playwright install` cannot download browsers here, so the tests launch
/usr/bin/chromium (Debian's `chromium` package) with a new empty profile. Without it
the tests are skipped with the reason, unless TRUCELINE_REQUIRE_BROWSER=1 (CI), which
makes them fail.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import LiveServer

from serve_corpus import seed
from truceline.api import create_app
from truceline.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's `chromium` package to run browser tests"
        if os.environ.get("TRUCELINE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TRUCELINE_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A persistent Chromium context on a new, empty user data dir."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1100},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The corpus in a SQLite store, served with map tiles off (the outline layer)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('web') / 'store.sqlite'}"
    seed(db)
    app = create_app(Settings(db=db, tile_url="off"), recheck_seconds=0)
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new tab that records dialogs, page errors and CSP violations."""
    tab = browser.new_page()
    tab.dialogs = []
    tab.errors = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield tab
    tab.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
