"""Reviews survive re-extraction: after the extractor's output changes (a typing model
trained here, real spaCy, real `reextract`), every review is attached to the new
reading of its act or listed as orphaned; none is lost (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from truceline.cli import app
from truceline.extract.typing_model import train_model
from truceline.ingest.runner import ingest, reextract
from truceline.schemas import Event
from truceline.store import EventFilter, make_engine, query_events
from truceline.store.review import (
    ReviewRequest,
    audit_log,
    list_reviews,
    reviewed_events,
    set_review,
)

pytestmark = pytest.mark.slow

# Background sentences with no event in them, so that each report is long enough to be
# typed sentence by sentence (a short note is typed as a whole).
CALM = (
    "The district had been calm for most of the spring, people who live there say. "
    "Shops opened again in April and a weekly market came back to the main square. "
    "Officials asked families to keep to their shelters whenever the sirens sound. "
    "Aid groups said they were sending more water and blankets to the area. "
)
SHELLING = (
    "Russian forces shelled the village of Bilozerka in Kherson region on Wednesday, "
    "killing two civilians, the regional governor said."
)
DRONE = (
    "A Russian drone struck a bus station in Kharkiv on Thursday, wounding five people, "
    "the mayor said."
)
PROTEST = (
    "Hundreds of residents protested peacefully in central Kyiv on Thursday against corruption."
)
ARTICLES = [
    {"id": "r1", "published": "2024-05-02", "outlet": "Test Post", "title": "Shelling",
     "text": f"{CALM}\n\n{SHELLING}\n\n{CALM}"},
    {"id": "r2", "published": "2024-05-03", "outlet": "Test Post", "title": "Drone and protest",
     "text": f"{CALM}\n\n{DRONE}\n\n{CALM}\n\n{PROTEST}"},
]  # fmt: skip
# A deliberately different typer: strikes are shelling, and protests are armed clashes.
RETYPING = [
    *[(t, "Shelling/artillery/missile attack") for t in (
        "Artillery hit the town overnight.", "A drone struck a fuel depot.",
        "Rockets struck the railway station.", "Troops shelled a village at dawn.",
        "Missiles hit a bus stop, wounding passers-by.", "A drone struck houses in the city.",
    )],
    *[(t, "Armed clash") for t in (
        "Residents protested peacefully in the square.", "Hundreds marched against corruption.",
        "Crowds rallied in the capital.", "Protesters gathered in the central streets.",
        "People demonstrated against the government.", "Students protested on Thursday.",
    )],
]  # fmt: skip


def _events(url: str) -> dict[str, tuple[int, Event]]:
    """Evidence text -> (row id, event) of the stored (extracted) events."""
    engine = make_engine(url)
    with Session(engine) as session:
        found = {
            r.event.evidence.text: (r.row_id, r.event) for r in query_events(session, EventFilter())
        }
    engine.dispose()
    return found


def _reviews(url: str) -> dict[str, object]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = {r.evidence: r for r in list_reviews(session)}
        queue = list(reviewed_events(session))
    engine.dispose()
    return {"reviews": found, "view": queue}


def test_reviews_reattach_or_orphan_when_the_typer_changes(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "reports.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    assert ingest([str(source)], db_url, workers=0).new == 2
    before = _events(db_url)
    assert {e.sub_event_type for _, e in before.values()} == {
        "Shelling/artillery/missile attack", "Air/drone strike", "Peaceful protest"}  # fmt: skip

    engine = make_engine(db_url)
    with Session(engine) as session:
        set_review(session, before[SHELLING][0], ReviewRequest(verdict="verified"), "ana")
        set_review(
            session, before[DRONE][0],
            ReviewRequest(verdict="corrected", changes={"fatalities": 0},
                          note="wounded, not killed"), "ben",
        )  # fmt: skip
        set_review(session, before[PROTEST][0], ReviewRequest(verdict="rejected"), "ana")
    engine.dispose()

    model_dir = tmp_path / "retyping-model"
    train_model(RETYPING, calibrate=False).save(model_dir)
    summary = reextract(db_url, workers=0, model_path=model_dir)
    assert summary.reextracted == 2

    after = _events(db_url)
    assert after[DRONE][1].sub_event_type == "Shelling/artillery/missile attack"  # the change
    assert after[PROTEST][1].sub_event_type == "Armed clash"
    assert after[SHELLING][1].sub_event_type == "Shelling/artillery/missile attack"
    state = _reviews(db_url)
    reviews = state["reviews"]
    assert isinstance(reviews, dict)
    assert set(reviews) == {SHELLING, DRONE, PROTEST}
    assert {r.state for r in reviews.values()} <= {"attached", "orphaned"}
    # same act, same type / same family: attached to the new event of that sentence
    for text in (SHELLING, DRONE):
        assert reviews[text].state == "attached"
        assert reviews[text].event_id == after[text][1].id
    assert reviews[DRONE].changes == {"fatalities": 0}
    # a protest read as a battle is not the act the analyst rejected: orphaned, kept
    assert reviews[PROTEST].state == "orphaned"
    assert reviews[PROTEST].event_id is None
    assert reviews[PROTEST].verdict == "rejected"
    view = {r.event.evidence.text: r for r in state["view"]}  # type: ignore[union-attr]
    assert view[DRONE].event.fatalities == 0  # the correction still applies
    assert view[PROTEST].review is None  # the new reading is up for review again

    listed = CliRunner().invoke(app, ["review", "list", "--json", "--db", db_url])
    assert listed.exit_code == 0, listed.output
    rows = {r["evidence"]: r for r in json.loads(listed.output)}
    assert {t: rows[t]["state"] for t in rows} == {
        SHELLING: "attached", DRONE: "attached", PROTEST: "orphaned"}  # fmt: skip

    # the rules read the protest again: the orphaned review re-attaches
    reextract(db_url, workers=0)
    again = _reviews(db_url)["reviews"]
    assert isinstance(again, dict)
    assert len(again) == 3
    assert again[PROTEST].state == "attached"
    engine = make_engine(db_url)
    with Session(engine) as session:
        actions = [e.action for e in audit_log(session)]
    engine.dispose()
    assert actions.count("review") == 3
    assert "orphan" in actions
    assert "reattach" in actions
