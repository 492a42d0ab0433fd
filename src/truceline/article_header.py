"""Metadata at the top of a plain-text article: header lines and a byline date.

Text files saved from web pages often start with a few ``Key: value`` lines (``URL:``,
``TITLE:``, ``DATE:``, ``Published:``) and, under the headline, a byline with the date
("By Jane Doe" / "October 26, 2020"). Header lines are metadata, not article text:
`read_header` removes them and returns their values. A byline date is read only from
a line near the top that holds nothing but a date (and maybe a time or a word such as
"Updated"), so a date inside the lead sentence is never taken for the publication date.

Order of precedence for an article's publication date (see `inputs.article_from_bytes`):
the input's own field, `--published`, HTML metadata, a header line, a byline date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Header keys (case-insensitive) and the field each fills.
HEADER_KEYS: dict[str, str] = {
    "url": "url",
    "link": "url",
    "source url": "url",
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "outlet": "outlet",
    "source": "outlet",
    "author": "author",
    "byline": "author",
}
_HEADER = re.compile(
    r"^[ \t]*(" + "|".join(re.escape(k) for k in sorted(HEADER_KEYS, key=len, reverse=True))
    + r")[ \t]*:[ \t]*(.*?)[ \t]*$",
    re.I,
)  # fmt: skip
BYLINE_LINES = 8  # non-empty lines from the top searched for a byline date

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_LEAD = r"(?:(?:published|updated|posted|last\s+updated|date)\s*(?:on|:)?\s*)?"
_DATE_FORMS = (
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # October 26, 2020
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 26 October 2020
    r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)(?:[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?",
)
_DATE_LINE = tuple(
    re.compile(rf"^\W*{_LEAD}{form}{_TIME}\W*$", re.I) for form in _DATE_FORMS
)  # a line that is only a date
_DATE_VALUE = tuple(re.compile(rf"^\s*{form}", re.I) for form in _DATE_FORMS)


@dataclass(slots=True, frozen=True)
class Header:
    """What the top of a text file says about the article, and the text without it."""

    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_from: str | None = None  # "header" | "byline" | None


def _date_of(m: re.Match[str]) -> str | None:
    if "iso" in m.re.groupindex and m.group("iso"):
        try:
            return dt.date.fromisoformat(m.group("iso")).isoformat()
        except ValueError:
            return None
    month = _MONTHS.get(m.group("month").lower().rstrip("."))
    if month is None:
        return None
    try:
        return dt.date(int(m.group("year")), month, int(m.group("day"))).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """YYYY-MM-DD from a header value ("2020-10-26", "October 26, 2020", "26 Oct 2020")."""
    for pattern in _DATE_VALUE:
        m = pattern.match(value)
        if m:
            return _date_of(m)
    return None


def byline_date(text: str, lines: int = BYLINE_LINES) -> str | None:
    """The date of a line near the top that holds only a date (a byline), if any."""
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        seen += 1
        if seen > lines:
            return None
        if len(line) > 80:
            continue
        for pattern in _DATE_LINE:
            m = pattern.match(line.strip())
            if m:
                date = _date_of(m)
                if date:
                    return date
    return None


def read_header(text: str) -> Header:
    """Split leading ``Key: value`` lines off `text`; read a byline date when none says one.

    Header lines count only at the very top (blank lines before them allowed) and only
    as a run of at least one known key; the first other line ends the header.
    """
    values: dict[str, str | None] = {}
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    start = i
    while i < len(lines):
        m = _HEADER.match(lines[i].rstrip("\r\n"))
        if not m:
            break
        field = HEADER_KEYS[m.group(1).lower()]
        values.setdefault(field, m.group(2) or None)
        i += 1
    if i == start:
        body = text
    else:
        while i < len(lines) and not lines[i].strip():
            i += 1
        body = "".join(lines[i:])
    published = parse_date(values["published"] or "") if values.get("published") else None
    source = "header" if published else None
    if published is None:
        published = byline_date(body)
        source = "byline" if published else None
    return Header(
        text=body,
        url=values.get("url"),
        title=values.get("title"),
        published=published,
        outlet=values.get("outlet"),
        author=values.get("author"),
        published_from=source,
    )
