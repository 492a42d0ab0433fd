"""Every API error is JSON `{"error": <stable code>, "detail": <message naming the bad
value>}` with its status; pages get an HTML error page; /api/status and /status say
what the store holds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from api_client import ApiClient, dispose, make_client

from serve_corpus import TRUCE_ID
from truceline.api.errors import error_code
from truceline.errors import NotFoundError, RefusedUrlError, TrucelineError


def _error(r: httpx.Response, status: int, code: str, *named: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["error"] == code
    for value in named:
        assert value in body["detail"], body["detail"]
    return body


# -- 404: ids that are not stored, or cannot be -------------------------------------
@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/api/events/99999999999999999999", "99999999999999999999"),  # past 64 bits
        ("/api/events/9223372036854775807", "9223372036854775807"),  # past 32 bits
        ("/api/events/2147483647", "2147483647"),  # the largest key
        ("/api/events/0", "'0'"),
        ("/api/events/-3", "-3"),
        ("/api/events/abc", "abc"),
        ("/api/incidents/no-such-incident", "no-such-incident"),
        ("/api/articles/0000000000000000", "0000000000000000"),
        ("/api/ceasefires/cf-XXX-2001", "cf-XXX-2001"),
        ("/api/ceasefires/cf-XXX-2001/ledger", "cf-XXX-2001"),
    ],
)
def test_ids_not_stored_are_404_naming_the_id(api: ApiClient, path: str, named: str) -> None:
    _error(api.get(path), 404, "not_found", named)


def test_unknown_api_paths_and_methods_are_json(api: ApiClient) -> None:
    _error(api.get("/api/nothing-here"), 404, "not_found", "/api/nothing-here")
    _error(api.request("DELETE", "/api/events"), 405, "method_not_allowed", "DELETE")


# -- 400: filter values that are not valid, with the accepted form -------------------
@pytest.mark.parametrize("path", ["/api/events", "/api/incidents", "/api/timeline",
                                  "/api/articles", "/api/export"])  # fmt: skip
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"country": "ZZZ"}, ("'ZZZ'", "ISO 3166 alpha-3", "UKR")),
        ({"country": "ARM,QQQ"}, ("'QQQ'",)),
        ({"country": "Armenia"}, ("'Armenia'",)),
        ({"ceasefire": "cf-NOPE-1999"}, ("'cf-NOPE-1999'", "/api/ceasefires")),
        ({"since": "2020-02-30"}, ("2020-02-30", "YYYY-MM-DD")),
    ],
)
def test_unknown_countries_ceasefires_and_bad_dates_are_400(
    api: ApiClient, path: str, params: dict, named: tuple[str, ...]
) -> None:
    _error(api.get(path, params=params), 400, "bad_parameter", *named)


def test_the_ceasefire_list_refuses_an_unknown_country(api: ApiClient) -> None:
    _error(api.get("/api/ceasefires", params={"country": "ZZZ"}), 400, "bad_parameter", "ZZZ")


def test_known_values_still_filter(api: ApiClient) -> None:
    assert api.get("/api/incidents", params={"country": "yem"}).status_code == 200
    r = api.get("/api/timeline", params={"ceasefire": TRUCE_ID})
    assert r.status_code == 200
    assert sum(row["count"] for row in r.json()) == 4


# -- 422: requests not of the documented shape -----------------------------------------
@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/api/events?limit=abc", "'abc'"),
        ("/api/events?limit=100000", "limit"),
        ("/api/incidents?view=everything", "'everything'"),
        ("/api/ceasefires/" + TRUCE_ID + "/ledger?format=pdf", "'pdf'"),
    ],
)
def test_malformed_requests_are_422_with_the_problems(
    api: ApiClient, path: str, named: str
) -> None:
    body = _error(api.get(path), 422, "invalid_request", named)
    assert body["problems"]


def test_a_post_that_is_not_an_article_is_422(api: ApiClient, token: str) -> None:
    r = api.post("/api/articles", json={"text": "a", "html": "<p>a</p>"},
                 headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    _error(r, 422, "unreadable_input", "not both")


def test_reading_without_a_token_when_one_is_needed_is_401(seeded: str) -> None:
    client = make_client(seeded, read_auth=True)
    try:
        r = client.get("/api/incidents")
        _error(r, 401, "unauthorized")
        assert r.headers["www-authenticate"].startswith("Bearer")
    finally:
        dispose(client)


# -- 400: a URL truceline refuses to fetch is the client's request, not a bad gateway -----
@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("http://127.0.0.1:9/private", "loopback"),
        ("http://192.168.1.20/page", "private"),
    ],
)
def test_refused_fetch_urls_are_400(api: ApiClient, token: str, url: str, named: str) -> None:
    r = api.post("/api/articles", json={"url": url}, headers={"Authorization": f"Bearer {token}"})
    _error(r, 400, "refused_url", url, named)


# -- 413: a body over the limit, declared or streamed ---------------------------------------
async def _chunks() -> AsyncIterator[bytes]:
    for _ in range(8):
        yield b'{"text": "' + b"x" * 400 + b'"}'


@pytest.mark.parametrize("declared", [True, False])
def test_a_body_over_the_limit_is_a_json_413_naming_the_limit(seeded: str, declared: bool) -> None:
    client = make_client(seeded, max_request_bytes=2_000)
    try:
        kwargs: dict = (
            {"json": {"text": "x" * 5_000}}
            if declared
            else {"content": _chunks(), "headers": {"content-type": "application/json"}}
        )
        headers = {"Authorization": "Bearer whatever", **kwargs.pop("headers", {})}
        r = client.post("/api/articles", headers=headers, **kwargs)
        _error(r, 413, "too_large", "2000 bytes", "TRUCELINE_MAX_REQUEST_BYTES")
        assert client.get("/api/status").status_code == 200  # reads are not affected
    finally:
        dispose(client)


# -- pages: an HTML error page --------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "named"),
    [("/articles/0000000000000000", "0000000000000000"), ("/no-such-page", "/no-such-page")],
)
def test_pages_get_an_html_404(api: ApiClient, path: str, named: str) -> None:
    r = api.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in r.text
    assert named in r.text
    assert '<a href="/">dashboard</a>' in r.text


def test_the_dashboard_takes_country_names_and_refuses_unknown_ones(api: ApiClient) -> None:
    page = api.get("/", params={"country": "Yemen"})
    assert 'id="f-country" value="YEM"' in page.text
    assert 'data-query="country=YEM"' in page.text  # what the map and timeline ask the API
    page = api.get("/", params={"country": "Atlantis"})
    assert page.status_code == 200
    assert "Atlantis&#39; is not a country code" in page.text


# -- one handler, codes from the classes --------------------------------------------------
class QueueFullError(TrucelineError):
    status_code = 503


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (NotFoundError("x"), "not_found"),
        (RefusedUrlError("http://x", "refused"), "refused_url"),
        (QueueFullError("x"), "queue_full"),  # a class without `code`: from its name
    ],
)
def test_error_codes_come_from_the_exception_classes(exc: Exception, code: str) -> None:
    assert error_code(exc) == code


# -- what is in the store ----------------------------------------------------------------
def test_status_counts_what_the_store_holds(api: ApiClient) -> None:
    body = api.get("/api/status").json()
    assert body["articles"] == 6
    assert body["articles_by_extraction"] == {"extracted": 6}
    assert body["events"] == 7
    assert body["events_undated"] == 0
    assert body["incidents"] == 6
    assert body["incidents_undated"] == 0
    assert body["alleged_violations"] == 4
    assert body["ceasefires"] == 1
    assert body["last_ingest"]
    assert sum(body["extractor_versions"].values()) == 6
    page = api.get("/status")
    assert page.status_code == 200
    assert '<td id="st-incidents">6</td>' in page.text
    assert '<td id="st-articles">6</td>' in page.text
