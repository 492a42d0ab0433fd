"""`truceline train --from-store`: a typing model learnt from the store's reviewed events
types the sentences analysts corrected as they corrected them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from serve_corpus import seed
from truceline.cli import app
from truceline.extract.typing_model import EventTypeModel, default_model
from truceline.store import EventFilter, make_engine, query_events
from truceline.store.review import ReviewRequest, set_review

runner = CliRunner()
# (fragment of a seeded sentence, the type an analyst gave it; None: verified as extracted)
REVIEWS = [
    ("shelled the town of Tartar", "Armed clash"),
    ("Fighting broke out near Hadrut", "Shelling/artillery/missile attack"),
    ("drones struck Stepanakert", None),
    ("marched in Sanaa", None),
]


def _review_store(url: str) -> dict[str, str]:
    """Review the seeded events; returns sentence -> the type the analyst settled on."""
    seed(url, build=False)
    engine = make_engine(url)
    settled = {}
    with Session(engine) as session:
        records = list(query_events(session, EventFilter()))
        for fragment, corrected in REVIEWS:
            r = next(x for x in records if fragment in x.event.evidence.text)
            if corrected is None:
                request = ReviewRequest(verdict="verified")
            else:
                request = ReviewRequest(verdict="corrected", changes={"sub_event_type": corrected})
            set_review(session, r.row_id, request, "ana")
            settled[r.event.evidence.text] = corrected or r.event.sub_event_type
        rejected = next(x for x in records if "denied" in x.event.evidence.text)
        set_review(session, rejected.row_id, ReviewRequest(verdict="rejected"), "ana")
    engine.dispose()
    return settled


@pytest.mark.parametrize("defaults", [[], ["--with-defaults"]])
def test_a_model_trained_from_reviews_types_sentences_as_corrected(
    sqlite_url: str, tmp_path: Path, defaults: list[str]
) -> None:
    settled = _review_store(sqlite_url)
    out = tmp_path / "model"
    result = runner.invoke(app, ["train", "--from-store", sqlite_url, "-o", str(out), *defaults])
    assert result.exit_code == 0, result.output
    model = EventTypeModel.load(out)
    assert model.provenance["reviewed_examples"] == 4
    predicted = dict(
        zip(settled, (label for label, _ in model.predict(list(settled))), strict=True)
    )
    assert predicted == settled
    # the baseline: the shipped model types both corrected sentences as extracted
    shipped = dict(zip(settled, (label for label, _ in default_model().predict(list(settled))),
                       strict=True))  # fmt: skip
    corrected = {t for fragment, c in REVIEWS if c for t in settled if fragment in t}
    assert all(shipped[t] != settled[t] for t in corrected)
    if not defaults:  # the rejected denial taught nothing
        assert "Denial" not in model.labels


def test_train_from_a_store_without_reviews_says_what_to_do(
    sqlite_url: str, tmp_path: Path
) -> None:
    seed(sqlite_url, build=False)
    result = runner.invoke(app, ["train", "--from-store", sqlite_url, "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "review some" in result.output


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"
