"""The review page in real headless Chromium: three events from the queue reviewed with
the keyboard (r, v, e + Enter), and the dashboard's ledger changing with them. A
screenshot goes to artifacts/review.png."""

from __future__ import annotations

from typing import Any

import pytest
from live_server import ARTIFACTS, LiveServer
from sqlalchemy.orm import Session

from serve_corpus import TRUCE_ID
from truceline.api.tokens import create_token
from truceline.store.review import audit_log, list_reviews

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _ready(page: Any, reviewed: int) -> str:
    """Wait until the page shows the next item after `reviewed` verdicts; its row id."""
    page.wait_for_function(
        "n => { const r = document.getElementById('review');"
        " return r.dataset.state === 'ready' && Number(r.dataset.reviewed || 0) === n; }",
        arg=reviewed,
    )
    return str(page.get_attribute("#review-item", "data-row-id"))


def _ledger_total(page: Any, live: LiveServer, expected: int) -> int:
    """The dashboard's count of alleged violations, reloaded until it is `expected` (the
    incidents are rebuilt in the background after each verdict) or 20 tries."""
    for _ in range(20):
        page.goto(f"{live.url}/?ceasefire={TRUCE_ID}")
        total = int(page.text_content("#ledger-total") or "-1")
        if total == expected:
            break
        page.wait_for_timeout(250)
    return total


def test_three_events_reviewed_with_the_keyboard_change_the_ledger(
    page: Any, live: LiveServer
) -> None:
    engine = live.app.state.truceline.engine
    with Session(engine) as session:
        token, _ = create_token(session, "Dana Analyst")
    assert _ledger_total(page, live, 4) == 4

    page.goto(f"{live.url}/review")
    first = _ready(page, 0)
    evidence = page.text_content("#review-evidence") or ""
    assert evidence in (page.text_content("#review-text") or "")
    assert page.is_disabled("select[name=sub_event_type]")  # proposed, not editable yet
    page.fill("#review-token", token)
    page.press("#review-token", "Enter")
    page.click("h1")  # keys go to the page, not a field

    page.keyboard.press("r")  # 1: reject
    second = _ready(page, 1)
    assert second != first
    assert "Rejected event" in (page.text_content("#review-status") or "")

    page.keyboard.press("v")  # 2: verify
    third = _ready(page, 2)
    assert third != second

    page.keyboard.press("e")  # 3: correct the type and the toll
    assert page.is_enabled("select[name=sub_event_type]")
    page.select_option("select[name=sub_event_type]", "Air/drone strike")
    page.fill("input[name=fatalities]", "3")
    page.fill("input[name=note]", "the footage shows a drone")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    page.press("input[name=note]", "Enter")
    fourth = _ready(page, 3)
    assert fourth != third
    status = page.text_content("#review-status") or ""
    assert "Corrected event" in status
    assert "Dana Analyst" in status
    assert page.errors == []
    assert page.evaluate("window.__csp") == []

    with Session(engine) as session:
        reviews = {str(r.id): r for r in list_reviews(session)}
        log = audit_log(session)
    by_verdict = {r.verdict: r for r in reviews.values()}
    assert set(by_verdict) == {"rejected", "verified", "corrected"}
    assert by_verdict["corrected"].changes["sub_event_type"] == "Air/drone strike"
    assert by_verdict["corrected"].changes["fatalities"] == 3
    assert by_verdict["corrected"].note == "the footage shows a drone"
    assert {r.reviewer for r in reviews.values()} == {"Dana Analyst"}
    assert len(log) == 3

    # The first item in the queue was an alleged violation; rejected, it leaves the ledger.
    assert _ledger_total(page, live, 3) == 3
    page.wait_for_function(  # the last verdict's build
        "id => fetch('/api/ceasefires/' + id + '/ledger').then(r => r.json())"
        ".then(l => l.violations.reduce((n, i) => n + i.verified, 0) === 2)",
        arg=TRUCE_ID,
        polling=250,
    )
    page.goto(f"{live.url}/?ceasefire={TRUCE_ID}")
    ledger = page.evaluate(
        "id => fetch('/api/ceasefires/' + id + '/ledger').then(r => r.json())", TRUCE_ID
    )
    assert ledger["rejected"] == 1
    assert sum(i["verified"] for i in ledger["violations"]) == 2
    page.screenshot(path=str(ARTIFACTS / "review-ledger.png"), full_page=True)
