"""The dashboard as a monitoring cell uses it, in Chromium, on twenty years of reports
(tests/web/span_corpus.py): the timeline covers the whole span and counts what the
ledger counts, the evidence opens where the reader is looking, the map's outlines do
not wrap and nothing is requested from any other server than this one.

Screenshots: artifacts/monitoring-dashboard.png, artifacts/monitoring-zoomed.png,
artifacts/monitoring-evidence.png, artifacts/monitoring-article.png,
artifacts/monitoring-status.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from live_server import ARTIFACTS, LiveServer
from span_corpus import FIRST_YEAR, LAST_YEAR, seed_span

from truceline.api import create_app
from truceline.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def span(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = f"sqlite:///{tmp_path_factory.mktemp('span') / 'store.sqlite'}"
    seed_span(db)
    app = create_app(Settings(db=db), recheck_seconds=0)  # the default settings: tiles off
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def tab(page: Any) -> Iterator[Any]:
    """The page, with every request that would leave 127.0.0.1 refused and recorded."""
    outside: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    page.outside = outside
    yield page
    assert outside == []  # no request left this machine during the whole test
    assert page.errors == []
    assert page.evaluate("window.__csp") == []


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#timeline[data-ready=yes], #timeline .empty")
    page.wait_for_function("() => document.querySelector('#map').dataset.markers !== undefined")


def _drawn(page: Any) -> int:
    """Alleged violations drawn on the timeline: one per `data-incident` mark, and the
    `data-count` of every aggregated mark."""
    return int(
        page.evaluate(
            "() => { const t = document.querySelector('#timeline');"
            " const one = t.querySelectorAll('rect[data-incident]').length;"
            " const many = [...t.querySelectorAll('rect[data-count]')]"
            "   .reduce((n, r) => n + Number(r.dataset.count), 0);"
            " return one + many; }"
        )
    )


_ON_MAP = (
    "document.querySelectorAll('.incident-marker').length + [...document.querySelectorAll("
    "'.incident-cluster')].reduce((n, c) => n + Number(c.textContent), 0)"
)


def _ledger_days(page: Any) -> list[str]:
    """The day of every dated row of the ledger."""
    days = page.eval_on_selector_all(
        "#ledger tbody tr[data-incident]", "rows => rows.map(r => r.cells[0].textContent.trim())"
    )
    return [d for d in days if d[:1].isdigit()]


def test_the_timeline_spans_twenty_years_and_counts_what_the_ledger_counts(
    span: LiveServer, tab: Any
) -> None:
    _open(tab, span.url + "/")
    days = _ledger_days(tab)
    assert len(days) == 122  # 120 shellings and 2 from reports without a day
    timeline = tab.locator("#timeline")
    assert timeline.get_attribute("data-unit") == "month"
    assert timeline.get_attribute("data-from")[:4] == str(FIRST_YEAR)
    assert timeline.get_attribute("data-to")[:4] == str(LAST_YEAR)
    assert _drawn(tab) == len(days) == int(timeline.get_attribute("data-total"))
    assert f"({len(days)} dated, by month" in tab.inner_text("#timeline-count")
    # Marks in every year, not only the first days of the span.
    bins = tab.eval_on_selector_all(
        "#timeline rect[data-count]", "rs => rs.map(r => r.dataset.bin)"
    )
    assert {b[:4] for b in bins} == {str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    # The legend lists the groups drawn, and only those.
    groups = set(
        tab.eval_on_selector_all("#timeline rect[data-group]", "rs => rs.map(r => r.dataset.group)")
    )
    legend = set(tab.locator("#timeline .legend li").all_inner_texts())
    assert (
        legend
        == groups
        == {
            "Armenia (state)",
            "Azerbaijan (state)",
            "Armenia (state) + Azerbaijan (state)",
        }
    )
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "monitoring-dashboard.png"))

    # Brushing: drag across a stretch of the chart to zoom to it.
    box = tab.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    tab.mouse.move(box["x"] + box["width"] * 0.45, y)
    tab.mouse.down()
    tab.mouse.move(box["x"] + box["width"] * 0.52, y, steps=5)
    tab.mouse.up()
    tab.wait_for_function("() => !document.querySelector('#tl-zoom-out').disabled")
    first, last = timeline.get_attribute("data-from"), timeline.get_attribute("data-to")
    assert timeline.get_attribute("data-unit") in ("week", "day")
    inside = [d for d in days if first <= d <= last]
    assert 0 < len(inside) < len(days)
    assert _drawn(tab) == len(inside) == int(timeline.get_attribute("data-total"))
    tab.screenshot(path=str(ARTIFACTS / "monitoring-zoomed.png"))
    tab.click("#tl-zoom-out")
    assert _drawn(tab) == len(days)


@pytest.mark.parametrize(
    ("query", "unit"),
    [
        ("since=2010-01-01&until=2012-12-31", "week"),
        ("since=2016-03-01&until=2016-05-15", "day"),
        ("country=ARM", "month"),
    ],
)
def test_filtered_timelines_count_what_the_filtered_ledger_counts(
    span: LiveServer, tab: Any, query: str, unit: str
) -> None:
    _open(tab, span.url + "/?" + query)
    days = _ledger_days(tab)
    assert days
    assert tab.get_attribute("#timeline", "data-unit") == unit
    assert _drawn(tab) == len(days)
    if unit == "day":  # days: one mark per incident, each naming it
        marks = tab.eval_on_selector_all("#timeline rect[data-incident]",
                                         "rs => rs.map(r => r.dataset.incident)")  # fmt: skip
        rows = tab.eval_on_selector_all("#ledger tbody tr[data-incident]",
                                        "rs => rs.map(r => r.dataset.incident)")  # fmt: skip
        assert sorted(marks) == sorted(rows)


def test_the_timeline_works_from_the_keyboard(span: LiveServer, tab: Any) -> None:
    _open(tab, span.url + "/?since=2016-01-01&until=2016-12-31")
    bins = tab.locator("#timeline g.bin")
    assert bins.first.get_attribute("tabindex") == "0"
    assert "alleged violation" in bins.first.get_attribute("aria-label")
    bins.first.focus()
    tab.keyboard.press("End")
    assert tab.evaluate("document.activeElement.dataset.bin") == bins.last.get_attribute("data-bin")
    tab.keyboard.press("Enter")  # a week: zooms to it, one mark per incident
    tab.wait_for_function("() => document.querySelector('#timeline').dataset.unit === 'day'")
    assert tab.locator("#timeline rect[data-incident]").count() >= 1
    tab.locator("#timeline g.bin").first.focus()
    tab.keyboard.press("Enter")  # a day: opens the evidence, under the timeline
    tab.wait_for_selector("#timeline-evidence #evidence-body[data-incident] mark.sentence")
    _in_view(tab, "#evidence-body h3")
    tab.locator("#timeline g.bin").first.focus()
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => document.querySelector('#timeline').dataset.unit === 'week'")


def _in_view(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    height = page.evaluate("window.innerHeight")
    assert box is not None
    assert box["y"] >= 0, (box, height)
    assert box["y"] + box["height"] <= height, (box, height)
    return box


def test_evidence_opens_next_to_the_ledger_row_in_view(span: LiveServer, tab: Any) -> None:
    _open(tab, span.url + "/")
    rows = tab.locator("#ledger tbody tr[data-incident]")
    row = rows.nth(100)  # far down the page
    row.scroll_into_view_if_needed()
    scrolled = tab.evaluate("window.scrollY")
    assert scrolled > 1500
    row.locator("button.show-evidence").click()
    tab.wait_for_selector("#evidence-row #evidence-body[data-incident] mark.sentence")
    incident = row.get_attribute("data-incident")
    assert tab.get_attribute("#evidence-body", "data-incident") == incident
    # Right under the row clicked, on screen, with the focus on it.
    assert tab.evaluate(
        "id => document.querySelector(`tr[data-incident='${id}']`).nextElementSibling.id", incident
    ) == "evidence-row"  # fmt: skip
    _in_view(tab, "#evidence-body h3")
    _in_view(tab, "#evidence-body mark.sentence >> nth=0")
    assert tab.evaluate("document.activeElement.id") == "evidence-body"
    assert row.locator("button").get_attribute("aria-expanded") == "true"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "monitoring-evidence.png"))
    # Its article, with the evidence marked and a legend of the events.
    with tab.expect_navigation():
        tab.locator("#evidence-body a", has_text="in the article").first.click()
    assert tab.locator("#article-text mark.evidence").count() == 1
    assert tab.locator("#event-legend tr[data-event]").count() == 1
    assert tab.locator("#event-legend .ev-swatch.ev-0").count() == 1
    assert tab.locator("mark.evidence.ev-0").count() == 1
    tab.screenshot(path=str(ARTIFACTS / "monitoring-article.png"), full_page=True)


def test_the_map_draws_every_placed_incident_without_wrapped_outlines(
    span: LiveServer, tab: Any
) -> None:
    _open(tab, span.url + "/")
    tab.wait_for_selector("#map[data-outlines=loaded]")
    assert tab.locator(".leaflet-tile").count() == 0  # no tile server by default
    placed = int(tab.get_attribute("#map", "data-markers"))
    assert placed == 122
    # At this zoom the markers are grouped; single markers and groups add up (once the
    # zoom to the markers has settled).
    tab.wait_for_function("() => " + _ON_MAP + " === " + str(placed))
    assert tab.locator(".incident-cluster").count() >= 1
    legend = {s: int(tab.inner_text(f"#map-legend [data-status='{s}'] .n"))
              for s in ("corroborated", "one-sided", "contested", "unattributed")}  # fmt: skip
    assert sum(legend.values()) == placed
    assert legend["contested"] == 3
    # Zoomed out until the whole world shows (Leaflet clips nothing), no outline has an
    # edge across half the world: Russia and Fiji are cut at the antimeridian, not drawn
    # across the map (without the cut, four such edges).
    out = tab.locator(".leaflet-control-zoom-out")
    for _ in range(12):
        if "leaflet-disabled" in (out.get_attribute("class") or ""):
            break
        out.click()
        tab.wait_for_timeout(300)
    long_edges = tab.evaluate(
        "() => { const paths = [...document.querySelectorAll('#map path.outline')];"
        " const world = Math.max(...paths.map(p => p.getBBox().width)); let n = 0;"
        " for (const p of paths) { let last = null;"
        "  for (const [, cmd, x] of p.getAttribute('d').matchAll(/([MLz])\\s*(-?[\\d.]*)/gi)) {"
        "   if (cmd === 'M') last = +x;"
        "   else if (cmd === 'L') { if (Math.abs(+x - last) > world / 2) n += 1; last = +x; } } }"
        " return n; }"
    )
    assert long_edges == 0
    # Clicking a group zooms in to the markers it holds.
    tab.locator(".incident-cluster").first.click()
    tab.wait_for_function("() => document.querySelector('#map').dataset.zoomed === 'cluster'")


def test_the_status_page_says_what_the_store_holds(span: LiveServer, tab: Any) -> None:
    tab.goto(span.url + "/status")
    assert tab.inner_text("#st-articles") == "125"
    assert tab.inner_text("#st-incidents") == "122"
    assert tab.inner_text("#st-ceasefires") == str(LAST_YEAR - FIRST_YEAR + 1)
    assert tab.inner_text("#st-last-ingest") != "never"
    tab.screenshot(path=str(ARTIFACTS / "monitoring-status.png"), full_page=True)
    tab.goto(span.url + "/articles/0000000000000000")
    assert "no article '0000000000000000'" in tab.inner_text("#error-message")
