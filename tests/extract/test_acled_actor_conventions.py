"""ACLED's dated actor conventions (`data/acled_actor_conventions.yaml`): every row's own
examples, and where they apply (an event note, not a news report)."""

from __future__ import annotations

import pytest

from truceline.extract.actor_conventions import acled_actor, acled_conventions
from truceline.extract.actors import resolve_actor
from truceline.extract.pipeline import Extractor
from truceline.schemas import Actor, ArticleInput, Document

EXAMPLES = [
    pytest.param(row.id, ex.actor, ex.date, ex.kind, id=f"{row.id}:{ex.actor}:{ex.date}")
    for row in acled_conventions()
    for ex in row.examples
]


@pytest.mark.parametrize(("row_id", "phrase", "day", "kind"), EXAMPLES)
def test_every_acled_convention_codes_its_own_examples(row_id, phrase, day, kind) -> None:
    actor = resolve_actor(phrase)
    assert actor is not None, phrase
    coded = acled_actor(actor, day)
    assert coded is not None
    assert coded.kind == kind, (row_id, phrase, day, coded)


def test_an_actor_without_a_date_or_not_in_the_table_stays_as_the_news_names_it() -> None:
    houthis = Actor(name="Houthi gunmen", country="YEM", kind="rebels")
    assert acled_actor(houthis, None) is houthis
    al_shabaab = Actor(name="al-Shabaab fighters", country="SOM", kind="rebels")
    assert acled_actor(al_shabaab, "2022-01-05") is al_shabaab


def test_the_period_of_a_row_decides_acleds_name() -> None:
    houthis = Actor(name="Houthi forces", country="YEM", kind="rebels")
    early, late = acled_actor(houthis, "2016-07-01"), acled_actor(houthis, "2019-07-01")
    assert early is not None
    assert late is not None
    assert "Houthi-Saleh" in early.name
    assert late.name.endswith("Houthi")
    assert late.country == "YEM"


def _actor1_of(extractor: Extractor, text: str, published: str) -> Actor | None:
    doc: Document = extractor.extract(ArticleInput(id="t", text=text, published=published))
    primary = next(e for e in doc.events if e.primary)
    return primary.actor1


NOTE = (
    "On {day}, Houthi fighters shelled a market in Hays district, Al Hudaydah, "
    "killing two women. 2 fatalities."
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("day", "published", "kind"),
    [
        ("3 June 2013", "2013-06-03", "rebels"),  # before ACLED coded them as the state's
        ("21 April 2021", "2021-04-21", "state_forces"),
    ],
)
def test_an_event_note_codes_the_houthis_as_acled_did_on_its_date(
    extractor: Extractor, day: str, published: str, kind: str
) -> None:
    actor1 = _actor1_of(extractor, NOTE.format(day=day), published)
    assert actor1 is not None
    assert (actor1.country, actor1.kind) == ("YEM", kind)


@pytest.mark.slow
def test_a_news_report_keeps_the_houthis_as_rebels(extractor: Extractor) -> None:
    report = (
        "HODEIDAH, Yemen - Houthi fighters shelled a crowded market in Hays district on "
        "Wednesday, killing two women and wounding a boy, local medics said. "
        "The market had reopened only last month after a lull in the fighting along the "
        "western coast, traders said, and stalls selling flour, fuel and vegetables were "
        "full when the first rounds landed shortly after noon.\n\n"
        "A spokesman for the government forces in the area accused the group of targeting "
        "civilians on purpose and said the army would respond. The Houthis did not comment. "
        "Aid workers said families had begun leaving the villages near the front line for "
        "the city, fearing more attacks in the days ahead, and that the district's only "
        "clinic was running short of dressings and blood. Residents described hearing the "
        "shells coming from the hills to the east, where the group holds positions."
    )
    assert len(report.split()) > 120  # a report, not a note
    actor1 = _actor1_of(extractor, report, "2021-04-22")
    assert actor1 is not None
    assert (actor1.country, actor1.kind) == ("YEM", "rebels")


def test_a_notes_strategic_development_without_an_actor_gets_the_one_it_names() -> None:
    from truceline.extract.actor_conventions import conform_to_acled
    from truceline.schemas import Event, Evidence

    text = "Al-Shabaab fighters were moved to the outskirts of Buulo Xaaji on 3 May 2021."
    ev = Event(
        id="e1",
        event_type="Strategic developments",
        sub_event_type="Change to group/activity",
        evidence=Evidence(text=text, start=0, end=len(text)),
        confidence=0.5,
    )
    conform_to_acled([ev], "2021-05-03", note=text)
    assert ev.actor1 is not None
    assert ev.actor1.kind == "rebels"
    # a news report (no note given) keeps the event as read
    ev.actor1 = None
    conform_to_acled([ev], "2021-05-03")
    assert ev.actor1 is None
