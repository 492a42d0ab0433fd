"""Reviews in the store: corrections checked against the contract, an overlay that never
edits the extraction, reviews that follow their act (not its event id) when an article
is read again (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.errors import ReviewError
from truceline.incidents.persist import load_corpus
from truceline.schemas import SUB_EVENT_TO_TYPE, ArticleMeta, Document, Event, Evidence
from truceline.store import NewArticle, add_article_with_extraction, make_engine, upgrade
from truceline.store.models import events
from truceline.store.repository import replace_extraction
from truceline.store.review import (
    ReviewRequest,
    apply_changes,
    audit_log,
    list_reviews,
    reviewed_events,
    set_review,
)

TEXT = (
    "Gunmen fought soldiers at a checkpoint outside the port on Friday. "
    "Later, hundreds of dock workers marched to the town hall to demand their wages."
)
CLASH = (0, TEXT.index(" Later"))
MARCH = (TEXT.index("Later"), len(TEXT))


def _event(eid: str, sub: str, span: tuple[int, int], **extra: Any) -> Event:
    return Event(
        id=eid, event_type=SUB_EVENT_TO_TYPE[sub], sub_event_type=sub,  # type: ignore[arg-type]
        evidence=Evidence(text=TEXT[span[0] : span[1]], start=span[0], end=span[1]), **extra,
    )  # fmt: skip


def _doc(*evs: Event) -> Document:
    return Document(article=ArticleMeta(id="port-1", published="2023-03-03"), events=list(evs))


@pytest.fixture
def session(db_url: str) -> Any:
    upgrade(db_url)
    engine = make_engine(db_url)
    with Session(engine) as s:
        article = NewArticle(id="port-1", text=TEXT, source="test",
                             published=dt.date(2023, 3, 3))  # fmt: skip
        add_article_with_extraction(
            s, article,
            _doc(_event("e1", "Armed clash", CLASH, fatalities=1),
                 _event("e2", "Peaceful protest", MARCH)),
        )  # fmt: skip
        yield s
    engine.dispose()


def _rows(session: Session) -> dict[str, int]:
    return {e: i for i, e in session.execute(select(events.c.id, events.c.event_id))}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "e9"}, "'id' is not an event field a reviewer can correct"),
        ({"confidence": 1.0}, "'confidence'"),
        ({"fatalities": "many"}, "fatalities"),
        ({"location": {"name": "Port", "country": "port"}}, "location.country"),
        ({"actor1": {"name": "Gunmen", "kind": "bandits"}}, "actor1.kind"),
        ({"event_type": "Riots"}, "belongs to event type 'Battles', not 'Riots'"),
        ({"status": "rumoured"}, "status"),
    ],
)
def test_corrections_the_contract_does_not_allow_are_refused(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ReviewError, match=re.escape(message)) as err:
        apply_changes(_event("e1", "Armed clash", CLASH), changes)
    assert err.value.status_code == 422


def test_a_new_sub_event_type_brings_its_event_type() -> None:
    fixed = apply_changes(_event("e1", "Armed clash", CLASH), {"sub_event_type": "Grenade"})
    assert fixed.event_type == "Explosions/Remote violence"


def test_corrections_overlay_the_extraction_and_rejections_leave_the_corpus(
    session: Session,
) -> None:
    rows = _rows(session)
    set_review(session, rows["e1"], ReviewRequest(verdict="corrected",
               changes={"fatalities": 3, "sub_event_type": "Attack"}), "ana")  # fmt: skip
    set_review(session, rows["e2"], ReviewRequest(verdict="rejected", note="a rally"), "ben")
    stored = dict(session.execute(select(events.c.event_id, events.c.data)).all())
    assert stored["e1"]["fatalities"] == 1  # the extraction is never edited
    view = list(reviewed_events(session))
    assert [(r.event.id, r.event.sub_event_type, r.event.fatalities) for r in view] == [
        ("e1", "Attack", 3)
    ]
    assert view[0].extracted.sub_event_type == "Armed clash"
    docs, _ = load_corpus(session)
    assert [e.sub_event_type for d in docs for e in d.events] == ["Attack"]
    assert len(list(reviewed_events(session, include_rejected=True))) == 2


def test_reviews_follow_their_act_when_the_article_is_read_again(session: Session) -> None:
    rows = _rows(session)
    set_review(session, rows["e1"], ReviewRequest(verdict="verified"), "ana")
    set_review(session, rows["e2"], ReviewRequest(verdict="rejected"), "ana")

    # the new reading numbers the acts the other way round and trims a span
    swapped = _doc(
        _event("e1", "Peaceful protest", MARCH),
        _event("e2", "Armed clash", (CLASH[0] + 7, CLASH[1])),
    )
    result = replace_extraction(session, "port-1", swapped)
    assert (len(result.attached), result.orphaned) == (2, ())
    by_verdict = {r.verdict: r for r in list_reviews(session)}
    assert by_verdict["verified"].event_id == "e2"  # the clash, now e2
    assert by_verdict["rejected"].event_id == "e1"

    # the march read as a battle is another act: its review is orphaned, and kept
    retyped = _doc(_event("e1", "Armed clash", CLASH), _event("e2", "Armed clash", MARCH))
    result = replace_extraction(session, "port-1", retyped)
    assert len(result.orphaned) == 1
    by_verdict = {r.verdict: r for r in list_reviews(session)}
    assert by_verdict["rejected"].state == "orphaned"
    assert by_verdict["verified"].event_id == "e1"
    assert len(list(reviewed_events(session))) == 2  # the orphan hides nothing

    # read right again: the orphan re-attaches
    again = _doc(_event("e1", "Armed clash", CLASH), _event("e2", "Peaceful protest", MARCH))
    replace_extraction(session, "port-1", again)
    assert {r.state for r in list_reviews(session)} == {"attached"}
    actions = [(e.action, e.actor) for e in audit_log(session)]
    assert actions.count(("review", "ana")) == 2
    assert ("orphan", "reextract") in actions
