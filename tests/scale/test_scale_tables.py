"""Documents survive the trip through the four Parquet tables exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa
import pytest

from truceline.scale.manifest import ShardEntry, write_entry
from truceline.scale.output import (
    ShardWriter,
    iter_run_records,
    partition_path,
    read_run_articles,
    read_run_errors,
)
from truceline.scale.tables import SCHEMAS, TABLES, Record, arrow_type
from truceline.schemas import (
    Actor,
    ArticleMeta,
    Ceasefire,
    Document,
    ErrorDocument,
    Event,
    Evidence,
    Location,
    Quote,
)


def rich_document(article_id: str) -> Document:
    """Every kind of field: nested models, nulls, empty and full lists, floats, bools."""
    army = Actor(name="the army", country="MLI", kind="state_forces")
    rebels = Actor(name="rebels", kind="rebels")
    return Document(
        article=ArticleMeta(
            id=article_id,
            url="https://news.test/1",
            title="T",
            published="2021-03-04",
            language="en",
        ),
        events=[
            Event(
                id="e1",
                primary=True,
                event_type="Battles",
                sub_event_type="Armed clash",
                date="2021-03-01",
                date_precision="day",
                actor1=army,
                actor2=rebels,
                location=Location(
                    name="Kidal",
                    country="MLI",
                    admin1="Kidal",
                    latitude=18.44111,
                    longitude=1.40778,
                    precision="exact",
                ),
                fatalities=0,
                claimants=[Actor(name="the ministry", country="MLI", kind="government"), rebels],
                reporters=["Test Wire"],
                status="alleged",
                ceasefire_id="c1",
                violation=True,
                evidence=Evidence(text="Clashes broke out.", start=0, end=18),
                confidence=0.8125,
            ),
            Event(
                id="e2",
                event_type="Strategic developments",
                sub_event_type="Ceasefire",
                evidence=Evidence(text="A truce.", start=19, end=27),
            ),
        ],
        ceasefires=[
            Ceasefire(
                id="c1",
                parties=[army, rebels],
                effective="2021-02-28T00:00",
                evidence=Evidence(text="A truce.", start=19, end=27),
            ),
            Ceasefire(id="c2"),
        ],
        quotes=[Quote(speaker=rebels, text="We did not fire", start=30, end=45)],
    )


def write_shard(output: Path, key: str, docs: list[Document | ErrorDocument]) -> None:
    with ShardWriter(output, key, batch_size=2) as writer:
        for n, doc in enumerate(docs):
            text = f"Text of article {n}." if isinstance(doc, Document) else None
            writer.write(Record(n, f"in.jsonl:{n + 1}", doc, text))
    write_entry(
        output,
        ShardEntry(
            key=key,
            input=f"/data/{key}.jsonl",
            kind="jsonl",
            input_size=1,
            input_mtime_ns=1,
            input_sha256="0",
            extractor_version="x",
            files=writer.files,
            rows=writer.rows,
            articles=len(docs),
            failed=0,
            seconds=0.0,
            worker="test",
        ),
    )


def test_documents_are_reassembled_exactly_from_the_parquet_tables(tmp_path: Path) -> None:
    docs: list[Document | ErrorDocument] = [
        rich_document("a1"),
        Document(article=ArticleMeta(id="a2")),
        ErrorDocument(error="in.jsonl:3: is not JSON", article={"id": "in.jsonl:3"}),
        rich_document("a4"),
        rich_document("a1"),  # a repeated id stays two articles: rows are joined on position
    ]
    write_shard(tmp_path, "k", docs)

    back = [r.document for r in iter_run_records(tmp_path)]

    assert [d.to_contract() for d in back] == [d.to_contract() for d in docs]


def test_a_run_gives_back_each_article_as_read_with_its_document(tmp_path: Path) -> None:
    error = ErrorDocument(error="in.jsonl:2: is not JSON", article={"id": "in.jsonl:2"})
    write_shard(tmp_path, "k", [rich_document("a1"), error, rich_document("a3")])

    pairs = list(read_run_articles(tmp_path))

    assert [(a.id, a.text, a.url, a.published) for a, _ in pairs] == [
        ("a1", "Text of article 0.", "https://news.test/1", "2021-03-04"),
        ("a3", "Text of article 2.", "https://news.test/1", "2021-03-04"),
    ]
    assert [d.article.id for _, d in pairs] == ["a1", "a3"]
    assert [e.article["id"] for e in read_run_errors(tmp_path)] == ["in.jsonl:2"]


def test_error_rows_carry_the_message_and_zero_counts(tmp_path: Path) -> None:
    error = ErrorDocument(error='in.jsonl:1: has no "text"', article={"id": "x"})
    write_shard(tmp_path, "k", [error])

    articles = pd.read_parquet(tmp_path / "articles")

    assert articles.loc[0, "error"] == error.error
    assert articles.loc[0, ["n_events", "n_ceasefires", "n_quotes"]].tolist() == [0, 0, 0]


def test_parquet_partitions_read_as_one_table_with_a_shard_column(tmp_path: Path) -> None:
    write_shard(tmp_path, "first", [rich_document("a1")])
    write_shard(tmp_path, "second", [rich_document("b1"), rich_document("b2")])

    events = pd.read_parquet(tmp_path / "events")

    assert len(events) == 6
    assert sorted(events["shard"].astype(str).unique()) == ["first", "second"]
    assert events.iloc[0]["actor1"]["country"] == "MLI"  # nested models are struct columns


def test_every_table_has_a_file_even_when_it_has_no_rows(tmp_path: Path) -> None:
    write_shard(tmp_path, "k", [Document(article=ArticleMeta(id="a"))])

    for table in TABLES:
        assert (tmp_path / partition_path(table, "k")).is_file()


def test_arrow_types_follow_the_contract_models() -> None:
    event = SCHEMAS["events"]

    assert event.field("claimants").type == pa.list_(arrow_type(Actor))
    assert event.field("location").type.field("latitude").type == pa.float64()
    assert event.field("primary").type == pa.bool_()
    assert SCHEMAS["articles"].field("published").type == pa.string()


@pytest.mark.parametrize("annotation", [int | str, Literal[1, "a"], dict[str, int]])
def test_a_field_type_without_an_arrow_type_is_refused(annotation: object) -> None:
    with pytest.raises(TypeError, match="no Arrow type"):
        arrow_type(annotation)
