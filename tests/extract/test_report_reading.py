"""Reading a whole report as an analyst would (issue 11), on sentences the tests write.

One test group per capability: lists of places, speech acts, acts without a classic
trigger, merging, scope, dates, who says it, actor names; and the two invariants every
report keeps (no event after publication, no toll above the one the text gives).
"""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import Extractor
from truceline.schemas import ArticleInput, Document, Event

pytestmark = pytest.mark.slow

PUBLISHED = "2024-05-10"  # a Friday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def read(extractor: Extractor, text: str, outlet: str | None = None) -> Document:
    article = ArticleInput(id="t", text=text, published=PUBLISHED, outlet=outlet)
    return extractor.extract(article)


def acts(doc: Document) -> list[Event]:
    """The events that are acts (not speech about them, not the truce itself)."""
    speech = {"Accusation", "Denial", "Ceasefire", "Sanctions"}
    return [e for e in doc.events if e.sub_event_type not in speech]


def places(events: list[Event]) -> list[str]:
    return sorted(e.location.name for e in events if e.location is not None)


# -- 1. lists of places: one event per place ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian troops shelled the towns of Kupiansk and Izium on Tuesday, the regional "
            "governor said.",
            2,
        ),
        (  # a wider place after a listed one says where it is: no event of its own
            "Drones hit Nikopol in Dnipropetrovsk Oblast and the city of Kherson on Sunday, "
            "officials said.",
            2,
        ),
    ],
)
def test_a_list_of_places_is_one_event_per_place(
    extractor: Extractor, text: str, expected: int
) -> None:
    events = acts(read(extractor, text))
    assert len(events) == expected
    assert len(set(places(events))) == expected
    assert all(e.location is not None and e.location.country == "UKR" for e in events)
