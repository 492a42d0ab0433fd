"""An article's dateline ("KYIV, March 3 (Reuters) - ..."): the place it opens with says
where the copy was filed, not where anything happened."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truceline.geo.mentions import PlaceMention

__all__ = ["mark_dateline"]

# What follows a dateline's place: ", March 3", ", Ukraine", "(Reuters)", then a dash.
_DATELINE_TAIL = re.compile(
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*(?:\([^()]{1,40}\))?\s*[-\u2013\u2014]+(?:\s|$)"
)


def mark_dateline(mentions: list[PlaceMention], offset: int, text: str) -> list[PlaceMention]:
    """The mentions of an article's dateline ("KYIV, March 3 (Reuters) - ...") marked as
    such; `offset` is where `text` (the first sentence) starts in the article."""
    if not mentions or text[: mentions[0].start - offset].strip():
        return mentions
    out = list(mentions)
    k = 0
    while k < len(out):
        end = out[k].end - offset
        tail = _DATELINE_TAIL.match(text, end)
        nxt = out[k + 1] if k + 1 < len(out) else None
        if tail is None and not (nxt and text[end : nxt.start - offset].strip() == ","):
            return mentions  # not a dateline: the article opens with a place in a sentence
        if tail is not None:
            stop = offset + tail.end()  # "(Reuters)" too is part of it
            return [replace(m, dateline=True) if m.start < stop else m for m in out]
        k += 1
    return mentions
