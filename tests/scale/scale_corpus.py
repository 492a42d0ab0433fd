"""A small news corpus written here (not from any dataset): JSONL shards and a WARC file."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PLACES = ["Tartus", "Kramatorsk", "Marib", "Kidal", "Lashkar Gah", "Sirte", "Goma", "Idlib"]
SIDES = [
    ("government troops", "rebel fighters"),
    ("the army", "militants"),
    ("police", "protesters"),
    ("separatist forces", "government soldiers"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SENTENCES = [
    "{a} shelled positions held by {b} near {place} on {day}, killing {n} people, "
    "the interior ministry said.",
    "Clashes broke out between {a} and {b} in {place} on {day}.",
    "An air strike hit a market in {place} on {day}, local officials said, "
    "and at least {n} civilians died.",
    "Hundreds of people marched through {place} on {day} to demand an end to the fighting.",
    "The two sides agreed to a ceasefire that took effect at midnight on {day}.",
    "{a} accused {b} of violating the truce near {place}.",
    'A spokesman for {b} said: "We did not fire first and we respect the ceasefire."',
    "A roadside bomb exploded near a checkpoint outside {place} on {day}, wounding {n} soldiers.",
    "Gunmen abducted {n} aid workers on the road to {place}, the United Nations said.",
    "Officials in {place} said schools would reopen next week.",
]


def make_article(rng: random.Random, article_id: str) -> dict[str, str]:
    a, b = rng.choice(SIDES)
    place = rng.choice(PLACES)
    sentences = rng.sample(SENTENCES, k=rng.randint(3, 5))
    text = " ".join(
        s.format(a=a, b=b, place=place, day=rng.choice(DAYS), n=rng.randint(2, 9))
        for s in sentences
    )
    text = text[0].upper() + text[1:]
    return {
        "id": article_id,
        "title": f"Fighting reported near {place}",
        "text": text,
        "published": f"2021-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "outlet": "Test Wire",
    }


def write_shards(folder: Path, sizes: list[int], *, seed: int = 7) -> list[dict[str, str]]:
    """Write shards `s0.jsonl`... with `sizes[i]` articles each; return all articles in order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    articles = []
    for s, size in enumerate(sizes):
        with open(folder / f"s{s}.jsonl", "w", encoding="utf-8") as f:
            for i in range(size):
                article = make_article(rng, f"s{s}-a{i}")
                articles.append(article)
                f.write(json.dumps(article) + "\n")
    return articles


PAGE = (
    "<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>{title}</h1><p>{p1}</p><p>{p2}</p></article></body></html>"
)


def write_warc(path: Path) -> None:
    """A small WARC.gz: a request, two article responses (one in windows-1252), a 404,
    a page without an article, and a WET-style text record."""
    page = PAGE.format(
        title="Clashes near the border",
        p1="Soldiers from both sides exchanged fire near the village of Kirova on Tuesday, "
        "the ministry said in a statement released in the evening.",
        p2="Two soldiers were wounded in the fighting, which lasted for several hours "
        "before the guns fell silent again.",
    )
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)

        def response(uri: str, body: bytes, status: str, content_type: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)

        get = b"GET /a HTTP/1.1\r\n\r\n"
        request = writer.create_warc_record(
            "http://news.test/a", "request", payload=io.BytesIO(get), length=len(get)
        )
        writer.write_record(request)
        response("http://news.test/a", page.encode(), "200 OK", "text/html; charset=utf-8")
        latin = page.replace("Kirova", "Kir\u00e9va").encode("windows-1252")
        response("http://news.test/b", latin, "200 OK", "text/html; charset=windows-1252")
        response("http://news.test/c", b"<html>gone</html>", "404 Not Found", "text/html")
        response(
            "http://news.test/d",
            b"<html><body><nav>menu</nav></body></html>",
            "200 OK",
            "text/html",
        )
        plain = b"Protesters gathered in the capital on Friday to demand talks."
        text = writer.create_warc_record(
            "http://news.test/e",
            "conversion",
            payload=io.BytesIO(plain),
            length=len(plain),
            warc_content_type="text/plain",
        )
        writer.write_record(text)
