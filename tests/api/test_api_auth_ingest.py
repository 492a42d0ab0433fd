"""Tokens, POST /api/articles (real extraction, the URL guard, size limits), read auth
with the dashboard login, escaping and the Content-Security-Policy."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from api_client import ApiClient, dispose, make_client
from sqlalchemy import select
from sqlalchemy.orm import Session

from serve_corpus import SCRIPT_SENTENCE
from truceline.api.tokens import api_tokens, create_token, list_tokens, revoke_token, verify_token

NEWS = (
    "Azerbaijan's defence ministry said on Tuesday that Armenian forces shelled the town of "
    "Tartar overnight, breaking the humanitarian truce that took effect on Saturday. "
    "Armenia denied the accusation."
)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- tokens ---------------------------------------------------------------------------
def test_tokens_are_stored_hashed_verified_and_revoked(api: ApiClient) -> None:
    engine = api.app.state.truceline.engine
    with Session(engine) as session:
        token, info = create_token(session, "newsroom bot")
        assert token.startswith(f"tl_{info.id}_")
        stored = session.execute(select(api_tokens)).one()
        assert token not in {str(v) for v in stored}
        assert token.split("_", 2)[2] not in {str(v) for v in stored}
        assert verify_token(session, token) is not None
        assert verify_token(session, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert verify_token(session, "tl_nope_nope") is None
        [listed] = list_tokens(session)
        assert listed.name == "newsroom bot"
        assert listed.last_used_at is not None
        assert revoke_token(session, info.id) is True
        assert revoke_token(session, info.id) is False
        assert verify_token(session, token) is None


def test_a_token_needs_a_name(api: ApiClient) -> None:
    with (
        Session(api.app.state.truceline.engine) as session,
        pytest.raises(ValueError, match="needs a name"),
    ):
        create_token(session, "  ")


# -- POST /api/articles: refusals (no extraction needed) ------------------------------
@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "bearer token"),
        ({"Authorization": "Bearer tl_0000_wrong"}, "not valid"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "bearer token"),
    ],
)
def test_posting_an_article_needs_a_valid_bearer_token(
    api: ApiClient, headers: dict[str, str], message: str
) -> None:
    r = api.post("/api/articles", json={"text": NEWS}, headers=headers)
    assert r.status_code == 401
    assert message in r.json()["detail"]
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_token_cannot_post(api: ApiClient, token: str) -> None:
    with Session(api.app.state.truceline.engine) as session:
        revoke_token(session, token.split("_")[1])
    assert api.post("/api/articles", json={"text": NEWS}, headers=_auth(token)).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "named"),
    [
        ({}, 422, "give one of"),
        ({"text": "a", "html": "<p>a</p>"}, 422, "not both"),
        ({"text": NEWS, "published": "Tuesday"}, 422, "Tuesday"),
        ({"url": "javascript:alert(1)"}, 422, "javascript:alert(1)"),
        ({"url": "file:///etc/passwd"}, 422, "file:///etc/passwd"),
        ({"text": "   "}, 422, "empty"),
        ({"url": "http://127.0.0.1:9/secret"}, 400, "loopback"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, 400, "link-local"),
        ({"url": "http://10.0.0.7/"}, 400, "private"),
    ],
)
def test_posted_articles_that_cannot_be_read_are_refused_with_the_reason(
    api: ApiClient, token: str, body: dict, status: int, named: str
) -> None:
    r = api.post("/api/articles", json=body, headers=_auth(token))
    assert r.status_code == status, r.text
    assert named in r.json()["detail"]


def test_a_request_body_over_the_limit_is_413(seeded: str) -> None:
    client = make_client(seeded, max_request_bytes=2_000)
    try:
        r = client.post("/api/articles", json={"text": "x" * 5_000},
                        headers={"Authorization": "Bearer whatever"})  # fmt: skip
        assert r.status_code == 413
        assert client.get("/api/status").status_code == 200  # reads are not affected
    finally:
        dispose(client)


# -- POST /api/articles: stored with the real extractor -------------------------------
@pytest.mark.slow
def test_posted_text_is_extracted_stored_and_a_second_post_is_a_duplicate(
    api: ApiClient, token: str
) -> None:
    body = {"text": NEWS, "title": "Tartar shelled", "outlet": "Test Wire",
            "published": "2020-10-13", "url": "https://testwire.example/tartar"}  # fmt: skip
    r = api.post("/api/articles", json=body, headers=_auth(token))
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["status"] == "new"
    assert result["extracted"] is True
    assert result["events"] >= 1
    article = api.get(result["href"]).json()
    assert article["outlet"] == "Test Wire"
    assert article["published"] == "2020-10-13"
    assert article["urls"] == ["https://testwire.example/tartar"]
    subs = {e["sub_event_type"] for e in article["document"]["events"]}
    assert "Shelling/artillery/missile attack" in subs
    again = api.post("/api/articles", json=body, headers=_auth(token))
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (
            "<html><head><title>Truce broken near Tartar</title></head><body><article>"
            f"<h1>Truce broken near Tartar</h1><p>{NEWS}</p>"
            "<p>Residents said they spent the night in basements.</p></article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def local_page() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/tartar.html"
    server.shutdown()
    server.server_close()


def test_a_url_on_loopback_is_refused_by_default(api: ApiClient, token: str, local_page: str):
    r = api.post("/api/articles", json={"url": local_page}, headers=_auth(token))
    assert r.status_code == 400
    assert r.json()["error"] == "refused_url"
    assert "refused" in r.json()["detail"]
    assert local_page in r.json()["detail"]


@pytest.mark.slow
def test_a_url_is_fetched_and_its_article_stored_when_private_urls_are_allowed(
    seeded: str, local_page: str
) -> None:
    client = make_client(seeded, allow_private_urls=True)
    try:
        with Session(client.app.state.truceline.engine) as session:
            token, _ = create_token(session, "tests")
        r = client.post("/api/articles", json={"url": local_page}, headers=_auth(token))
        assert r.status_code == 201, r.text
        article = client.get(r.json()["href"]).json()
        assert article["title"] == "Truce broken near Tartar"
        assert local_page in article["urls"]
        assert "Tartar" in article["text"]
        assert "<p>" not in article["text"]
    finally:
        dispose(client)


# -- reading with read auth on ---------------------------------------------------------
@pytest.fixture
def closed(seeded: str) -> Iterator[tuple[ApiClient, str]]:
    client = make_client(seeded, read_auth=True)
    with Session(client.app.state.truceline.engine) as session:
        token, _ = create_token(session, "reader")
    yield client, token
    dispose(client)


@pytest.mark.parametrize("path", ["/api/events", "/api/incidents", "/api/ceasefires",
                                  "/api/timeline", "/api/export", "/api/status"])  # fmt: skip
def test_with_read_auth_reads_need_a_token(closed: tuple[ApiClient, str], path: str) -> None:
    client, token = closed
    assert client.get(path).status_code == 401
    assert client.get(path, headers=_auth("tl_x_y")).status_code == 401
    assert client.get(path, headers=_auth(token)).status_code == 200


def test_with_read_auth_the_dashboard_asks_to_log_in_and_the_cookie_only_reads(
    closed: tuple[ApiClient, str],
) -> None:
    client, token = closed
    r = client.get("/?country=AZE")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2F%3Fcountry%3DAZE"
    bad = client.post("/login", data={"token": "tl_x_y", "next": "/"})
    assert bad.status_code == 401
    ok = client.post("/login", data={"token": token, "next": "//evil.example/"})
    assert ok.status_code == 303
    assert ok.headers["location"] == "/"
    cookie = ok.headers["set-cookie"]
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
    jar = {"Cookie": f"truceline_token={token}"}
    assert client.get("/", headers=jar).status_code == 200
    assert client.get("/api/incidents", headers=jar).status_code == 200
    posted = client.post("/api/articles", json={"text": NEWS}, headers=jar)
    assert posted.status_code == 401  # the cookie never authorises writes


# -- escaping and headers ----------------------------------------------------------------
def test_article_page_escapes_markup_and_never_links_javascript_urls(
    api: ApiClient, ids: dict[str, str]
) -> None:
    r = api.get(f"/articles/{ids['south-2']}", params={"event": "e1"})
    assert r.status_code == 200
    html = r.text
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;window.__xss_title=1&lt;/script&gt;" in html
    assert SCRIPT_SENTENCE.replace("<", "&lt;").replace(">", "&gt;").split('"')[0] in html


def test_every_response_carries_a_strict_content_security_policy(api: ApiClient) -> None:
    for path in ("/", "/api/events", "/docs", "/static/app.js", "/api/articles/nope"):
        csp = api.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
    headers = api.get("/").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_the_configured_tile_server_is_the_only_other_image_origin(seeded: str) -> None:
    client = make_client(seeded, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    try:
        r = client.get("/")
        assert (
            "img-src 'self' data: https://*.tiles.example.org;"
            in (r.headers["content-security-policy"])
        )
        assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in r.text
    finally:
        dispose(client)
