"""Text normalisation: one character in, one character out.

Evidence offsets point into the article text as the user gave it, so every
replacement here keeps the length: no-break and other exotic spaces become a
space, typographic quotes and apostrophes become ASCII, dashes become '-',
control characters become a space. HTML is turned into text by trafilatura
(`html_to_text`), and that text is then the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truceline.errors import BinaryInputError, EmptyInputError, NoArticleError

_TABLE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2008": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": ".",
        "\t": " ",
        "\r": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """Return `text` with spaces, quotes and dashes made plain, same length."""
    out = _CONTROL.sub(" ", text.translate(_TABLE))
    assert len(out) == len(text)
    return out


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    published: str | None
    site: str | None
    url: str | None


def html_to_text(html: str, *, source: str = "<html>", url: str | None = None) -> HtmlArticle:
    """Main text and metadata of an HTML page (trafilatura); raises NoArticleError."""
    import trafilatura

    if not html.strip():
        raise EmptyInputError(source, "the HTML is empty")
    if "\x00" in html:
        raise BinaryInputError(source, "holds NUL bytes: this is not an HTML page")
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=False,
        deduplicate=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < 5:
        raise NoArticleError(source, "no article text found in the HTML page")
    title = getattr(doc, "title", None)
    return HtmlArticle(
        text=text,
        title=title,
        author=getattr(doc, "author", None),
        published=(getattr(doc, "date", None) or None),
        site=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        url=getattr(doc, "url", None) or url,
    )
