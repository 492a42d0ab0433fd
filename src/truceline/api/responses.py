"""JSON responses serialised straight from pydantic models, or from stored JSON.

Routes declare their `response_model` for the OpenAPI document but return
`json_response(model)`: the models are built from validated store data already, and
serialising them once (pydantic-core) is about twice as fast as FastAPI validating the
returned value against the response model again.

The busiest lists (events, incidents) go one step further with `raw_page`: the store
keeps each Event and Incident as the JSON of its validated model, so a page splices
those texts into the response as they are, with no parsing, validation or
serialising per row (tests check the result against the response model).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from fastapi import Response
from pydantic import BaseModel, TypeAdapter

JSON = "application/json"


def json_response(value: BaseModel, status_code: int = 200) -> Response:
    return Response(value.model_dump_json(by_alias=True), status_code=status_code, media_type=JSON)


def json_list_response(adapter: TypeAdapter, values: list) -> Response:  # type: ignore[type-arg]
    return Response(adapter.dump_json(values, by_alias=True), media_type=JSON)


def raw_page(items: Sequence[str], next_cursor: str | None, limit: int) -> Response:
    """A `Page` whose items are JSON texts already."""
    body = (
        '{"items":[' + ",".join(items) + '],"next_cursor":' + json.dumps(next_cursor)
        + ',"limit":' + str(int(limit)) + "}"
    )  # fmt: skip
    return Response(body, media_type=JSON)
