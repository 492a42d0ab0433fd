"""The dashboard in real headless Chromium: map, timeline, ledger, filters, evidence,
and article text holding markup shown as text with no script run.

The map runs with tiles off (and, in one test, with a tile server that refuses
connections), so it draws the built-in fallback layer: graticule and country outlines
served by the app. A screenshot goes to artifacts/dashboard.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from live_server import ARTIFACTS, LiveServer

from serve_corpus import SCRIPT_SENTENCE, SCRIPT_TITLE, TRUCE_ID, article_ids, seed
from truceline.api import create_app
from truceline.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TARTAR = "Azerbaijan's defence ministry said Armenian forces shelled the town of Tartar on Sunday."
TARTAR_DENIAL = "The ministry denied that its troops had fired on Tartar."


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function(
        "() => { const m = document.querySelector('#map').dataset.markers;"
        " const t = document.querySelector('#timeline').dataset.total;"
        " return m !== undefined && t !== undefined; }"
    )


def _markers(page: Any) -> int:
    return int(page.get_attribute("#map", "data-markers"))


ON_MAP = (
    "document.querySelectorAll('.incident-marker').length + [...document.querySelectorAll("
    "'.incident-cluster')].reduce((n, c) => n + Number(c.textContent), 0)"
)


def _legend(page: Any) -> dict[str, int]:
    """Incidents on the map by status, as the map's legend counts them."""
    items = page.locator("#map-legend [data-status]")
    return {
        items.nth(i).get_attribute("data-status"): int(items.nth(i).locator(".n").inner_text())
        for i in range(items.count())
    }


def _timeline_total(page: Any) -> int:
    return int(page.get_attribute("#timeline", "data-total"))


def _clean(page: Any) -> None:
    """No script error, no dialog, no CSP violation on the page."""
    assert page.errors == []
    assert page.dialogs == []
    assert page.evaluate("window.__csp") == []


def _evidence(page: Any) -> Any:
    page.wait_for_selector("#evidence-body[data-incident] mark.sentence")
    # The context around each sentence comes from the article text, fetched after.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#evidence-body blockquote')]"
        ".every(q => q.dataset.context === 'article')"
    )
    return page.locator("#evidence-body")


