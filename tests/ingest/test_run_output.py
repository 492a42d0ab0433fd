"""`truceline ingest DIR` loads a `truceline run` output: stored as run, not re-extracted."""

import json

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from truceline.ingest import ingest
from truceline.scale import read_run_output, run
from truceline.store.engine import make_engine
from truceline.store.repository import load_document, stats

pytestmark = pytest.mark.slow

ARTICLES = [
    {
        "id": "r1",
        "published": "2024-03-04",
        "text": "Rebels shelled the town of Ganja on Monday, killing two civilians, the army said.",
    },
    {
        "id": "r2",
        "published": "2024-03-05",
        "text": "Hundreds of teachers protested in Yerevan on Tuesday over unpaid wages.",
    },
]


def test_ingest_reads_a_run_output_once_with_its_events(tmp_path):
    shard = tmp_path / "shard-1.jsonl"
    shard.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    out = tmp_path / "run"
    run([str(shard)], out, engine="local")
    documents = {d.article.id: d for d in read_run_output(out)}
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"

    first = ingest([str(out)], db, workers=0)
    again = ingest([str(out)], db, workers=0)

    assert (first.read, first.new, first.failed) == (2, 2, 0)
    assert first.events == sum(len(d.events) for d in documents.values())
    assert (again.new, again.duplicate) == (0, 2)
    engine = make_engine(db)
    with Session(engine) as session:
        assert stats(session).articles == 2
        stored = [load_document(session, a) for a in _article_ids(session)]
    assert sorted(len(d.events) for d in stored) == sorted(
        len(d.events) for d in documents.values()
    )
    engine.dispose()


def _article_ids(session):
    return [row[0] for row in session.execute(text("select id from articles"))]
