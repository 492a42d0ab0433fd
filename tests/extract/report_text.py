"""A report's quiet paragraph, written for the tests: sentences with no act in them, so
that a text they end is read as a report, not as a one-event note (120 words or fewer)."""

from __future__ import annotations

from truceline.extract.pipeline import Extractor
from truceline.schemas import ArticleInput, Document

NO_ACT = (
    " The talks are due to resume next week in a neutral capital, diplomats said."
    " Both delegations have promised to bring new proposals on prisoner exchanges."
    " Aid agencies have asked for safe corridors to reach the villages in the hills."
    " The envoy said he hoped both sides would agree on a new timetable before the rains."
    " Farmers in the valley have not been able to bring in their crops for weeks."
    " Schools in the provincial capital reopened this week after a long closure."
)


def read_report(extractor: Extractor, title: str, text: str, published: str) -> Document:
    """The document of a report: `title`, then `text`, then the quiet paragraph."""
    return extractor.extract(ArticleInput(id="t", text=title + text + NO_ACT, published=published))
