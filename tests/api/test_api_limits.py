"""`truceline serve` under load and shutdown, as a real process: a 9.5 MB article is
answered within the time budget (stored cut and flagged), extractions beyond the cap
get 503 with Retry-After, and SIGTERM stops the server, with a request in flight,
within 15 s and leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from sqlalchemy.orm import Session

from truceline.api.tokens import create_token
from truceline.store import make_engine, upgrade

pytestmark = pytest.mark.slow

ARTICLE_SECONDS = 20
# Sentences written for this test; numbered so that no two are the same.
SENTENCE = "Council workers in the eastern quarter repaired {n} water pipes before the rains. "
NEWS = (
    "Artillery shelled the outskirts of Kharkiv on Monday, killing three civilians, "
    "officials said. Residents said they feared more attacks."
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def big_text(size: int, variant: int) -> str:
    parts: list[str] = []
    n, total = 0, 0
    while total < size:
        part = SENTENCE.format(n=f"{variant}-{n}")
        parts.append(part)
        total += len(part)
        n += 1
    return "".join(parts)


def _post(base: str, token: str, body: dict[str, Any], timeout: float = 120) -> httpx.Response:
    return httpx.post(
        base + "/api/articles",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
    )


def test_serve_bounds_a_huge_post_caps_extractions_and_stops_on_sigterm(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    upgrade(db)
    engine = make_engine(db)
    with Session(engine) as session:
        token, _ = create_token(session, "limits test")
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "TRUCELINE_ARTICLE_SECONDS": str(ARTICLE_SECONDS),
        "TRUCELINE_API_EXTRACTIONS": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "truceline.cli", "serve", "--db", db, "--port", str(port),
         "--tiles", "off", "--no-build", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        server = psutil.Process(proc.pid)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/status", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, "serve ended"
                assert time.monotonic() < deadline, "serve did not start in 60 s"
                time.sleep(0.2)

        # one extraction at a time: while the first is in hand, another gets a 503
        answers: dict[str, httpx.Response] = {}
        first = threading.Thread(target=lambda: answers.setdefault("first", _post(base, token,
                                 {"text": NEWS})))  # fmt: skip
        first.start()
        while not any("spawn_main" in " ".join(p.cmdline()) for p in server.children()):
            assert first.is_alive(), answers["first"].text
            time.sleep(0.05)
        busy = _post(base, token, {"text": NEWS + " A second article."})
        first.join()
        assert answers["first"].status_code == 201, answers["first"].text
        assert busy.status_code == 503, busy.text
        assert int(busy.headers["Retry-After"]) > 0
        assert busy.json()["error"] == "busy"

        # 9.5 MB of text: answered within the budget, stored cut and flagged
        started = time.monotonic()
        huge = _post(base, token, {"text": big_text(9_500_000, 1)})
        took = time.monotonic() - started
        assert took < 2 * ARTICLE_SECONDS + 30
        assert huge.status_code in (201, 413), huge.text
        if huge.status_code == 201:
            result = huge.json()
            assert result["skip_reason"].startswith("truncated") or result["skip_reason"] == (
                "timeout"
            )
        else:
            assert huge.json()["error"]

        # SIGTERM with an extraction in flight: the server ends within 15 s, its worker too
        family = server.children(recursive=True)
        assert family
        late = threading.Thread(target=lambda: answers.setdefault("late", _post(base, token,
                                {"text": big_text(3_000_000, 2)})))  # fmt: skip
        late.start()
        time.sleep(1.0)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        stopped = time.monotonic() - sent
        late.join(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    assert stopped < 15
    _gone, alive = psutil.wait_procs(family, timeout=3)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
