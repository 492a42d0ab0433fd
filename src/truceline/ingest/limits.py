"""Bounded work per input: bytes per line, HTML bytes, characters, sentences, seconds.

Every reader and the extractor go through these, so one hostile input (a 2 GiB JSONL
line, a 50 MB page of text, a text with a million sentences) costs at most a known
amount of memory and time, and what was cut or abandoned says so:

- `bounded_lines` reads a line-oriented stream holding at most `limit` bytes of a
  line: a longer line is refused once it passes the limit; its rest is skipped in
  small pieces (never held) for up to `SKIP_LIMITS` times the limit, and a line
  longer still ends the reading of the file (a compressed "bomb" is not unpacked
  to the end);
- `html_text` reads the text of a large HTML page as a stream (lxml `iterparse`),
  stopping at the character limit, where trafilatura would build the whole tree;
- `cut_chars` and `cut_sentences` cut a text at the limits and say what they cut;
- `time_budget` interrupts the work in hand after some seconds (SIGALRM: in the main
  thread of a process, which is where ingest and API workers run extraction).

The limits are settings (`TRUCELINE_MAX_LINE_BYTES`, `..._MAX_HTML_BYTES`,
`..._MAX_ARTICLE_CHARS`, `..._MAX_ARTICLE_SENTENCES`, `..._ARTICLE_SECONDS`).
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from truceline.settings import Settings, get_settings

SKIP_CHUNK = 1 << 20  # bytes read at a time while skipping the rest of a refused line
SKIP_LIMITS = 16  # a refused line is skipped for up to this many times the limit
TIMEOUT = "timeout"  # the reason stored for an article whose extraction ran out of time


@dataclass(slots=True, frozen=True)
class Limits:
    line_bytes: int
    html_bytes: int
    article_chars: int
    article_sentences: int
    article_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Limits:
        s = settings or get_settings()
        return cls(
            line_bytes=s.max_line_bytes,
            html_bytes=s.max_html_bytes,
            article_chars=s.max_article_chars,
            article_sentences=s.max_article_sentences,
            article_seconds=s.article_seconds,
        )


class OverTime(BaseException):
    """Raised by `time_budget` into the work in hand.

    A BaseException, like KeyboardInterrupt, so that the `except Exception` blocks of
    the libraries the work runs through (trafilatura has many) do not swallow it. It
    never leaves the worker: `Worker` turns it into a value (`not_extracted: timeout`).
    """


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverTime in this thread after `seconds` (no budget outside the main thread,
    or with `seconds` <= 0)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise OverTime(f"over the {seconds:g} s budget")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(slots=True, frozen=True)
class LongLine:
    """A line refused for its length: `at_least` bytes were seen (its length, unless
    `rest_unread`: it was longer still, and the rest of the file was not read)."""

    at_least: int
    rest_unread: bool = False


class Readable(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def bounded_lines(f: Readable, limit: int) -> Iterator[tuple[int, bytes | LongLine]]:
    """(line number, line) for each line of `f`; a line over `limit` bytes is a LongLine.

    At most `limit` + 1 bytes of a line are held; the rest of a long line is read in
    pieces of `SKIP_CHUNK` bytes and dropped, so the next lines are still read, unless
    the line is over `SKIP_LIMITS` times the limit: then reading stops there.
    """
    n = 0
    while True:
        raw = f.readline(limit + 1)
        if not raw:
            return
        n += 1
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield n, raw
            continue
        seen = len(raw)
        del raw
        while True:
            piece = f.readline(SKIP_CHUNK)
            seen += len(piece)
            if not piece or piece.endswith(b"\n"):
                break
            if seen > SKIP_LIMITS * limit:
                yield n, LongLine(seen, rest_unread=True)
                return
        yield n, LongLine(seen)


def long_line_error(line: LongLine, limit: int) -> str:
    if line.rest_unread:
        return (
            f"line is over {line.at_least / 1e6:,.0f} MB, far over the {limit / 1e6:g} MB "
            "limit: refused, and the rest of the file was not read; set "
            "TRUCELINE_MAX_LINE_BYTES to raise the limit"
        )
    return (
        f"line is {line.at_least / 1e6:,.0f} MB, over the {limit / 1e6:g} MB limit (skipped "
        "without being held); set TRUCELINE_MAX_LINE_BYTES to raise the limit"
    )


def cut_chars(text: str, limit: int) -> tuple[str, str | None]:
    """`text` cut at `limit` characters (at the last paragraph or sentence end before it
    when there is one near), with a note saying so; the note is None when nothing was cut."""
    if len(text) <= limit:
        return text, None
    head = text[:limit]
    floor = int(limit * 0.9)
    for mark in ("\n", ". "):
        at = head.rfind(mark, floor)
        if at > 0:
            head = head[: at + 1]
            break
    # (the whole length is not told: a reader may have stopped reading past the limit)
    note = (
        f"truncated: over {limit:,} characters, the first {len(head.rstrip()):,} were read "
        "(TRUCELINE_MAX_ARTICLE_CHARS)"
    )
    return head.rstrip(), note


def cut_sentences(text: str, limit: int) -> tuple[str, str | None]:
    """`text` up to the end of its `limit`-th sentence, with a note; None when not cut."""
    if text.count(".") + text.count("\n") + text.count("!") + text.count("?") < limit:
        return text, None  # fewer sentence ends than the limit: no need to split
    from truceline.extract.sentences import split_sentences

    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return text, None
    note = (
        f"truncated: {len(sentences):,} sentences, the first {limit:,} were extracted "
        "(TRUCELINE_MAX_ARTICLE_SENTENCES)"
    )
    return text[: sentences[limit - 1].end], note


# -- HTML as a stream ------------------------------------------------------------------

# Elements whose text is a paragraph. Containers (div, section...) are blocks too:
# their inner blocks are read and cleared first, so what is left is their own text.
_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote pre dd dt td th figcaption caption "
    "div section article main body".split()
)
_SKIP = frozenset("script style noscript template svg head nav footer form".split())
_SPACES = re.compile(r"\s+")


@dataclass(slots=True, frozen=True)
class StreamedPage:
    title: str | None
    text: str


def html_text(source: Path | bytes, max_chars: int) -> StreamedPage:
    """The title and paragraph text of an HTML page, read as a stream (bounded memory),
    stopping once `max_chars` characters are read (the caller cuts and flags)."""
    from lxml import etree

    stream: IO[bytes] = open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)
    parts: list[str] = []
    size = 0
    title: str | None = None
    try:
        events = etree.iterparse(
            stream, events=("end",), html=True, recover=True, huge_tree=True, no_network=True
        )
        for _, el in events:
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "title" and title is None:
                title = _SPACES.sub(" ", el.text or "").strip() or None
            elif tag in _BLOCKS and not _inside(el, _SKIP):
                text = _SPACES.sub(" ", "".join(el.itertext())).strip()
                if text:
                    parts.append(text)
                    size += len(text) + 2
            if tag in _BLOCKS or tag in _SKIP or tag == "title":
                el.clear(keep_tail=True)  # memory stays bounded: drop what was read
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
            if size > max_chars:
                break
    except etree.LxmlError:
        pass  # a broken page: what was read so far is the text (empty: no article)
    finally:
        stream.close()
    return StreamedPage(title, "\n\n".join(parts))


def _inside(el: Any, tags: frozenset[str]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False