def test_dashboard_draws_incidents_timeline_and_ledger_on_the_fallback_map(
    live: LiveServer, page: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _open(page, live.url + "/")
    assert _markers(page) == 5  # six incidents, the ceasefire itself has no place
    assert _legend(page) == {"corroborated": 0, "one-sided": 2, "contested": 1,
                             "unattributed": 2}  # fmt: skip
    page.wait_for_selector("#map[data-outlines=loaded]")
    assert page.get_attribute("#map", "data-fallback") == "on"
    assert page.locator(".leaflet-tile").count() == 0
    assert _timeline_total(page) == 4
    assert page.get_attribute("#timeline", "data-days") == "2"
    assert page.locator("#timeline rect.bar").count() == 4
    assert page.locator("#ledger tbody tr").count() == 4
    tartar = page.locator("#ledger tr", has_text="Tartar")
    assert "Tartar, Azerbaijan" in tartar.locator("button").get_attribute("aria-label")
    assert "Humanitarian truce in Karabakh" in tartar.inner_text()  # the name, not the id
    page.locator("#ledger tr", has_text="Tartar").locator("button").click()
    body = _evidence(page)
    assert TARTAR in body.inner_text()
    _clean(page)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_unreachable_tiles_give_way_to_the_fallback_layer(
    tmp_path: Path, page: Any, closed_port: int
) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    seed(db)
    tiles = f"http://127.0.0.1:{closed_port}/{{z}}/{{x}}/{{y}}.png"
    app = create_app(Settings(db=db, tile_url=tiles), recheck_seconds=0)
    with LiveServer(app) as server:
        _open(page, server.url + "/")
        page.wait_for_selector("#map[data-outlines=loaded]")
        assert page.get_attribute("#map", "data-fallback") == "on"
        assert page.locator(".leaflet-tile").count() > 0  # tried, and failed
        assert _markers(page) == 5
        assert page.errors == []
        assert page.evaluate("window.__csp") == []  # the tile origin is allowed, only down


def test_a_filter_changes_the_map_and_the_timeline(live: LiveServer, page: Any) -> None:
    _open(page, live.url + "/")
    assert (_markers(page), _timeline_total(page)) == (5, 4)
    with page.expect_navigation():
        page.select_option("#f-status", "one-sided")  # a choice applies the filters
    _open(page, page.url)
    assert "status=one-sided" in page.url
    assert (_markers(page), _timeline_total(page)) == (2, 2)
    assert _legend(page)["one-sided"] == 2
    page.wait_for_function(f"() => {ON_MAP} === 2")
    assert page.locator(".incident-marker").count() in (0, 2)  # alone, or as one group
    page.fill("#f-since", "2020-10-12")
    with page.expect_navigation():
        page.click("#f-apply")
    _open(page, page.url)
    assert (_markers(page), _timeline_total(page)) == (1, 1)
    assert page.locator("#ledger tbody tr").count() == 1
    _open(page, live.url + "/")
    page.fill("#f-country", "YEM")
    with page.expect_navigation():
        page.click("#f-apply")
    _open(page, page.url)
    assert (_markers(page), _timeline_total(page)) == (1, 0)
    assert page.locator("#timeline .empty").is_visible()
    _clean(page)


def test_filter_to_map_view_keeps_the_region_on_screen(live: LiveServer, page: Any) -> None:
    _open(page, live.url + "/?country=YEM")  # the map zooms to Sanaa
    with page.expect_navigation():
        page.click("#f-map-view")
    _open(page, page.url)
    query = parse_qs(urlsplit(page.url).query)
    west, south, east, north = (float(v) for v in query["bbox"][0].split(","))
    assert west < 44.21 < east
    assert south < 15.35 < north
    assert east - west < 20  # a region, not the world
    _open(page, live.url + "/?" + urlencode({"bbox": query["bbox"][0]}))  # region alone
    assert (_markers(page), _timeline_total(page)) == (1, 0)
    assert "Area:" in page.inner_text("#filters")
    with page.expect_navigation():
        page.click("#f-clear-bbox")
    _open(page, page.url)
    assert _markers(page) == 5
    _clean(page)


def test_choosing_a_ceasefire_shows_its_ledger_summary(live: LiveServer, page: Any) -> None:
    _open(page, live.url + "/")
    with page.expect_navigation():
        page.select_option("#f-ceasefire", TRUCE_ID)
    _open(page, page.url)
    summary = page.locator("#ceasefire-summary")
    assert "Humanitarian truce in Karabakh" in summary.inner_text()
    assert "(day 1 of the ceasefire)" in summary.inner_text()  # no event time: no hours
    assert page.inner_text("#ledger-total") == "4"
    assert (_markers(page), _timeline_total(page)) == (4, 4)  # Sanaa is not under it
    _clean(page)


def test_clicking_an_incident_on_the_map_shows_its_evidence_sentences(
    live: LiveServer, page: Any
) -> None:
    _open(page, live.url + "/?status=contested")
    assert _markers(page) == 1
    marker = page.locator(".incident-marker")
    assert marker.get_attribute("data-incident")
    assert "Enter shows the evidence" in marker.get_attribute("aria-label")
    marker.click()
    body = _evidence(page)
    sentences = body.locator("mark.sentence").all_inner_texts()
    assert sentences == [TARTAR, TARTAR_DENIAL]
    text = body.inner_text()
    assert "Northern Herald" in text
    assert "Southern Courier" in text
    assert "Claimant: Azerbaijani Defence Ministry" in text
    assert "alleged by Azerbaijan (state)" in text
    links = body.locator("a.source-link")
    assert links.first.get_attribute("href") == "https://herald.example/tartar"
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    _clean(page)


def test_markup_in_article_text_shows_as_text_and_no_script_runs(
    live: LiveServer, page: Any
) -> None:
    _open(page, live.url + "/")
    page.locator("#ledger tr", has_text="Martuni").locator("button").click()
    body = _evidence(page)
    assert SCRIPT_SENTENCE in body.inner_text()
    assert body.locator("mark.sentence").inner_text() == SCRIPT_SENTENCE
    assert page.evaluate("document.querySelectorAll('#evidence-body img, #evidence-body script')"
                         ".length") == 0  # fmt: skip
    assert page.evaluate("window.__xss") is None
    # The article's own page, rendered on the server.
    with page.expect_navigation():
        body.locator("a", has_text="in the article").click()
    assert page.inner_text("#article-title") == SCRIPT_TITLE
    assert "<script>alert(1)</script>" in page.inner_text("#article-text")
    assert page.inner_text("#focus") == SCRIPT_SENTENCE
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    assert page.evaluate("[window.__xss, window.__xss_title]") == [None, None]
    # Its URL is javascript: and is shown, not linked.
    assert page.locator("a[href^='javascript']").count() == 0
    assert "javascript:alert('url')" in page.inner_text(".urls")
    _clean(page)


def test_api_docs_render_every_operation_from_local_files(live: LiveServer, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live.url + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/ceasefires/{ceasefire_id}/ledger" in [p.replace("\u200b", "") for p in paths]
    assert all(u.startswith((live.url, "data:")) for u in requests), requests
    _clean(page)


def test_the_article_page_marks_each_event_in_its_colour_with_a_legend(
    live: LiveServer, page: Any
) -> None:
    page.goto(live.url + "/articles/" + article_ids()["south-1"] + "?event=e2#focus")
    marks = page.locator("#article-text mark.evidence")
    assert marks.count() == 2
    assert [marks.nth(i).get_attribute("data-event") for i in range(2)] == ["e1", "e2"]
    assert "ev-0" in marks.nth(0).get_attribute("class")
    assert "ev-1" in marks.nth(1).get_attribute("class")
    legend = page.locator("#event-legend tbody tr")
    assert legend.count() == 2
    assert "Air/drone strike" in legend.nth(0).inner_text()
    assert "Denial" in legend.nth(1).inner_text()
    assert legend.nth(1).locator(".ev-swatch.ev-1").count() == 1
    assert page.inner_text("#focus") == TARTAR_DENIAL
    assert page.locator("h1").count() == 1
    _clean(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)


def test_a_missing_article_is_an_html_404_page(live: LiveServer, page: Any) -> None:
    response = page.goto(live.url + "/articles/does-not-exist")
    assert response.status == 404
    assert "no article 'does-not-exist'" in page.inner_text("#error-message")
    _clean(page)
