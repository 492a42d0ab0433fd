"""Fetching over HTTP: limits, redirects, conditional requests, and the private-address guard."""

from __future__ import annotations

import ipaddress

import pytest
from ingest_corpus import Route

from truceline.errors import FetchError, TooLargeError
from truceline.ingest.fetch import Fetcher, refusal


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("10.1.2.3", "a private"),
        ("192.168.0.10", "a private"),
        ("172.16.5.4", "a private"),
        ("169.254.169.254", "a link-local"),  # cloud metadata endpoint
        ("fe80::1", "a link-local"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("0.0.0.0", "a private"),
        ("100.64.0.1", "a non-public"),  # shared address space (CGNAT)
        ("224.0.0.1", "a multicast"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_addresses_are_classified_public_or_refused(address: str, expected: str | None) -> None:
    assert refusal(ipaddress.ip_address(address)) == expected


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_loopback_urls_are_refused_without_allow_private(http_server, host: str) -> None:
    http_server.routes["/a"] = Route(b"<html>secret</html>")
    url = http_server.url("/a").replace("127.0.0.1", host)
    with Fetcher() as fetcher, pytest.raises(FetchError, match=r"loopback.*--allow-private"):
        fetcher.get(url)
    assert http_server.requests == []  # nothing reached the server


def test_allow_private_fetches_a_local_page(http_server) -> None:
    http_server.routes["/a"] = Route(
        b"<html>hello</html>", headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}
    )
    with Fetcher(allow_private=True) as fetcher:
        page = fetcher.get(http_server.url("/a"))
    assert (page.status, page.data, page.charset, page.etag) == (
        200,
        b"<html>hello</html>",
        "utf-8",
        '"v1"',
    )


def test_redirects_are_followed_up_to_the_limit(http_server) -> None:
    for i in range(7):
        http_server.routes[f"/r{i}"] = Route(status=302, headers={"Location": f"/r{i + 1}"})
    http_server.routes["/r7"] = Route(b"end")
    with Fetcher(allow_private=True) as fetcher:
        page = fetcher.get(http_server.url("/r3"))
        assert page.data == b"end"
        assert page.url == http_server.url("/r7")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.get(http_server.url("/r0"))


def test_a_redirect_to_another_scheme_is_refused(http_server) -> None:
    http_server.routes["/r"] = Route(status=301, headers={"Location": "file:///etc/passwd"})
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FetchError, match="only http"):
        fetcher.get(http_server.url("/r"))


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_pages_over_the_size_cap_are_refused(http_server, chunked: bool) -> None:
    http_server.routes["/big"] = Route(b"x" * 50_000, chunked=chunked)
    with (
        Fetcher(allow_private=True, max_bytes=10_000) as fetcher,
        pytest.raises(TooLargeError, match="MB limit"),
    ):
        fetcher.get(http_server.url("/big"))


def test_http_errors_name_the_status(http_server) -> None:
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(http_server.url("/missing"))


def test_a_slow_server_times_out(http_server) -> None:
    http_server.routes["/slow"] = Route(b"late", delay=2.0)
    with (
        Fetcher(allow_private=True, timeout=0.3) as fetcher,
        pytest.raises(FetchError, match="timed out"),
    ):
        fetcher.get(http_server.url("/slow"))


def test_conditional_requests_send_etag_and_date_and_read_304(http_server) -> None:
    def answer(headers: dict[str, str]) -> Route:
        if headers.get("if-none-match") == '"v1"':
            return Route(status=304, headers={"ETag": '"v1"'})
        return Route(b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 04 Mar 2024"})

    http_server.routes["/feed"] = answer
    with Fetcher(allow_private=True) as fetcher:
        first = fetcher.get(http_server.url("/feed"))
        second = fetcher.get(
            http_server.url("/feed"), etag=first.etag, last_modified=first.last_modified
        )
    assert not first.not_modified
    assert second.not_modified
    assert second.data == b""
    assert http_server.requests[1][1]["if-modified-since"] == "Mon, 04 Mar 2024"
