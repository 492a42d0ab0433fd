"""Helpers for ingest tests: server routes, article texts and WARC files written by the tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    delay: float = 0.0
    chunked: bool = False


@dataclass
class LocalServer:
    """A real HTTP server on 127.0.0.1; `routes[path]` is what it answers."""

    port: int
    routes: dict[str, Route | Callable[[dict[str, str]], Route]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


PLACES = (
    "Kharkiv",
    "Donetsk",
    "Aleppo",
    "Idlib",
    "Stepanakert",
    "Tartus",
    "Mosul",
    "Sanaa",
    "Khartoum",
    "Goma",
    "Mogadishu",
    "Kandahar",
)
VERBS = (
    "Artillery shelled the outskirts of {place} on Monday, killing {n} civilians, "
    "local officials said.",
    "Government troops clashed with rebel fighters near {place} on Tuesday; {n} soldiers "
    "were killed, the defence ministry said.",
    "A drone strike hit a market in {place} on Wednesday, killing {n} people, according "
    "to the regional governor.",
    "Hundreds of people protested peacefully in {place} on Thursday against rising prices, "
    "witnesses said.",
)


def news_text(i: int) -> str:
    """A short English news article, different for every `i` (written for these tests)."""
    place = PLACES[i % len(PLACES)]
    lead = VERBS[i % len(VERBS)].format(place=place, n=2 + i % 7)
    return (
        f"{lead} The incident was the {i + 1}th reported in the area this month. "
        f"Residents of {place} said they feared further violence, and aid groups called "
        "for calm. Officials said an investigation had been opened into the events."
    )


FRENCH = (
    "Les combats ont repris lundi soir près de la frontière malgré le cessez-le-feu, "
    "selon le ministère de la défense. Plusieurs habitants ont quitté leurs maisons "
    "pendant la nuit et les écoles resteront fermées toute la semaine."
)


def html_page(title: str, text: str, *, date: str = "2024-03-04") -> str:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{date}">'
        f'<meta property="og:site_name" content="Example Wire"></head><body>'
        f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Example Wire</footer></body></html>"
    )


def write_warc(
    path: Path, pages: list[tuple[str, bytes]], *, gzip: bool = True, extra: bool = True
) -> Path:
    """A WARC of HTML responses (url, body); `extra` adds records that are not articles."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip)

        def response(
            url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8"
        ) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload to a temp file

        for n, (url, body) in enumerate(pages):
            if extra:
                request = writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(f"GET / HTTP/1.1\r\nHost: {url}\r\n\r\n".encode()),
                )
                writer.write_record(request)
                request.raw_stream.close()
            response(url, body)
            if extra and n == 0:
                response(url + "/missing", b"gone", status="404 Not Found")
                response(url + "/logo.png", b"\x89PNG....", ctype="image/png")
    return path
