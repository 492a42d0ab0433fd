"""Contract documents as four Arrow tables (articles, events, ceasefires, quotes) and back.

Columns follow the pydantic models of `truceline.schemas`: a scalar field is a column,
a nested model (actor1, location, evidence) a struct column, a list of models
(claimants, parties) a list of structs. The Arrow types are derived from the models,
so an optional field added to the contract is carried without touching this module.
Every row carries `position` (the article's place in its shard, from 0) so a
document is reassembled exactly: same fields, same order of events within it.

    articles:   position, source, error, n_events, n_ceasefires, n_quotes, article_id, url,
                title, outlet, author, published, language, text (the article as read)
    events:     position, article_id, seq, <Event fields>
    ceasefires: position, article_id, seq, <Ceasefire fields>
    quotes:     position, article_id, seq, <Quote fields>
"""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from truceline.schemas import (
    ArticleInput,
    ArticleMeta,
    Ceasefire,
    Document,
    ErrorDocument,
    Event,
    Quote,
)

TABLES = ("articles", "events", "ceasefires", "quotes")
_LISTS: dict[str, type[BaseModel]] = {"events": Event, "ceasefires": Ceasefire, "quotes": Quote}
_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a pydantic field annotation (Optional, Literal, list, model)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return arrow_type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"no Arrow type for the union {annotation!r}")
        return arrow_type(args[0])
    if origin is typing.Literal:
        kinds = {type(v) for v in typing.get_args(annotation)}
        if len(kinds) != 1:
            raise TypeError(f"no Arrow type for the mixed literal {annotation!r}")
        return _SCALARS[kinds.pop()]
    if origin is list:
        return pa.list_(arrow_type(typing.get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(model_fields(annotation))
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no Arrow type for {annotation!r}")


def model_fields(model: type[BaseModel]) -> list[pa.Field]:
    """Arrow fields for a model's fields, named as in the contract JSON (aliases); a
    field the JSON leaves out (`exclude`: how an event was typed, whether its actor was
    told) is no column."""
    return [
        pa.field(info.alias or name, arrow_type(info.annotation))
        for name, info in model.model_fields.items()
        if not info.exclude
    ]


def _article_schema() -> pa.Schema:
    meta = [f for f in model_fields(ArticleMeta) if f.name != "id"]
    return pa.schema(
        [
            pa.field("position", pa.int64(), nullable=False),
            pa.field("source", pa.string()),
            pa.field("error", pa.string()),
            pa.field("n_events", pa.int64()),
            pa.field("n_ceasefires", pa.int64()),
            pa.field("n_quotes", pa.int64()),
            pa.field("article_id", pa.string(), nullable=False),
            *meta,
            pa.field("text", pa.string()),
        ]
    )


def _list_schema(model: type[BaseModel]) -> pa.Schema:
    return pa.schema(
        [
            pa.field("position", pa.int64(), nullable=False),
            pa.field("article_id", pa.string(), nullable=False),
            pa.field("seq", pa.int64(), nullable=False),
            *model_fields(model),
        ]
    )


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _article_schema(),
    **{table: _list_schema(model) for table, model in _LISTS.items()},
}


@dataclass(slots=True)
class Record:
    """One output of a shard: the document (or the error) at `position`, read from `source`,
    and the text it was extracted from (None for a record that could not be read)."""

    position: int
    source: str
    document: Document | ErrorDocument
    text: str | None = None

    def article(self) -> ArticleInput | None:
        """The article as it was read (what the store keeps), or None for an error."""
        if self.text is None or not isinstance(self.document, Document):
            return None
        meta = self.document.article
        return ArticleInput(
            id=meta.id,
            text=self.text,
            title=meta.title,
            url=meta.url,
            published=meta.published,
            outlet=meta.outlet,
            author=meta.author,
        )


def record_rows(record: Record) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one record."""
    doc = record.document
    base = {"position": record.position}
    if isinstance(doc, ErrorDocument):
        article_id = str(doc.article.get("id"))
        row = {
            **base,
            "source": record.source,
            "error": doc.error,
            **{f"n_{table}": 0 for table in _LISTS},
            "article_id": article_id,
        }
        return {"articles": [row], "events": [], "ceasefires": [], "quotes": []}
    data = doc.to_contract()
    meta = data["article"]
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {
                **base,
                "source": record.source,
                "error": None,
                **{f"n_{table}": len(data[table]) for table in _LISTS},
                "article_id": meta["id"],
                **{k: v for k, v in meta.items() if k != "id"},
                "text": record.text,
            }
        ]
    }
    for table in _LISTS:
        rows[table] = [
            {**base, "article_id": meta["id"], "seq": seq, **item}
            for seq, item in enumerate(data[table])
        ]
    return rows


def documents_from_rows(
    articles: Iterable[dict[str, Any]], lists: dict[str, Iterable[dict[str, Any]]]
) -> Iterator[Record]:
    """Reassemble records from the rows of one shard (as `pyarrow.Table.to_pylist` gives)."""
    by_position: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table, rows in lists.items():
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            grouped[row["position"]].append(row)
        by_position[table] = grouped
    for row in sorted(articles, key=lambda r: r["position"]):
        position = row["position"]
        if row["error"] is not None:
            doc: Document | ErrorDocument = ErrorDocument(
                error=row["error"], article={"id": row["article_id"]}
            )
            yield Record(position, row["source"], doc, row["text"])
            continue
        meta_names = [f.name for f in SCHEMAS["articles"] if f.name not in _ARTICLE_EXTRA]
        meta = {"id": row["article_id"], **{name: row[name] for name in meta_names}}
        data: dict[str, Any] = {"article": meta}
        for table in _LISTS:
            items = sorted(by_position[table].get(position, []), key=lambda r: r["seq"])
            data[table] = [{k: v for k, v in r.items() if k not in _LIST_EXTRA} for r in items]
        yield Record(position, row["source"], Document.model_validate(data), row["text"])


_ARTICLE_EXTRA = {
    "text",
    "position",
    "source",
    "error",
    "n_events",
    "n_ceasefires",
    "n_quotes",
    "article_id",
}
_LIST_EXTRA = {"position", "article_id", "seq"}
