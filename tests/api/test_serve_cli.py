"""`truceline serve` and `truceline token create|list|revoke`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from serve_corpus import seed
from truceline.cli import app
from truceline.cli.serve import is_loopback

runner = CliRunner()


def test_token_commands_create_list_and_revoke(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    created = runner.invoke(app, ["token", "create", "--name", "analysts", "--db", db])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    token_id = token.split("_")[1]
    assert token.startswith("tl_")
    listed = runner.invoke(app, ["token", "list", "--json", "--db", db])
    [row] = json.loads(listed.stdout)
    assert row["id"] == token_id
    assert row["name"] == "analysts"
    assert row["revoked"] is None
    assert token not in listed.stdout
    assert runner.invoke(app, ["token", "revoke", token_id, "--db", db]).exit_code == 0
    again = runner.invoke(app, ["token", "revoke", token_id, "--db", db])
    assert again.exit_code == 1
    assert token_id in again.output
    [row] = json.loads(runner.invoke(app, ["token", "list", "--json", "--db", db]).stdout)
    assert row["revoked"] is not None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("example.org", False)],
)  # fmt: skip
def test_only_loopback_hosts_count_as_local(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_builds_stale_incidents_then_serves_api_and_dashboard(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    seed(db, build=False)
    port = _free_port()
    env = {**os.environ, "TRUCELINE_TILE_URL": "https://tiles.example.org/{z}/{x}/{y}.png"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "truceline.cli", "serve", "--db", db, "--port", str(port),
         "--tiles", "off", "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status = httpx.get(base + "/api/status", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.communicate()[1]) from None
                time.sleep(0.2)
        assert status.json()["built_at"] is not None
        ledger = httpx.get(base + "/api/ceasefires/karabakh-truce-2020/ledger").json()
        assert ledger["counts"]["total"] == 4
        page = httpx.get(base + "/")
        assert page.status_code == 200
        assert 'data-tiles=""' in page.text
        assert "img-src 'self' data:;" in page.headers["content-security-policy"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert "building incidents: no incidents built yet" in err
